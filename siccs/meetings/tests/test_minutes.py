"""The minutes (PV): a printable page and a real PDF from the same template, in French,
with member names only for users allowed to see personal data."""

import datetime as dt
import re

import pytest

from siccs.meetings import services
from siccs.meetings.models import Addressee

from .pdf_text import pdf_text as raw_pdf_text


def pdf_text(data: bytes) -> str:
    # Line breaks of the layout drop spaces: compare texts without any.
    return re.sub(r"\s+", "", raw_pdf_text(data))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


pytestmark = pytest.mark.django_db
HELD_ON = dt.date(2021, 11, 17)


@pytest.fixture
def session(committee, members, record, concern, gao_secretary):
    presences = dict.fromkeys(members, "present") | {members[2]: "absent"}
    session = record(
        committee,
        HELD_ON,
        presences,
        place="Salle de conférence du gouvernorat",
        agenda="Diagnostic local de sécurité",
        chair="Hamadou Touré, maire",
    )
    services.recommendation_adopt(
        user=gao_secretary,
        session=session,
        text="Organiser des patrouilles conjointes les jours de foire",
        addressee=Addressee.objects.get(name="Garde nationale"),
        concerns=[concern(title="Vols au marché de bétail", code="markets")],
        responsible="Lieutenant Ibrahim Diallo",
        due_on=dt.date(2021, 12, 31),
    )
    return session


def test_it_shows_a_printable_page_with_attendance_concerns_and_recommendations(
    session, client_for, gao_secretary
):
    page = client_for(gao_secretary).get(f"/sessions/{session.pk}/pv/").content.decode()
    assert "Procès-verbal" in page
    assert "Salle de conférence du gouvernorat" in page
    assert "5 présents sur 6 membres actifs" in page
    assert "Vols au marché de bétail" in page
    assert "Organiser des patrouilles conjointes" in page
    assert "Garde nationale" in page
    assert "Fatoumata Maïga" in page and "Lieutenant Ibrahim Diallo" in page


def test_it_renders_a_real_pdf_with_the_names_for_the_secretary(session, client_for, gao_secretary):
    response = client_for(gao_secretary).get(f"/sessions/{session.pk}/pv.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "PROCÈS-VERBAL" in text
    assert squash("Fatoumata Maïga") in text
    assert squash("Organiser des patrouilles conjointes") in text


@pytest.mark.parametrize("viewer", ["national_analyst", "partner_viewer"])
def test_it_gives_a_names_free_pv_to_analysts_and_partners(session, client_for, viewer, request):
    from siccs.partners.models import Partner
    from siccs.rollout.models import StepRecord

    user = request.getfixturevalue(viewer)
    # The partner supports this committee's setting-up, so it may read its sessions.
    StepRecord.objects.filter(committee=session.committee).update(partner=Partner.objects.first())
    client = client_for(user)
    page = client.get(f"/sessions/{session.pk}/pv/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Organiser des patrouilles conjointes" in html
    for name in ("Fatoumata Maïga", "Hamadou Touré", "Lieutenant Ibrahim Diallo"):
        assert name not in html
    pdf = client.get(f"/sessions/{session.pk}/pv.pdf")
    assert pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert squash("Organiser des patrouilles conjointes") in text
    for name in ("Fatoumata Maïga", "Hamadou Touré", "Lieutenant Ibrahim Diallo"):
        assert squash(name) not in text


def test_it_hides_the_pv_of_another_region(session, client_for, mopti_focal_point):
    client = client_for(mopti_focal_point)
    assert client.get(f"/sessions/{session.pk}/pv/").status_code == 404
    assert client.get(f"/sessions/{session.pk}/pv.pdf").status_code == 404


def test_it_writes_the_pv_in_french_for_a_reader_who_chose_english(
    session, client_for, gao_secretary, settings
):
    client = client_for(gao_secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Attendance" in client.get(f"/sessions/{session.pk}/").content.decode()
    page = client.get(f"/sessions/{session.pk}/pv/").content.decode()
    assert "Procès-verbal" in page
    assert "5 présents sur 6 membres actifs" in page
    assert "Minutes" not in page


def test_it_writes_1er_and_french_spacing_in_the_pv_and_its_pdf(
    committee, members, record, client_for, gao_secretary
):
    session = record(
        committee, dt.date(2021, 12, 1), dict.fromkeys(members, "present"), place="Mairie"
    )
    client = client_for(gao_secretary)
    page = client.get(f"/sessions/{session.pk}/pv/").content.decode()
    assert "Le 1er décembre 2021" in page and "du 1er décembre 2021" in page
    assert "Le 1 décembre" not in page
    assert "Taux de présence\u00a0:" in page
    assert "Taux de présence:" not in page and "Taux de présence :" not in page
    assert re.search(r"[^\s\u00a0\u202f>][:;?!](\s|<)", re.sub(r"<[^>]*>", "", page)) is None
    assert "1er décembre 2021" in client.get(f"/sessions/{session.pk}/").content.decode()
    assert squash("1er décembre 2021") in pdf_text(
        client.get(f"/sessions/{session.pk}/pv.pdf").content
    )


def test_the_session_page_keeps_english_dates_in_english(
    committee, members, record, client_for, gao_secretary, settings
):
    session = record(committee, dt.date(2021, 12, 1), dict.fromkeys(members, "present"))
    client = client_for(gao_secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "1 December 2021" in page and "1er" not in page
    assert "Attendance rate:" in page
