"""The reporter's phone: encrypted, masked everywhere, revealed only with a reason, never exported."""

import pytest

from siccs.audit.models import AuditEntry
from siccs.citizens import services
from siccs.citizens.models import CitizenReport

pytestmark = pytest.mark.django_db

PHONE = "+22376543219"
DIGITS = ["76543219", "7654 3219", "76 54 32 19", "2237654"]


@pytest.fixture
def reports(ccs, mali):
    gao = services.report_submit(
        channel="web",
        description="Vol à Gao",
        category=ccs.theft,
        commune=mali.gao_commune,
        phone=PHONE,
    )
    bandiagara = services.report_submit(
        channel="sms",
        description="Vol à Bandiagara",
        category=ccs.theft,
        commune=mali.bandiagara,
        phone=PHONE,
    )
    services.report_answer(
        actor=None if False else _national(mali), report=bandiagara, answer="Réponse donnée."
    )
    return [gao, bandiagara]


def _national(mali):
    from conftest import persona
    from siccs.accounts.scoping import Role

    return persona("tri.national", Role.NATIONAL_ADMIN, mali.country)


def urls_for(report):
    return [
        "/signalements/",
        "/signalements/export.csv",
        "/signalements/sms/",
        f"/signalements/{report.pk}/",
        "/transparence/",
        "/suivi/?code=" + report.tracking_code,
        "/audit/",
    ]


def leaks(client, urls):
    found = []
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "ignore")
        found += [f"{url} ({response.status_code}): {d}" for d in DIGITS if d in text]
    return found


def test_no_page_or_export_shows_the_phone_to_those_who_must_not_see_it(
    client,
    client_for,
    reports,
    national_analyst,
    partner_viewer,
    mopti_focal_point,
    gao_secretary,
    sec_bandiagara,
):
    for user in (
        national_analyst,
        partner_viewer,
        mopti_focal_point,
        gao_secretary,
        sec_bandiagara,
    ):
        client.logout()
        for report in reports:
            assert leaks(client_for(user), urls_for(report)) == [], user.username
    client.logout()
    for report in reports:
        assert leaks(client, urls_for(report)) == []


def test_it_shows_the_phone_masked_to_the_triage_role(client_for, reports, gao_secretary):
    page = client_for(gao_secretary).get(f"/signalements/{reports[0].pk}/").text
    assert "+223 •• •• •• 19" in page


def test_out_of_scope_triage_gets_a_404(client_for, reports, mopti_focal_point):
    staff = client_for(mopti_focal_point)
    assert staff.get(f"/signalements/{reports[0].pk}/").status_code == 404
    response = staff.post(f"/signalements/{reports[0].pk}/telephone/", {"reason": "Vérifier"})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(verb="reveal_phone").exists()


def test_analysts_and_partners_cannot_open_a_report(
    client_for, reports, national_analyst, partner_viewer
):
    for user in (national_analyst, partner_viewer):
        assert client_for(user).get(f"/signalements/{reports[0].pk}/").status_code == 404
        assert client_for(user).get("/signalements/").status_code == 403
        assert client_for(user).get("/signalements/export.csv").status_code == 403


def test_revealing_the_phone_needs_a_reason_and_is_audited(client_for, reports, gao_secretary):
    staff = client_for(gao_secretary)
    url = f"/signalements/{reports[0].pk}/telephone/"
    refused = staff.post(url, {"reason": ""})
    assert PHONE not in refused.text
    response = staff.post(url, {"reason": "Rappeler le témoin pour localiser le lieu"})
    assert PHONE in response.text and "no-store" in response.headers["Cache-Control"]
    entry = AuditEntry.objects.get(verb="reveal_phone")
    assert entry.user == gao_secretary and entry.object_id == str(reports[0].pk)
    assert entry.reason == "Rappeler le témoin pour localiser le lieu"
    assert PHONE not in str(entry.changes)


def test_the_export_has_no_phone_column(client_for, reports, gao_secretary):
    response = client_for(gao_secretary).get("/signalements/export.csv")
    text = response.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert "Code de suivi" in header and "éléphone" not in header
    assert reports[0].tracking_code in text


def test_the_audit_trail_redacts_phone_and_description(reports):
    entry = AuditEntry.objects.filter(model="citizens.citizenreport", verb="create").first()
    assert entry.changes["reporter_phone"][1] == "•••"
    assert entry.changes["description"][1] == "•••"
    assert CitizenReport.objects.count() == 2
