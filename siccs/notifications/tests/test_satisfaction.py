"""After a report is answered the citizen is asked once whether the answer helped; their
"2" by SMS changes the satisfaction figure of the commune and quarter on the dashboard and
the counts on the transparency page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from siccs.citizens import services as citizens_services
from siccs.citizens.models import CitizenReport
from siccs.citizens.tests.factories import GATEWAY_SECRET, gateway
from siccs.notifications import services
from siccs.notifications.models import Delivery, Purpose, Reply, SatisfactionQuestion

pytestmark = pytest.mark.django_db

HEADERS = {"X-Siccs-Secret": GATEWAY_SECRET}


def sms(client, gw, sender, text, message_id):
    return client.post(
        f"/sms/{gw.pk}/",
        {"from": sender, "message": text, "message_id": message_id},
        headers=HEADERS,
    )


def _quarter() -> str:
    today = timezone.localdate()
    return f"T{(today.month - 1) // 3 + 1} {today.year}"  # as French writes a quarter


def _satisfaction_row(page: str, commune: str) -> str:
    section = page[page.index('id="satisfaction"') :]
    row = re.search(rf"<tr><td[^>]*>{_quarter()}</td><td[^>]*>{commune}</td>(.*?)</tr>", section)
    return row.group(1) if row else ""


def test_a_citizen_answers_2_and_the_figures_change(client, client_for, mali, gao_secretary):
    from siccs.committees.tests.factories import CommitteeFactory

    CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao")
    gw = gateway()
    assert (
        sms(client, gw, "+22366554433", "CCS Gao Des voleurs de bétail la nuit", "r1").json()[
            "status"
        ]
        == "accepted"
    )
    report = CitizenReport.objects.get()
    citizens_services.report_answer(
        actor=gao_secretary, report=report, answer="La gendarmerie patrouille la nuit."
    )
    # The worker's job asks the question, once however often it runs.
    assert services.satisfaction_questions_ask() == 1
    assert services.satisfaction_questions_ask() == 0
    asked = Delivery.objects.get(purpose=Purpose.SATISFACTION)
    assert report.tracking_code in asked.text and "1 OUI ou 2 NON" in asked.text
    assert asked.to_masked == "+223 •• •• •• 33"

    dashboard = client_for(gao_secretary).get("/dashboard/").content.decode()
    assert _satisfaction_row(dashboard, "Gao") == ""

    reply = sms(client, gw, "+22366554433", "2", "r2").json()
    assert reply["status"] == "reply" and reply["recorded"] == "satisfaction"
    assert CitizenReport.objects.count() == 1  # the "2" is no new report
    assert SatisfactionQuestion.objects.get().answer == Reply.NO

    dashboard = client_for(gao_secretary).get("/dashboard/").content.decode()
    row = _satisfaction_row(dashboard, "Gao")
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    assert cells[0].startswith("0") and cells[1] == "1"
    client.logout()
    public = client.get("/transparence/").content.decode()
    assert re.search(r'id="unsatisfied-count">1<', public)
    assert re.search(r'id="satisfied-count">0<', public)
    # A second answer changes nothing: the question is asked and answered once.
    sms(client, gw, "+22366554433", "1", "r3")
    assert SatisfactionQuestion.objects.get().answer == Reply.NO


def test_a_web_report_is_asked_on_its_tracking_page_not_by_sms(mali, gao_secretary):
    from siccs.citizens.tests.factories import CitizenReportFactory

    report = CitizenReportFactory(commune=mali.gao_commune, reporter_phone="")
    report.answered_at = timezone.now()
    report.save()
    assert services.satisfaction_questions_ask() == 1
    question = SatisfactionQuestion.objects.get()
    assert question.channel == "page" and not Delivery.objects.exists()


def test_old_answers_are_not_asked_about(mali):
    from siccs.citizens.tests.factories import CitizenReportFactory

    report = CitizenReportFactory(commune=mali.gao_commune)
    report.answered_at = timezone.now() - dt.timedelta(days=60)
    report.save()
    assert services.satisfaction_questions_ask() == 0


def test_a_web_reporter_answers_on_the_tracking_page(client, client_for, mali, gao_secretary):
    from siccs.citizens.tests.factories import CitizenReportFactory

    report = CitizenReportFactory(commune=mali.gao_commune, answer_text="Patrouilles prévues.")
    report.answered_at = timezone.now()
    report.save()
    services.satisfaction_questions_ask()
    page = client.get(f"/suivi/?code={report.tracking_code}").content.decode()
    assert "Cette réponse vous a-t-elle aidé ?" in page
    response = client.post(
        "/notifications/satisfaction/", {"code": report.tracking_code, "answer": "yes"}
    )
    assert response.status_code == 302
    assert SatisfactionQuestion.objects.get().answer == Reply.YES
    page = client.get(f"/suivi/?code={report.tracking_code}").content.decode()
    assert "Cette réponse vous a-t-elle aidé ?" not in page
    # Another answer for the same code changes nothing.
    client.post("/notifications/satisfaction/", {"code": report.tracking_code, "answer": "no"})
    assert SatisfactionQuestion.objects.get().answer == Reply.YES
