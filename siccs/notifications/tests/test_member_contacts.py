"""A committee secretary sets, from the committee's members, each member's language of
messages, e-mail and refusal of SMS; the convocations follow it; the change is audited
without the address; an outsider gets a 404 and cannot change anything."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from siccs.audit.models import AuditEntry
from siccs.citizens.models import OutboundSms
from siccs.notifications import services
from siccs.notifications.models import Delivery, DeliveryState, MemberContact

pytestmark = pytest.mark.django_db


def url(committee):
    return f"/notifications/committee/{committee.pk}/contacts/"


def form_data(members, changes=None):
    """The page's form as posted: every member's row, defaults unless changed."""
    changes = changes or {}
    data = {}
    for m in members:
        row = {"language": "fr", "email": "", **changes.get(m.pk, {})}
        data[f"m{m.pk}-language"] = row["language"]
        data[f"m{m.pk}-email"] = row["email"]
        if row.get("sms_opt_out"):
            data[f"m{m.pk}-sms_opt_out"] = "on"
    return data


def test_it_is_reached_from_the_members_and_shows_phones_masked(client_for, gao_secretary, gao_ccs):
    client = client_for(gao_secretary)
    detail = client.get(f"/committees/{gao_ccs.committee.pk}/").content.decode()
    assert url(gao_ccs.committee) in detail and "Préférences de messages" in detail
    page = client.get(url(gao_ccs.committee)).content.decode()
    assert "Fatoumata Maïga" in page and "Bamanankan" in page
    assert "+223 •• •• •• 01" in page and "+22376000001" not in page


def test_the_secretary_sets_language_email_and_no_sms_and_convocations_follow(
    client_for, gao_secretary, gao_ccs
):
    first, second, third = gao_ccs.members
    client = client_for(gao_secretary)
    response = client.post(
        url(gao_ccs.committee),
        form_data(
            gao_ccs.members,
            {
                first.pk: {"language": "bm"},
                second.pk: {"email": "baba@example.ml", "sms_opt_out": True},
            },
        ),
    )
    assert response.status_code == 302
    contacts = {c.person_id: c for c in MemberContact.objects.all()}
    assert contacts[first.person_id].language == "bm"
    assert (contacts[second.person_id].email, contacts[second.person_id].sms_opt_out) == (
        "baba@example.ml",
        True,
    )
    # The third kept the defaults: nothing recorded for them.
    assert third.person_id not in contacts
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate() + dt.timedelta(days=3),
        place="Mairie",
    )
    services.convocations_send(user=gao_secretary, planned=planned)
    texts = {o.to_phone: o.text for o in OutboundSms.objects.all()}
    assert "Jaabi AWO walima AYI" in texts["+22376000001"]
    assert "+22376000002" not in texts
    assert Delivery.objects.get(recipient="Baba Sidibé", channel="sms").state == (
        DeliveryState.OPTED_OUT
    )
    assert Delivery.objects.get(recipient="Baba Sidibé", channel="email").to_masked == (
        "b•••@example.ml"
    )
    # The page shows what was saved.
    page = client.get(url(gao_ccs.committee)).content.decode()
    assert 'value="baba@example.ml"' in page


def test_each_change_is_audited_on_the_membership_without_the_address(
    client_for, gao_secretary, gao_ccs
):
    _first, second, _third = gao_ccs.members
    client = client_for(gao_secretary)
    changes = {second.pk: {"email": "baba@example.ml"}}
    client.post(url(gao_ccs.committee), form_data(gao_ccs.members, changes))
    # Saving the page again unchanged writes no entry.
    client.post(url(gao_ccs.committee), form_data(gao_ccs.members, changes))
    entries = AuditEntry.objects.filter(reason="message preferences")
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.model, entry.object_id) == ("committees.membership", str(second.pk))
    assert entry.unit_id == gao_ccs.committee.unit_id
    assert "baba@example.ml" not in str(entry.changes)
    assert entry.changes["email"] == ["", "•••"]


def test_a_wrong_email_saves_nothing(client_for, gao_secretary, gao_ccs):
    first, second, _third = gao_ccs.members
    client = client_for(gao_secretary)
    response = client.post(
        url(gao_ccs.committee),
        form_data(
            gao_ccs.members,
            {first.pk: {"language": "bm"}, second.pk: {"email": "pas une adresse"}},
        ),
    )
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    assert not MemberContact.objects.exists()


def test_a_member_seated_after_the_page_was_opened_is_left_as_is(
    client_for, gao_secretary, gao_ccs
):
    first, second, third = gao_ccs.members
    MemberContact.objects.create(person=third.person, language="bm", sms_opt_out=True)
    client = client_for(gao_secretary)
    # The page was opened before the third member sat: the form has no row for them.
    response = client.post(
        url(gao_ccs.committee), form_data([first, second], {first.pk: {"language": "bm"}})
    )
    assert response.status_code == 302
    contacts = {c.person_id: (c.language, c.sms_opt_out) for c in MemberContact.objects.all()}
    assert contacts == {first.person_id: ("bm", False), third.person_id: ("bm", True)}


def test_the_outsider_gets_a_404_and_changes_nothing(
    client_for, mopti_focal_point, partner_viewer, gao_ccs
):
    first = gao_ccs.members[0]
    for user in (mopti_focal_point, partner_viewer):
        client = client_for(user)
        assert client.get(url(gao_ccs.committee)).status_code == 404
        response = client.post(
            url(gao_ccs.committee), form_data(gao_ccs.members, {first.pk: {"language": "bm"}})
        )
        assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.member_contact_set(
            user=mopti_focal_point, membership=first, language="bm", email="", sms_opt_out=True
        )
    assert not MemberContact.objects.exists()


def test_the_page_reads_contacts_in_a_few_queries(
    client_for, gao_secretary, gao_ccs, django_assert_max_num_queries
):
    from siccs.committees.tests.factories import MembershipFactory, PersonFactory

    for n in range(10):
        MembershipFactory(
            committee=gao_ccs.committee, person=PersonFactory(phone=f"+2237610000{n}")
        )
    client = client_for(gao_secretary)
    with django_assert_max_num_queries(16):
        assert client.get(url(gao_ccs.committee)).status_code == 200
