"""Retention: national administrators delete reports' personal data, concerns stay."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from siccs.citizens import services
from siccs.citizens.models import CitizenReport, OutboundSms
from siccs.meetings.models import Concern

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_report(ccs, mali, settings):
    settings.REPORT_RETENTION_DAYS = 30
    report = services.report_submit(
        channel="web",
        description="Mon voisin Bakary a vu les voleurs",
        category=ccs.theft,
        commune=mali.bandiagara,
        phone="76000009",
        place_detail="chez Bakary",
        received_at=timezone.now() - dt.timedelta(days=40),
    )
    return report


def test_the_command_purges_personal_data_and_keeps_the_concern(old_report, ccs, mali):
    recent = services.report_submit(
        channel="web", description="Récent", category=ccs.theft, commune=mali.bandiagara
    )
    call_command("purge_reports")
    old_report.refresh_from_db()
    assert old_report.anonymised and old_report.reporter_phone == ""
    assert old_report.phone_index == "" and old_report.place_detail == ""
    assert old_report.description == "[supprimé]"
    assert Concern.objects.filter(pk=old_report.concern_id).exists()
    assert OutboundSms.objects.get(report=old_report).to_phone == ""
    recent.refresh_from_db()
    assert not recent.anonymised


def test_national_admins_purge_from_the_page(client_for, old_report, national_admin):
    staff = client_for(national_admin)
    assert "1 signalement a dépassé" in staff.get("/signalements/purge/").text
    staff.post("/signalements/purge/")
    assert CitizenReport.objects.get().anonymised


def test_others_cannot_purge(client_for, old_report, mopti_focal_point, sec_bandiagara):
    assert client_for(mopti_focal_point).get("/signalements/purge/").status_code == 403
    client_for(sec_bandiagara).post(f"/signalements/{old_report.pk}/purger/")
    old_report.refresh_from_db()
    assert not old_report.anonymised


def test_it_refuses_to_purge_a_report_within_retention(ccs, mali, national_admin):
    report = services.report_submit(
        channel="web", description="Récent", category=ccs.theft, commune=mali.bandiagara
    )
    with pytest.raises(services.DomainError):
        services.report_purge(actor=national_admin, report=report)
