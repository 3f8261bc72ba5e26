"""One reader for phone numbers (siccs.core.phones), used by every form, import and the SMS
webhook; one mask for the pages and the logs."""

import io
import logging

import pytest
from django.urls import reverse
from openpyxl import Workbook

from siccs.core import phones

SAME_MALIAN_NUMBER = [
    "76123456",
    "76 12 34 56",
    "76.12.34.56",
    "+223 76 12 34 56",
    "+22376123456",
    "0022376123456",
    "tel:+22376123456",
    "22376123456",  # a spreadsheet's number cell lost the "+"
]


@pytest.mark.parametrize("written", SAME_MALIAN_NUMBER)
def test_every_way_of_writing_a_malian_number_gives_one_number(written):
    assert phones.normalise_phone(written) == "+22376123456"


def test_it_accepts_landlines_and_international_numbers():
    assert phones.normalise_phone("20 22 00 00") == "+22320220000"
    assert phones.normalise_phone("+33 6 12 34 56 78") == "+33612345678"
    assert phones.normalise_phone("  ") == ""


@pytest.mark.parametrize(
    "written", ["12345678", "7612345", "+223 76", "abc", "76123456789012345678901", "+99912"]
)
def test_it_refuses_what_is_no_phone_number(written):
    with pytest.raises(phones.InvalidPhone):
        phones.normalise_phone(written)


def test_the_form_field_cleans_to_e164_and_says_when_it_is_not_a_number():
    field = phones.PhoneField(required=False)
    assert field.clean("76 12 34 56") == "+22376123456"
    assert field.clean("") == ""
    with pytest.raises(Exception, match=r"pas valide|not valid"):
        field.clean("12 34")


def test_it_masks_numbers_in_free_text_as_the_pages_do():
    text = "SMS de +22376123456 et de 66 55 44 33 le 2024-06-10 08:00 depuis 192.168.10.200"
    masked = phones.mask_phones_in_text(text)
    assert masked == (
        "SMS de +223 •• •• •• 56 et de +223 •• •• •• 33 le 2024-06-10 08:00 depuis 192.168.10.200"
    )


def test_the_log_filter_masks_messages_arguments_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(phones.PhoneMaskingFilter())
    logger = logging.getLogger("siccs.tests.phones")
    logger.addHandler(handler)
    try:
        logger.warning("a library quoting %s", {"from": "+22376123456"})
        try:
            raise ValueError("bad sender 0022366554433")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "76123456" not in output and "66554433" not in output
    assert output.count("+223 •• •• •• 56") == 1 and "+223 •• •• •• 33" in output


def test_members_and_partner_contacts_go_through_the_same_reader(
    client_for, mopti_focal_point, national_admin, mali, partner
):
    from siccs.committees.models import Membership
    from siccs.committees.tests.factories import CommitteeFactory
    from siccs.partners.models import PartnerContact

    committee = CommitteeFactory(unit=mali.bandiagara)
    member = {
        "full_name": "Oumou Sangaré",
        "sex": "F",
        "category": committee.level.expected_categories.get(code="women").pk,
        "function": "member",
        "active": "on",
    }
    url = reverse("committees:membership_add", args=[committee.pk])
    staff = client_for(mopti_focal_point)
    refused = staff.post(url, {**member, "phone": "12 34"})
    assert refused.status_code == 200 and "pas valide" in refused.text
    staff.post(url, {**member, "phone": "66 55 44 33"})
    assert Membership.objects.get().person.phone == "+22366554433"

    admin = client_for(national_admin)
    contact = {"name": "Claire Martin", "function": "RSS", "phone": "0022376123456"}
    admin.post(f"/partners/{partner.pk}/contacts/add/", contact)
    assert PartnerContact.objects.get().phone == "+22376123456"
    refused = admin.post(f"/partners/{partner.pk}/contacts/add/", {**contact, "phone": "abc"})
    assert "pas valide" in refused.text and PartnerContact.objects.count() == 1


def test_the_member_import_reads_phones_and_reports_a_bad_one_on_its_line(mopti_focal_point, mali):
    import datetime as dt

    from siccs.committees.imports import run_import
    from siccs.committees.models import Person
    from siccs.committees.tests.factories import CommitteeFactory, install

    install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))
    workbook = Workbook()
    for row in [
        ["region", "commune", "level", "full_name", "sex", "category", "phone"],
        ["Mopti", "Djenné", "communal", "Assitan Coulibaly", "F", "women", 22376123456],
        ["Mopti", "Djenné", "communal", "Modibo Kanté", "M", "fds", "76 12"],
    ]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run_import(user=mopti_focal_point, kind="members", data=buffer.getvalue(), apply=True)
    assert [line for line, _ in report.errors] == [3]
    assert "pas valide" in report.errors[0][1]
    assert not Person.objects.exists()  # all or nothing
    workbook.active.delete_rows(3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run_import(user=mopti_focal_point, kind="members", data=buffer.getvalue(), apply=True)
    assert report.written == 1 and Person.objects.get().phone == "+22376123456"
