"""The synthetic national dataset, generated at a tiny scale (no timing here: see make bench)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from siccs.citizens.models import CitizenReport
from siccs.committees.models import Committee, Membership
from siccs.dashboard import selectors
from siccs.meetings.models import Attendance, Recommendation, Session
from siccs.rollout.models import StepRecord
from siccs.territory.models import AdministrativeUnit, Level
from tools.national_dataset import Command, dataset_signature, generate, signature

pytestmark = pytest.mark.django_db

END = dt.date(2025, 6, 30)
TINY = {"seed": 7, "years": 2, "scale": 0.02, "end": END}


def _wipe_generated() -> None:
    """Remove what the generator wrote, leaving the shipped regions and reference data."""
    from siccs.citizens.models import CitizenReport as Report
    from siccs.meetings.models import Concern, FollowUp
    from siccs.partners.models import Commitment, Partner, UnitCost

    FollowUp.objects.all().delete()
    Recommendation.objects.all().delete()
    Report.objects.all().delete()
    Concern.objects.all().delete()
    Attendance.objects.all().delete()
    Session.objects.all().delete()
    Membership.objects.all().delete()
    StepRecord.objects.all().delete()
    Commitment.objects.all().delete()
    Committee.objects.all().delete()
    Partner.objects.all().delete()
    UnitCost.objects.all().delete()
    from siccs.committees.models import Person

    Person.objects.all().delete()
    AdministrativeUnit.objects.filter(level=Level.COMMUNE).delete()
    AdministrativeUnit.objects.filter(level=Level.CERCLE).delete()


def test_it_gives_the_same_rows_for_the_same_seed():
    first = generate(**TINY)
    _wipe_generated()
    second = generate(**TINY)
    assert first == second
    assert first["committee"] == Committee.objects.count()


def test_it_gives_other_rows_for_another_seed():
    first = generate(**TINY)
    _wipe_generated()
    other = generate(**{**TINY, "seed": 8})
    assert first != other


def test_it_puts_a_committee_in_every_region_and_commune():
    generate(**TINY)
    regions = AdministrativeUnit.objects.filter(level=Level.REGION).count()
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE).count()
    assert communes >= 16  # 2 % of ~815
    assert Committee.objects.count() == regions + communes
    assert Committee.objects.filter(unit__level=Level.REGION).count() == regions
    # Every committee follows the methodology step by step, with one record per step.
    steps = StepRecord.objects.values("step").distinct().count()
    assert StepRecord.objects.count() == Committee.objects.count() * steps
    assert dataset_signature() == signature(seed=7, years=2, scale=0.02)


def test_its_figures_are_sane_on_the_dashboard(national_admin):
    generate(**TINY)
    figures = selectors.dashboard_figures(user=national_admin, on=END)
    states = {cell["state"]: cell["n"] for cell in figures["states"]}
    assert figures["total"] == Committee.objects.count()
    assert states["functional"] > 0 and states["planned"] + states["setting_up"] > 0
    assert 0 < figures["women"]["members"] < figures["women"]["members_total"]
    assert 0 < figures["women"]["attendees"] < figures["women"]["attendees_total"]
    assert figures["sessions_total"] > 0
    assert 0 < figures["recommendations"]["done"] <= figures["recommendations"]["adopted"]
    assert 0 < figures["concerns"]["answered"] <= figures["concerns"]["received"]
    assert figures["concerns"]["median_days"] > 0
    assert figures["reports"]["received"] == CitizenReport.objects.count()
    # Before anything was planned, nothing is counted: as-of dates work on this data too.
    empty = selectors.dashboard_figures(user=national_admin, on=END - dt.timedelta(days=3 * 365))
    assert empty["total"] == 0


def test_it_records_attendance_only_for_members_in_office():
    generate(**TINY)
    assert Attendance.objects.exists()
    for attendance in Attendance.objects.select_related("session", "membership")[:500]:
        membership, held_on = attendance.membership, attendance.session.held_on
        assert membership.start_on <= held_on
        assert membership.end_on is None or membership.end_on > held_on
        assert membership.committee_id == attendance.session.committee_id


def test_it_refuses_a_database_with_other_data(mali):
    from siccs.committees.tests.factories import CommitteeFactory

    CommitteeFactory(unit=mali.bandiagara)
    with pytest.raises(CommandError, match="not generated"):
        call_command(Command(), "--scale", "0.01", "--years", "1")


def test_its_derived_columns_equal_a_recount_of_the_facts():
    """The generator writes in bulk, past the services: its derived columns must still
    be what the services would have written (siccs.meetings.denormalised)."""
    from django.db.models import Count, Min, Q, Sum

    from siccs.meetings.models import Concern, ConcernStatusChange

    generate(**TINY)
    present = Count("attendances", filter=Q(attendances__presence="present"), distinct=True)
    women = Count(
        "attendances",
        filter=Q(attendances__presence="present", attendances__membership__person__sex="F"),
        distinct=True,
    )
    for session in Session.objects.annotate(p=present, w=women)[:300]:
        assert (session.present_members, session.present_women) == (session.p, session.w)
    guests = Session.objects.annotate(gw=Sum("guests__women"), gm=Sum("guests__men"))
    for session in guests.filter(guests__isnull=False)[:100]:
        assert (session.guests_women, session.guests_men) == (session.gw, session.gm)
    firsts = dict(
        ConcernStatusChange.objects.filter(status__in=["answered", "closed"])
        .values("concern")
        .annotate(first=Min("at"))
        .values_list("concern", "first")
    )
    from django.utils import timezone

    for concern in Concern.objects.all()[:500]:
        first = firsts.get(concern.pk)
        assert concern.answered_on == (timezone.localdate(first) if first else None)
        days = (concern.answered_on - concern.received_on).days if first else None
        assert concern.answer_days == days
    for report in CitizenReport.objects.all()[:300]:
        delay = report.answered_at - report.received_at if report.answered_at else None
        assert report.answer_delay == delay
    for recommendation in Recommendation.objects.filter(follow_ups__isnull=False)[:300]:
        chain = list(recommendation.follow_ups.order_by("on", "pk"))
        for current, following in zip(chain, [*chain[1:], None], strict=True):
            assert current.superseded_on == (following.on if following else None)
