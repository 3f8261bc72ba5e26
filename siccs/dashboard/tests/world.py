"""A small, hand-countable world for the dashboard tests (built on the `mali` fixture).

As of 25 June 2021 (before the reform):
- Mopti regional CCS: installed 10 March 2021, ordinary session 1 June 2021 → functional;
- Bandiagara communal CCS: installed 20 May 2021, no session → installed;
- Djenné communal CCS: preparation started 10 January 2021, nothing since → stalled;
- Gao communal CCS: planned 1 May 2021, nothing yet → planned.
On 1 September 2024 the Djenné cercle leaves Mopti for the new Douentza region.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from siccs.committees.models import CommitteeLevel, Sex
from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    install,
)
from siccs.meetings import denormalised
from siccs.meetings.models import (
    Attendance,
    ConcernStatus,
    ConcernStatusChange,
    FollowUp,
    GuestAttendance,
    Presence,
    RecommendationStatus,
)
from siccs.meetings.tests.factories import ConcernFactory, RecommendationFactory, SessionFactory
from siccs.notifications.models import Channel, Reply, SatisfactionQuestion
from siccs.rollout.models import StepRecord, StepStatus
from siccs.territory.models import AdministrativeUnit, Level

BEFORE = dt.date(2021, 6, 25)
REFORM = dt.date(2024, 9, 1)
AFTER = dt.date(2025, 1, 15)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC)


def build(mali, partner=None) -> SimpleNamespace:
    regional = CommitteeLevel.objects.get(code="regional")
    mopti = install(
        CommitteeFactory(unit=mali.mopti, level=regional, name="CCSR de Mopti"),
        dt.date(2021, 3, 10),
    )
    bandiagara = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 5, 20))
    djenne = CommitteeFactory(unit=mali.djenne)
    first_step = djenne.methodology_version.steps.order_by("order").first()
    StepRecord.objects.create(
        committee=djenne,
        step=first_step,
        status=StepStatus.IN_PROGRESS,
        started_on=dt.date(2021, 1, 10),
        partner=partner,
    )
    gao = CommitteeFactory(unit=mali.gao_commune, planned_on=dt.date(2021, 5, 1))

    # Members of Bandiagara: a woman and two men, one of whom left on 1 June 2021.
    woman = MembershipFactory(committee=bandiagara, person=PersonFactory(sex=Sex.FEMALE))
    man = MembershipFactory(committee=bandiagara, person=PersonFactory(sex=Sex.MALE))
    MembershipFactory(
        committee=bandiagara,
        person=PersonFactory(sex=Sex.MALE),
        end_on=dt.date(2021, 6, 1),
        active=False,
    )
    MembershipFactory(committee=gao, person=PersonFactory(sex=Sex.FEMALE))

    # Mopti's session of 1 June 2021: one woman and one man present, one man absent,
    # and guests (1 woman, 2 men).
    session = SessionFactory(committee=mopti, held_on=dt.date(2021, 6, 1))
    mopti_w = MembershipFactory(committee=mopti, person=PersonFactory(sex=Sex.FEMALE))
    mopti_m = MembershipFactory(committee=mopti, person=PersonFactory(sex=Sex.MALE))
    mopti_a = MembershipFactory(committee=mopti, person=PersonFactory(sex=Sex.MALE))
    Attendance.objects.create(session=session, membership=mopti_w, presence=Presence.PRESENT)
    Attendance.objects.create(session=session, membership=mopti_m, presence=Presence.PRESENT)
    Attendance.objects.create(session=session, membership=mopti_a, presence=Presence.ABSENT)
    from siccs.committees.tests.factories import category

    GuestAttendance.objects.create(session=session, category=category(), women=1, men=2)
    SessionFactory(committee=gao, held_on=dt.date(2021, 6, 2))

    # Two recommendations: one done on 10 June, the other in progress then done in July.
    done = RecommendationFactory(session=session)
    FollowUp.objects.create(
        recommendation=done, on=dt.date(2021, 6, 10), status=RecommendationStatus.DONE
    )
    later = RecommendationFactory(session=session)
    FollowUp.objects.create(
        recommendation=later, on=dt.date(2021, 6, 5), status=RecommendationStatus.IN_PROGRESS
    )
    FollowUp.objects.create(
        recommendation=later, on=dt.date(2021, 7, 1), status=RecommendationStatus.DONE
    )

    # Concerns: answered in 10 days, answered after the date, answered in 4 days.
    for received, answered in [
        (dt.date(2021, 6, 1), dt.date(2021, 6, 11)),
        (dt.date(2021, 6, 10), dt.date(2021, 6, 30)),
        (dt.date(2021, 6, 20), dt.date(2021, 6, 24)),
    ]:
        concern = ConcernFactory(committee=mopti, received_on=received)
        ConcernStatusChange.objects.create(
            concern=concern, status=ConcernStatus.ANSWERED, at=_at(answered)
        )
    ConcernFactory(committee=gao, received_on=dt.date(2021, 6, 3))
    # Rows written past the services: derive their columns as a bulk loader does.
    denormalised.refresh_all()

    douentza = AdministrativeUnit.objects.get(name="Douentza", level=Level.REGION)
    from siccs.territory.services import SplitPart, unit_split

    unit_split(
        user=None,
        unit=mali.mopti,
        on=REFORM,
        parts=[SplitPart(existing=douentza, children=[mali.djenne_cercle])],
        source_continues=True,
    )
    douentza.refresh_from_db()
    return SimpleNamespace(
        mopti=mopti,
        bandiagara=bandiagara,
        djenne=djenne,
        gao=gao,
        douentza=douentza,
        woman=woman,
        man=man,
        session=session,
    )


SATISFACTION_ANSWERS = [
    # commune, asked on, answered on (None: not answered), answer
    ("bandiagara", dt.date(2021, 3, 1), dt.date(2021, 3, 2), Reply.YES),
    ("bandiagara", dt.date(2021, 5, 1), dt.date(2021, 5, 3), Reply.YES),
    ("bandiagara", dt.date(2021, 6, 1), dt.date(2021, 6, 2), Reply.YES),
    ("bandiagara", dt.date(2021, 6, 10), dt.date(2021, 6, 11), Reply.NO),
    ("bandiagara", dt.date(2021, 7, 1), dt.date(2021, 7, 2), Reply.YES),
    ("gao_commune", dt.date(2021, 6, 5), dt.date(2021, 6, 6), Reply.NO),
    ("gao_commune", dt.date(2021, 6, 20), None, ""),
]


def satisfaction_answers(mali) -> None:
    """Answers to the satisfaction question (`SATISFACTION_ANSWERS`): as of 25 June 2021,
    Bandiagara 1 "yes" in Q1 2021 and 2 "yes", 1 "no" in Q2 2021 (and a "yes" of 2 July),
    Gao 1 "no" in Q2 2021 (and a question never answered)."""
    from siccs.citizens.tests.factories import CitizenReportFactory

    for commune, asked, answered, answer in SATISFACTION_ANSWERS:
        unit = getattr(mali, commune)
        citizen_report = CitizenReportFactory(
            commune=unit, received_at=_at(asked) - dt.timedelta(days=10), answered_at=_at(asked)
        )
        SatisfactionQuestion.objects.create(
            report=citizen_report,
            commune=unit,
            channel=Channel.PAGE,
            asked_at=_at(asked),
            answer=answer,
            answered_at=_at(answered) if answered else None,
        )
