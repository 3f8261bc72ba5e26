"""Triage: reports become concerns in the right queue, each step dated, answers go back."""

import datetime as dt

import pytest
from django.utils import timezone

from siccs.citizens import services
from siccs.citizens.models import CitizenReport, OutboundSms, SmsState
from siccs.citizens.tests.factories import CitizenReportFactory
from siccs.meetings.models import ConcernStatus, ConcernStatusChange

pytestmark = pytest.mark.django_db


def post(client, report, action, **data):
    return client.post(f"/signalements/{report.pk}/", {"action": action, **data})


def test_it_takes_a_report_from_the_public_page_to_an_answer_by_sms(
    client, client_for, ccs, mali, sec_bandiagara, capsys
):
    client.post(
        "/signaler/",
        {
            "category": ccs.theft.pk,
            "commune_name": "Bandiagara",
            "description": "Des voleurs de bétail passent la nuit près de Dourou.",
            "phone": "76 11 22 33",
        },
    )
    report = CitizenReport.objects.get()
    code = report.tracking_code
    staff = client_for(sec_bandiagara)
    assert code in staff.get("/signalements/").text
    post(
        staff,
        report,
        "qualify",
        category=ccs.theft.pk,
        commune=mali.bandiagara.pk,
        summary="Vols de bétail nocturnes signalés vers Dourou.",
    )
    post(staff, report, "forward", to="agenda", note="session ordinaire de juillet")
    response = post(staff, report, "answer", answer="Des patrouilles de nuit sont organisées.")
    assert response.status_code == 302

    report.refresh_from_db()
    statuses = list(
        ConcernStatusChange.objects.filter(concern=report.concern).values_list("status", flat=True)
    )
    assert statuses == ["received", "qualified", "forwarded", "answered"]
    assert report.concern.description == "Vols de bétail nocturnes signalés vers Dourou."
    page = client.get("/suivi/", {"code": code}).text
    assert "répondu" in page and "Des patrouilles de nuit sont organisées." in page
    answer_sms = OutboundSms.objects.filter(report=report).order_by("pk").last()
    assert answer_sms.state == SmsState.SENT
    assert (
        answer_sms.text
        == f"CCS, reponse a votre signalement {code} : Des patrouilles de nuit sont organisées."
    )
    assert (
        f"SMS to +223 •• •• •• 33: CCS, reponse a votre signalement {code}"
        in capsys.readouterr().out
    )


def test_it_writes_the_answer_only_once(client_for, ccs, mali, sec_bandiagara):
    report = CitizenReportFactory(commune=mali.bandiagara, category=ccs.theft)
    services.report_answer(actor=sec_bandiagara, report=report, answer="Première réponse.")
    with pytest.raises(services.DomainError):
        services.report_answer(actor=sec_bandiagara, report=report, answer="Deuxième.")


def test_it_routes_to_the_region_when_the_commune_has_no_committee(client, ccs, mali):
    services.report_submit(
        channel="web", description="Vol", category=ccs.theft, commune=mali.gao_commune
    )
    report = CitizenReport.objects.get()
    assert report.concern.committee == ccs.gao_region


def test_it_keeps_reports_without_commune_for_national_roles(
    client_for, ccs, mali, national_admin, mopti_focal_point
):
    report = services.report_submit(channel="sms", description="Coupeurs de route")
    assert report.tracking_code in client_for(national_admin).get("/signalements/").text
    assert report.tracking_code not in client_for(mopti_focal_point).get("/signalements/").text
    assert client_for(mopti_focal_point).get(f"/signalements/{report.pk}/").status_code == 404


def test_it_lets_the_national_triage_route_an_unrouted_sms(client_for, ccs, mali, national_admin):
    report = services.report_submit(channel="sms", description="Vols à Bandiagara")
    post(
        client_for(national_admin),
        report,
        "qualify",
        category=ccs.banditry.pk,
        commune=mali.bandiagara.pk,
        summary="Vols signalés",
    )
    report.refresh_from_db()
    assert report.concern.committee == ccs.bandiagara
    statuses = [c.status for c in report.concern.status_changes.all()]
    assert statuses == ["received", "qualified"]
    assert report.concern.status_changes.first().at == report.received_at


