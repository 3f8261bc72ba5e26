"""A concern answered in the meetings app asks the citizen behind it, once: a citizen
report becomes a concern of its commune's committee, and when the committee records the
concern as answered (in a session, without writing the public answer) the reporter is
asked whether the answer helped, as after a public answer. Concerns no citizen stands
behind (raised in a session, by a field form, by a partner) ask nobody."""

import pytest

from siccs.citizens import services as citizens_services
from siccs.citizens.models import Channel as ReportChannel
from siccs.meetings import services as meetings_services
from siccs.meetings.models import Concern, ConcernCategory, ConcernSource, ConcernStatus
from siccs.notifications import services
from siccs.notifications.models import Channel, Delivery, Purpose, Reply, SatisfactionQuestion

pytestmark = pytest.mark.django_db


def _category():
    return ConcernCategory.objects.filter(active=True).order_by("pk").first()


def _report(mali, phone="+22366554433", channel=ReportChannel.SMS):
    report = citizens_services.report_submit(
        channel=channel,
        description="Des voleurs de bétail passent la nuit près du puits.",
        category=_category(),
        commune=mali.gao_commune,
        phone=phone,
    )
    assert report.concern is not None  # routed to the committee of Gao
    return report


def test_a_concern_answered_in_session_asks_its_reporter_once_by_sms(mali, gao_ccs, gao_secretary):
    report = _report(mali)
    assert services.satisfaction_questions_ask() == 0  # nothing answered yet
    meetings_services.concern_set_status(
        user=gao_secretary, concern=report.concern, status=ConcernStatus.ANSWERED
    )
    assert services.satisfaction_questions_ask() == 1
    assert services.satisfaction_questions_ask() == 0
    question = SatisfactionQuestion.objects.get(report=report)
    assert question.channel == Channel.SMS and question.commune == mali.gao_commune
    asked = Delivery.objects.get(purpose=Purpose.SATISFACTION)
    assert report.tracking_code in asked.text and asked.to_masked == "+223 •• •• •• 33"

    # The public answer written afterwards asks nothing more: once per report.
    citizens_services.report_answer(
        actor=gao_secretary, report=report, answer="La gendarmerie patrouille la nuit."
    )
    assert services.satisfaction_questions_ask() == 0
    assert Delivery.objects.filter(purpose=Purpose.SATISFACTION).count() == 1

    # The citizen's "1" counts in the figures like any other answer.
    assert services.sms_reply_receive(sender="+22366554433", text="1") == "satisfaction"
    assert SatisfactionQuestion.objects.get().answer == Reply.YES


def test_a_web_reporter_is_asked_on_the_tracking_page(client, mali, gao_ccs, gao_secretary):
    report = _report(mali, phone="", channel=ReportChannel.WEB)
    meetings_services.concern_set_status(
        user=gao_secretary, concern=report.concern, status=ConcernStatus.ANSWERED
    )
    assert services.satisfaction_questions_ask() == 1
    assert SatisfactionQuestion.objects.get().channel == Channel.PAGE
    assert not Delivery.objects.filter(purpose=Purpose.SATISFACTION).exists()
    page = client.get(f"/suivi/?code={report.tracking_code}").content.decode()
    assert "Cette réponse vous a-t-elle aidé ?" in page
    # Answered in session, without a written answer: the page says so, and when, rather
    # than "no answer yet" beside the status "answered".
    day = Concern.objects.get(pk=report.concern_id).answered_on
    assert f"Le comité a répondu à votre préoccupation en session le {day:%d/%m/%Y}." in page
    assert "Pas encore de réponse." not in page
    # Once the public answer is written, it is what the page shows.
    citizens_services.report_answer(
        actor=gao_secretary, report=report, answer="La gendarmerie patrouille la nuit."
    )
    page = client.get(f"/suivi/?code={report.tracking_code}").content.decode()
    assert "La gendarmerie patrouille la nuit." in page and "en session le" not in page


def test_the_reporter_of_a_merged_duplicate_is_asked_when_the_concern_is_answered(
    mali, gao_ccs, gao_secretary, national_admin
):
    first = _report(mali)
    second = _report(mali, phone="+22366554400")
    meetings_services.concern_merge_duplicate(
        user=national_admin, concern=second.concern, into=first.concern
    )
    meetings_services.concern_set_status(
        user=gao_secretary, concern=first.concern, status=ConcernStatus.ANSWERED
    )
    assert services.satisfaction_questions_ask() == 2
    assert set(SatisfactionQuestion.objects.values_list("report_id", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_a_concern_closed_without_an_answer_asks_nobody(mali, gao_ccs, gao_secretary):
    report = _report(mali)
    meetings_services.concern_set_status(
        user=gao_secretary, concern=report.concern, status=ConcernStatus.CLOSED
    )
    assert services.satisfaction_questions_ask() == 0


def test_a_concern_raised_in_session_reaches_no_citizen_and_asks_nobody(
    mali, gao_ccs, gao_secretary
):
    concern = meetings_services.concern_register(
        user=gao_secretary,
        committee=gao_ccs.committee,
        category=_category(),
        title="Vols de bétail",
        source=ConcernSource.SESSION,
    )
    meetings_services.concern_set_status(
        user=gao_secretary, concern=concern, status=ConcernStatus.ANSWERED
    )
    assert services.satisfaction_questions_ask() == 0
    assert not SatisfactionQuestion.objects.exists()
