"""Recording a session: attendance of every active member, guests, validation, scope, audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from siccs.audit.models import AuditEntry
from siccs.committees.models import WorkingCommission
from siccs.committees.tests.factories import category
from siccs.core.errors import DomainError
from siccs.meetings import services
from siccs.meetings.models import Attendance, GuestAttendance, Session

pytestmark = pytest.mark.django_db
HELD_ON = dt.date(2021, 7, 1)


def test_it_records_attendance_guests_and_an_audit_entry(committee, members, record):
    guests = [
        services.GuestCount(category=category("youth"), women=2, men=1),
        services.GuestCount(category=category("youth"), women=1),
        services.GuestCount(category=category("religious")),
    ]
    session = record(
        committee,
        HELD_ON,
        dict.fromkeys(members, "present"),
        guests=guests,
        place="Salle de la mairie",
        agenda="Diagnostic local de sécurité",
    )
    assert Attendance.objects.filter(session=session, presence="present").count() == 6
    # Counts of the same category add up; empty rows are dropped.
    assert list(GuestAttendance.objects.values_list("women", "men")) == [(3, 1)]
    entry = AuditEntry.objects.get(model="meetings.session", object_id=str(session.pk))
    assert entry.verb == "create"
    assert "present: 6" in entry.reason


def test_it_requires_the_presence_of_every_active_member(committee, members, record):
    with pytest.raises(DomainError):
        record(committee, HELD_ON, dict.fromkeys(members[:5], "present"))
    assert not Session.objects.exists()


def test_it_refuses_a_member_of_another_committee(committee, members, record, mali):
    from siccs.committees.tests.factories import CommitteeFactory, MembershipFactory

    other = MembershipFactory(committee=CommitteeFactory(unit=mali.bandiagara))
    with pytest.raises(DomainError):
        record(committee, HELD_ON, dict.fromkeys([*members, other], "present"))


def test_it_refuses_a_session_in_the_future(committee, members, record):
    with pytest.raises(DomainError):
        record(
            committee,
            HELD_ON,
            dict.fromkeys(members, "present"),
            today=HELD_ON - dt.timedelta(days=1),
        )


def test_it_needs_a_commission_of_the_committee_for_a_commission_session(
    committee, members, record
):
    with pytest.raises(DomainError):
        record(committee, HELD_ON, dict.fromkeys(members, "present"), kind="commission")
    commission = WorkingCommission.objects.create(committee=committee, name="Commission foncière")
    session = record(
        committee,
        HELD_ON,
        dict.fromkeys(members, "present"),
        kind="commission",
        commission=commission,
    )
    assert session.commission == commission


def test_it_refuses_an_outsider(committee, members, record, mopti_focal_point, national_analyst):
    for user in (mopti_focal_point, national_analyst):
        with pytest.raises(PermissionDenied):
            record(committee, HELD_ON, dict.fromkeys(members, "present"), user=user)


def test_it_corrects_a_session_and_replaces_its_attendance(committee, members, record):
    session = record(committee, HELD_ON, dict.fromkeys(members, "present"))
    record(
        committee, HELD_ON, dict.fromkeys(members, "absent"), session=session, place="Préfecture"
    )
    session.refresh_from_db()
    assert session.place == "Préfecture"
    assert set(session.attendances.values_list("presence", flat=True)) == {"absent"}
    assert Session.objects.count() == 1


def test_it_accepts_scanned_minutes_recognised_by_content(committee, members, record):
    pdf = SimpleUploadedFile("pv.exe", b"%PDF-1.4 minutes", content_type="application/x-msdownload")
    session = record(committee, HELD_ON, dict.fromkeys(members, "present"), minutes_file=pdf)
    assert session.minutes_file.name.endswith(".pdf")
    fake = SimpleUploadedFile("pv.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    with pytest.raises(DomainError):
        record(committee, HELD_ON, dict.fromkeys(members, "present"), minutes_file=fake)