def test_it_forbids_moving_a_report_out_of_ones_scope(client_for, ccs, mali, sec_bandiagara):
    report = CitizenReportFactory(commune=mali.bandiagara, category=ccs.theft)
    post(
        client_for(sec_bandiagara),
        report,
        "qualify",
        category=ccs.theft.pk,
        commune=mali.gao_commune.pk,
    )
    report.refresh_from_db()
    assert report.commune == mali.bandiagara


def test_it_highlights_overdue_steps(client_for, ccs, mali, sec_bandiagara, settings):
    settings.CITIZEN_STEP_DAYS = {"received": 3}
    old = services.report_submit(
        channel="web",
        description="Ancien",
        category=ccs.theft,
        commune=mali.bandiagara,
        received_at=timezone.now() - dt.timedelta(days=5),
    )
    services.report_submit(
        channel="web", description="Récent", category=ccs.theft, commune=mali.bandiagara
    )
    page = client_for(sec_bandiagara).get("/signalements/", {"overdue": "1"}).text
    assert old.tracking_code in page and page.count('class="overdue"') == 1
    assert page.count("badge overdue") == 1


def test_it_warns_when_an_answer_names_someone(client_for, ccs, mali, sec_bandiagara):
    report = CitizenReportFactory(commune=mali.bandiagara, category=ccs.theft)
    staff = client_for(sec_bandiagara)
    response = post(staff, report, "answer", answer="Le suspect Moussa Traoré a été interpellé.")
    assert response.status_code == 200 and "nom d'une personne" in response.text
    response = post(staff, report, "answer", answer="Appelez le 76 12 34 56.")
    assert "numéro de téléphone" in response.text
    report.refresh_from_db()
    assert report.answer_text == ""
    post(staff, report, "answer", answer="Le suspect Moussa Traoré a été interpellé.", confirm="on")
    report.refresh_from_db()
    assert report.answered_at is not None  # a warning, not a block


def test_it_merges_a_duplicate_and_answers_both_reporters(client_for, ccs, mali, sec_bandiagara):
    first = services.report_submit(
        channel="web",
        description="Vol",
        category=ccs.theft,
        commune=mali.bandiagara,
        phone="76000001",
    )
    second = services.report_submit(
        channel="web",
        description="Même vol",
        category=ccs.theft,
        commune=mali.bandiagara,
        phone="76000002",
    )
    staff = client_for(sec_bandiagara)
    post(
        staff,
        second,
        "qualify",
        category=ccs.theft.pk,
        commune=mali.bandiagara.pk,
        duplicate_of=first.tracking_code.lower(),
    )
    second.refresh_from_db()
    assert second.concern.duplicate_of == first.concern
    assert second.concern.status == ConcernStatus.CLOSED
    services.report_answer(actor=sec_bandiagara, report=first, answer="Enquête ouverte.")
    second.refresh_from_db()
    assert second.answer_text == "Enquête ouverte."
    assert OutboundSms.objects.filter(text__contains="Enquête ouverte.").count() == 2


def test_it_lists_reports_in_a_fixed_number_of_queries(
    client_for, ccs, mali, sec_bandiagara, django_assert_max_num_queries
):
    for n in range(12):
        services.report_submit(
            channel="web", description=f"Vol {n}", category=ccs.theft, commune=mali.bandiagara
        )
    staff = client_for(sec_bandiagara)
    with django_assert_max_num_queries(8):
        assert staff.get("/signalements/").status_code == 200


def test_it_closes_a_concern(client_for, ccs, mali, sec_bandiagara):
    report = services.report_submit(
        channel="web", description="Vol", category=ccs.theft, commune=mali.bandiagara
    )
    post(client_for(sec_bandiagara), report, "close", note="Réglé à l'amiable")
    report.refresh_from_db()
    assert report.concern.status == ConcernStatus.CLOSED
