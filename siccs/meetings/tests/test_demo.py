"""The demo's meetings: functional committees today, others that stopped meeting, and
recommendations with a follow-up history consistent with what the services write."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone

from siccs.accounts.models import User
from siccs.audit.models import AuditEntry
from siccs.committees.models import Committee
from siccs.committees.selectors import CommitteeState, state_counts, with_state
from siccs.meetings import selectors
from siccs.meetings.models import (
    Concern,
    ConcernStatusChange,
    FollowUp,
    Recommendation,
    RecommendationStatus,
    Session,
    SessionKind,
)


@pytest.mark.django_db
def test_it_loads_sessions_that_make_committees_functional_and_recommendations_followed_up():
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()

    # The picture of 25 June 2021 stays: 10 regional and 13 communal committees installed.
    june = with_state(Committee.objects.all(), dt.date(2021, 6, 25)).filter(
        state__in=[CommitteeState.INSTALLED, CommitteeState.FUNCTIONAL]
    )
    assert june.filter(level__code="regional").count() == 10
    assert june.filter(level__code="communal").count() == 13

    # Today most communal committees meet; some installed ones stopped.
    counts = state_counts(Committee.objects.all(), today)
    assert counts[CommitteeState.FUNCTIONAL] >= 25
    assert counts[CommitteeState.INSTALLED] >= 5
    menaka = Committee.objects.get(name="CCSC Ménaka")
    assert not selectors.is_functional(menaka, today)
    assert selectors.is_functional(menaka, dt.date(2022, 4, 20))
    bandiagara = Committee.objects.get(name="CCSC Bandiagara")
    assert selectors.is_functional(bandiagara, today)

    kinds = dict(Session.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds[SessionKind.ORDINARY] > 1000
    assert kinds[SessionKind.EXTRAORDINARY] >= 3
    assert kinds[SessionKind.COMMISSION] >= 10
    assert not Session.objects.filter(held_on__gt=today).exists()
    assert not FollowUp.objects.filter(on__gt=today).exists()

    # Every session records every member active on its date, as the service requires.
    sessions = list(selectors.with_figures(Session.objects.all()))
    assert all(
        s.present_count + s.excused_count + s.absent_count == s.active_count for s in sessions
    )
    figures = selectors.total([selectors.figures_of(s) for s in sessions])
    assert 0.6 < figures.attendance_rate < 0.9
    assert 0.08 < figures.women_share < 0.3
    assert figures.fds_share > 0.8

    # Statuses equal the latest dated fact, in bulk-written history and service writes alike.
    latest_follow_up = FollowUp.objects.filter(recommendation=OuterRef("pk")).order_by("-on", "-pk")
    assert not Recommendation.objects.exclude(
        status=Subquery(latest_follow_up.values("status")[:1])
    ).exists()
    latest_change = ConcernStatusChange.objects.filter(concern=OuterRef("pk")).order_by(
        "-at", "-pk"
    )
    assert not Concern.objects.exclude(status=Subquery(latest_change.values("status")[:1])).exists()

    # The board: some done, some overdue, a rate read from the history.
    board = selectors.board_recommendations(user=User.objects.get(username="admin"), on=today)
    board_figures = selectors.board_figures(board)
    assert board_figures[RecommendationStatus.DONE] > 500
    assert board_figures["overdue"] > 50
    assert 0.4 < board_figures["rate"] < 0.8
    quarters = selectors.implementation_by_quarter(board, today)
    assert all(q["rate"] is not None for q in quarters)

    # The latest session of a committee that still meets went through the services.
    last = Session.objects.filter(committee=bandiagara).aggregate(Max("held_on"))["held_on__max"]
    session = Session.objects.get(committee=bandiagara, held_on=last)
    assert AuditEntry.objects.filter(model="meetings.session", object_id=str(session.pk)).exists()

    # The demo secretary of Bandiagara sees the recommendations of their committee.
    secretary = User.objects.get(username="sec.bandiagara")
    mine = selectors.board_recommendations(user=secretary, on=today)
    assert mine.exists()
    assert set(mine.values_list("session__committee__name", flat=True)) == {"CCSC Bandiagara"}
