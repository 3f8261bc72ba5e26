"""Demo sessions, concerns and recommendations on the real timeline of the committees.

Each installed committee meets from its inaugural session (the "first session" step the
committees demo dated) on: communal committees about monthly, the District every two
months, regional committees about quarterly, so that today some installed committees are
functional and others are not. Some stopped meeting (insecurity, members away on
operations, no budget); a few held extraordinary sessions after serious events, and four
run thematic working commissions. Concerns follow the taxonomy, weighted by zone (north,
centre, south, Bamako); recommendations go to the authorities and forces that can act,
with dated follow-ups: older ones mostly done, some not done or dropped, some overdue.

The history (tens of thousands of rows) is written in bulk, in the shape the services
write it: every status with its dated change, every recommendation with its follow-ups.
The latest session of every committee that still meets is recorded through the services,
as a secretary would, so that the rules and the audit trail apply to it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, models
from django.utils import timezone, translation

from siccs.committees.models import (
    Committee,
    MemberCategory,
    MemberFunction,
    Membership,
    WorkingCommission,
)
from siccs.committees.selectors import region_id_of, region_names
from siccs.core import dates as core_dates  # today in Bamako
from siccs.core.demo import DemoContext
from siccs.meetings import denormalised, services
from siccs.meetings.models import (
    Addressee,
    Attendance,
    Concern,
    ConcernCategory,
    ConcernSource,
    ConcernStatus,
    ConcernStatusChange,
    FollowUp,
    GuestAttendance,
    Presence,
    Recommendation,
    RecommendationStatus,
    Session,
    SessionKind,
    Severity,
)
from siccs.meetings.reference import ensure_reference_data
from siccs.rollout.models import StepRecord
from siccs.territory.models import AdministrativeUnit, Level

D = dt.date

# Committees that stopped meeting after this date, and why (the reason goes in the last PV).
STOPPED = {
    "CCSR Taoudénit": (D(2022, 1, 20), "Membres dispersés, liaison avec Taoudenni coupée"),
    "CCSC Ménaka": (D(2022, 4, 14), "Offensive des groupes armés autour de Ménaka"),
    "CCSC Tin Hama": (D(2022, 7, 7), "Insécurité sur l'axe Ansongo–Tin Hama"),
    "CCSC Douentza": (D(2023, 8, 31), "Blocus de la ville par les groupes armés"),
    "CCSC Bourem": (D(2024, 2, 22), "Membres FDS redéployés, élus partis à Gao"),
    "CCSC Hombori": (D(2024, 5, 30), "Axe Douentza–Hombori impraticable"),
    "CCSC Koro": (D(2025, 3, 27), "Absence de budget de fonctionnement"),
    "CCSC Soboundou": (D(2025, 10, 30), "Départ du secrétaire, pas de remplaçant"),
}
# Committees that still meet, but irregularly: a session is often skipped and the last
# one is more than the functional window ago.
IRREGULAR = {"CCSC Femaye": 70, "CCSC Youwarou": 64, "CCSC Nioro": 58, "CCSR Ménaka": 120}
# Days between two ordinary sessions, by level of the committee.
PERIOD = {"communal": 30, "district": 60, "regional": 91}

NORTH = {"Gao", "Ménaka", "Tombouctou", "Taoudénit", "Kidal"}
CENTRE = {"Mopti", "Bandiagara", "Douentza", "Ségou", "San"}
BAMAKO = {"District de Bamako"}
# Which concerns people raise, by zone: category code, weight.
ZONE_CATEGORIES = {
    "north": [
        ("armed-groups", 3),
        ("ied", 3),
        ("banditry", 3),
        ("kidnapping", 2),
        ("extortion", 2),
        ("cattle-theft", 1),
        ("intercommunal", 1),
        ("markets", 1),
        ("drugs", 1),
        ("disasters", 1),
    ],
    "centre": [
        ("intercommunal", 3),
        ("cattle-theft", 3),
        ("militia-abuses", 2),
        ("ied", 2),
        ("armed-groups", 2),
        ("extortion", 2),
        ("land", 2),
        ("banditry", 1),
        ("gbv-child", 1),
        ("kidnapping", 1),
    ],
    "south": [
        ("land", 3),
        ("urban-crime", 2),
        ("road-safety", 2),
        ("drugs", 2),
        ("cattle-theft", 2),
        ("markets", 1),
        ("gbv-child", 1),
        ("extortion", 1),
        ("banditry", 1),
        ("disasters", 1),
    ],
    "bamako": [
        ("urban-crime", 3),
        ("drugs", 3),
        ("road-safety", 2),
        ("gbv-child", 2),
        ("markets", 2),
        ("extortion", 1),
        ("disasters", 1),
        ("land", 1),
    ],
}

# The French texts of the demo are data, not code (siccs/meetings/demo_data/texts.json):
# villages and places named in concerns, by commune (generic places elsewhere); concerns,
# category code -> (title, description, severity); recommendations, category code ->
# (text, addressee, person responsible); follow-up notes by status; the agendas;
# extraordinary sessions after serious events (committee, date, category, concern title,
# description, recommendation text, addressee, responsible); working commissions
# (committee, created on, name, mandate).
TEXTS: dict[str, Any] = json.loads(
    (Path(__file__).with_name("demo_data") / "texts.json").read_text(encoding="utf-8")
)
VILLAGES: dict[str, list[str]] = TEXTS["villages"]
GENERIC_PLACES: dict[str, list[str]] = TEXTS["generic_places"]
CONCERNS: dict[str, list[tuple[str, str, int]]] = {
    code: [tuple(c) for c in rows] for code, rows in TEXTS["concerns"].items()
}
RECOMMENDATIONS: dict[str, list[tuple[str, str, str]]] = {
    code: [tuple(c) for c in rows] for code, rows in TEXTS["recommendations"].items()
}
FOLLOW_UP_NOTES: dict[str, list[str]] = TEXTS["follow_up_notes"]
AGENDA: str = TEXTS["agenda"]
INAUGURAL_AGENDA: str = TEXTS["inaugural_agenda"]
EXTRAORDINARY = [(name, D.fromisoformat(on), *rest) for name, on, *rest in TEXTS["extraordinary"]]
COMMISSIONS = [
    (name, D.fromisoformat(on), label, mandate) for name, on, label, mandate in TEXTS["commissions"]
]

# Guests invited by category: code, women (min, max), men (min, max).
GUESTS = [
    ("women", (1, 4), (0, 0)),
    ("youth", (0, 2), (1, 3)),
    ("traditional", (0, 0), (1, 3)),
    ("religious", (0, 0), (1, 2)),
    ("civil-society", (0, 2), (1, 2)),
    ("fds", (0, 0), (1, 2)),
]


@dataclass
class ConcernPlan:
    committee: Committee
    category: ConcernCategory
    title: str
    description: str
    severity: int
    source: str
    received_on: dt.date
    facts_on: dt.date | None
    unit: AdministrativeUnit | None
    place_detail: str
    place: str  # the place named in recommendation texts
    session: SessionPlan | None = None
    changes: list[tuple[str, dt.datetime, str]] = field(default_factory=list)
    obj: Concern | None = None

    @property
    def status(self) -> str:
        return self.changes[-1][0]


@dataclass
class RecommendationPlan:
    text: str
    addressee: Addressee
    responsible: str
    due_on: dt.date
    concerns: list[ConcernPlan]
    follow_ups: list[tuple[dt.date, str, str]] = field(default_factory=list)


@dataclass
class SessionPlan:
    committee: Committee
    kind: str
    held_on: dt.date
    place: str
    agenda: str
    chair: str
    attendance: dict[int, str]
    guests: list[tuple[MemberCategory, int, int]]
    commission: WorkingCommission | None = None
    minutes_text: str = ""
    raised: list[ConcernPlan] = field(default_factory=list)
    agenda_concerns: list[ConcernPlan] = field(default_factory=list)
    recommendations: list[RecommendationPlan] = field(default_factory=list)
    through_services: bool = False
    obj: Session | None = None


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class Planner:
    """Draws the whole history in memory first, so that it can be written in bulk."""

    def __init__(self, demo: DemoContext) -> None:
        self.random = random.Random(2021)  # the same demo every time
        self.today = core_dates.today()
        self.admin = demo.objects.get("user:admin")
        self.categories = {c.code: c for c in ConcernCategory.objects.all()}
        self.member_categories = {c.code: c for c in MemberCategory.objects.all()}
        self.addressees = {a.name: a for a in Addressee.objects.all()}
        self.region_names = region_names()
        self.sessions: list[SessionPlan] = []
        self.concerns: list[ConcernPlan] = []
        self.commissions: dict[str, list[WorkingCommission]] = defaultdict(list)

    # --- the committees and their members -------------------------------------------

    def committees(self, demo: DemoContext) -> list[tuple[Committee, dt.date]]:
        """Installed committees with the date of their inaugural session, oldest first."""
        known = demo.objects.get("committees") or {}
        ids = [c.pk for c in known.values()] or list(Committee.objects.values_list("pk", flat=True))
        firsts = dict(
            StepRecord.objects.filter(
                committee_id__in=ids, step__code="first-session", done_on__lte=self.today
            ).values_list("committee_id", "done_on")
        )
        committees = Committee.objects.filter(pk__in=firsts).select_related("level", "unit")
        return sorted(((c, firsts[c.pk]) for c in committees), key=lambda x: (x[1], x[0].pk))

    def load_members(self, committees: list[Committee]) -> None:
        self.members: dict[int, list[Membership]] = defaultdict(list)
        for membership in (
            Membership.objects.filter(committee__in=committees)
            .select_related("person", "category")
            .order_by("pk")
        ):
            self.members[membership.committee_id].append(membership)
        self.communes: dict[int, list[AdministrativeUnit]] = defaultdict(list)
        for unit in AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True):
            region = region_id_of(unit)
            if region is not None:
                self.communes[region].append(unit)

    def active(self, committee: Committee, on: dt.date) -> list[Membership]:
        """The committees' rule for a mandate covering `on` (see composition.active_on)."""
        return [
            m
            for m in self.members[committee.pk]
            if (m.start_on is None or m.start_on <= on)
            and (m.end_on is None or m.end_on > on)
            and (m.active or m.end_on is not None)
        ]

    def zone(self, committee: Committee) -> str:
        region = self.region_names.get(region_id_of(committee.unit) or 0, "")
        if region in BAMAKO:
            return "bamako"
        if region in NORTH:
            return "north"
        if region in CENTRE:
            return "centre"
        return "south"

    def level(self, committee: Committee) -> str:
        return committee.level.code if committee.level.code in PERIOD else "communal"

    def place_of_session(self, committee: Committee) -> str:
        if self.level(committee) == "communal":
            if committee.unit.name.startswith("Commune"):
                return f"Salle de conférence de la mairie de la {committee.unit.name}"
            return f"Salle de conférence de la mairie de {committee.unit.name}"
        return f"Salle de réunion du gouvernorat ({committee.unit.name})"

    def chair(self, committee: Committee) -> str:
        for m in self.members[committee.pk]:
            if m.function == MemberFunction.CHAIR:
                title = "maire" if self.level(committee) == "communal" else "gouverneur"
                return f"{m.person.full_name} ({title})"
        return committee.chair_office

    # --- sessions -----------------------------------------------------------------------

    def dates(self, committee: Committee, first: dt.date) -> list[dt.date]:
        """Ordinary sessions from the inaugural one to the last, counted backwards from the
        last so that committees that still meet met recently."""
        period = PERIOD[self.level(committee)]
        r = self.random
        stopped = STOPPED.get(committee.name)
        if stopped:
            last = min(stopped[0], self.today)
        elif committee.name in IRREGULAR:
            last = self.today - dt.timedelta(days=IRREGULAR[committee.name])
        elif period == 30:
            last = self.today - dt.timedelta(days=r.randint(2, 32))
        else:
            last = self.today - dt.timedelta(days=r.randint(5, period - 5))
        skip = 0.3 if committee.name in IRREGULAR else 0.07
        dates = []
        day = last
        while day > first + dt.timedelta(days=period // 2):
            if len(dates) < 2 or r.random() > skip:
                dates.append(day)
            day -= dt.timedelta(days=period + r.randint(-period // 6, period // 6))
        dates.append(first)
        return sorted(dates)

    def attendance(
        self, committee: Committee, on: dt.date, fading: bool, zone: str
    ) -> dict[int, str]:
        r = self.random
        result = {}
        for m in self.active(committee, on):
            code = m.category.code
            if code == "fds":
                # FDS members are often away on operations, more so in the north.
                present = 0.62 if zone == "north" else 0.72
                excused = 0.8 if fading else 0.9
            else:
                present = 0.8
                excused = 0.92
            if fading:
                present -= 0.3
            draw = r.random()
            if draw < present:
                result[m.pk] = Presence.PRESENT
            elif draw < excused:
                result[m.pk] = Presence.EXCUSED
            else:
                result[m.pk] = Presence.ABSENT
        # The chair or the vice-chair opens the session.
        for m in self.active(committee, on):
            if m.function in (MemberFunction.CHAIR, MemberFunction.VICE_CHAIR):
                result[m.pk] = Presence.PRESENT
                break
        return result

    def guests(self) -> list[tuple[MemberCategory, int, int]]:
        r = self.random
        rows = []
        for code, (wmin, wmax), (mmin, mmax) in r.sample(GUESTS, r.randint(0, 3)):
            women, men = r.randint(wmin, wmax), r.randint(mmin, mmax)
            if women + men and code in self.member_categories:
                rows.append((self.member_categories[code], women, men))
        return rows

    def village(self, committee: Committee, code: str) -> tuple[AdministrativeUnit | None, str]:
        """A commune of the committee's territory and a village or place in it."""
        r = self.random
        unit: AdministrativeUnit | None = committee.unit
        if committee.unit.level < Level.COMMUNE:
            inside = [u for u in self.communes[region_id_of(committee.unit) or 0]]
            unit = r.choice(inside) if inside else None
        name = unit.name if unit is not None else committee.unit.name
        if code in GENERIC_PLACES and r.random() < 0.7:
            return unit, r.choice(GENERIC_PLACES[code])
        villages = VILLAGES.get(name)
        if villages:
            return unit, r.choice(villages)
        return unit, r.choice(["hameau de culture", "quartier périphérique", "sortie de la ville"])

    def concern(
        self,
        committee: Committee,
        received_on: dt.date,
        source: str,
        code: str | None = None,
        title: str = "",
        description: str = "",
        severity: int | None = None,
    ) -> ConcernPlan:
        r = self.random
        if code is None:
            codes, weights = zip(*ZONE_CATEGORIES[self.zone(committee)], strict=True)
            code = r.choices(codes, weights)[0]
        unit, place = self.village(committee, code)
        if not title:
            template, description, severity = r.choice(CONCERNS[code])
            title = template.format(place=place)
        plan = ConcernPlan(
            committee=committee,
            category=self.categories[code],
            title=title[:200],
            description=description,
            severity=severity or Severity.MEDIUM,
            source=source,
            received_on=received_on,
            facts_on=received_on - dt.timedelta(days=r.randint(1, 20)),
            unit=unit,
            place_detail=place if place != (unit.name if unit else "") else "",
            place=place,
        )
        plan.changes.append((ConcernStatus.RECEIVED, _at(received_on, 9), ""))
        self.concerns.append(plan)
        return plan

    def recommendation(
        self,
        session: SessionPlan,
        concerns: list[ConcernPlan],
        text: str = "",
        addressee: str = "",
        responsible: str = "",
    ) -> RecommendationPlan:
        r = self.random
        if not text:
            template, addressee, responsible = r.choice(RECOMMENDATIONS[concerns[0].category.code])
            text = template.format(place=concerns[0].place)
        recommendation = RecommendationPlan(
            text=text,
            addressee=self.addressees[addressee],
            responsible=responsible,
            due_on=session.held_on + dt.timedelta(days=r.choice([30, 45, 60, 90, 120])),
            concerns=concerns,
        )
        session.recommendations.append(recommendation)
        return recommendation

    def session(
        self,
        committee: Committee,
        held_on: dt.date,
        kind: str = SessionKind.ORDINARY,
        fading: bool = False,
        commission: WorkingCommission | None = None,
    ) -> SessionPlan:
        plan = SessionPlan(
            committee=committee,
            kind=kind,
            held_on=held_on,
            place=self.place_of_session(committee),
            agenda=AGENDA,
            chair=self.chair(committee),
            attendance=self.attendance(committee, held_on, fading, self.zone(committee)),
            guests=self.guests() if kind != SessionKind.COMMISSION else [],
            commission=commission,
        )
        if commission is not None:
            plan.agenda = f"Travaux de la {commission.name[0].lower()}{commission.name[1:]}"
            # Only the commission's few members sit; the others are excused.
            present = [k for k, v in plan.attendance.items() if v == Presence.PRESENT]
            keep = set(self.random.sample(present, min(len(present), self.random.randint(5, 8))))
            plan.attendance = {
                k: (Presence.PRESENT if k in keep else Presence.EXCUSED) for k in plan.attendance
            }
        self.sessions.append(plan)
        return plan

    def plan_committee(self, committee: Committee, first: dt.date) -> None:
        r = self.random
        dates = self.dates(committee, first)
        stopped = STOPPED.get(committee.name)
        regional = self.level(committee) != "communal"
        waiting: list[ConcernPlan] = []  # received between sessions, for the next agenda
        for index, held_on in enumerate(dates):
            fading = bool(stopped) and index >= len(dates) - 3
            session = self.session(committee, held_on, fading=fading)
            if index == 0:
                session.agenda = INAUGURAL_AGENDA
            session.agenda_concerns = [c for c in waiting if c.received_on <= held_on]
            waiting = [c for c in waiting if c.received_on > held_on]
            raised = r.choice([1, 2, 2, 3, 3, 4] if regional else [0, 1, 1, 2, 2, 3])
            if index == 0:
                raised += 2  # the inaugural session draws the local security diagnosis
            session.raised = [
                self.concern(committee, held_on, ConcernSource.SESSION) for _ in range(raised)
            ]
            for concern in session.raised:
                concern.session = session
            self.answer(session)
            if fading and index == len(dates) - 1:
                session.minutes_text = (
                    f"Quorum difficile à réunir. {stopped[1]}. "
                    "Le comité n'a pas pu fixer la date de sa prochaine session."
                )
            elif index == len(dates) - 1 and not stopped:
                session.through_services = True
            elif held_on > self.today - dt.timedelta(days=400) or r.random() < 0.25:
                session.minutes_text = self.minutes(session)
            # Concerns that reach the committee between two sessions: field forms of the
            # members and reports of partners.
            if r.random() < 0.35:
                source = r.choice([ConcernSource.FIELD_FORM, ConcernSource.PARTNER])
                received = held_on + dt.timedelta(days=r.randint(3, 20))
                if received <= self.today:
                    waiting.append(self.concern(committee, received, source))

    def answer(self, session: SessionPlan) -> None:
        """Recommendations answering most concerns discussed, two concerns of the same
        category sometimes answered together."""
        r = self.random
        discussed = session.raised + session.agenda_concerns
        by_category: dict[str, list[ConcernPlan]] = defaultdict(list)
        for concern in discussed:
            by_category[concern.category.code].append(concern)
        for group in by_category.values():
            if r.random() < 0.25:
                continue  # noted, no recommendation yet
            if len(group) > 1 and r.random() < 0.6:
                self.recommendation(session, group[:2])
                group = group[2:]
            for concern in group:
                if r.random() < 0.8:
                    self.recommendation(session, [concern])

    def minutes(self, session: SessionPlan) -> str:
        present = sum(1 for v in session.attendance.values() if v == Presence.PRESENT)
        titles = "; ".join(c.title for c in session.raised + session.agenda_concerns)
        text = (
            f"La séance est ouverte à 10 h sous la présidence de {session.chair}, "
            f"en présence de {present} membres. Le procès-verbal de la session précédente "
            "est adopté sans amendement. "
        )
        if titles:
            text += f"Les membres ont examiné les préoccupations suivantes : {titles}. "
        else:
            text += "Aucune nouvelle préoccupation n'a été portée à l'attention du comité. "
        text += (
            f"{len(session.recommendations)} recommandation(s) adoptée(s). "
            "La séance est levée à 13 h."
        )
        return text

    def extraordinary(self, by_name: dict[str, tuple[Committee, dt.date]]) -> None:
        for name, on, code, title, description, text, addressee, who in EXTRAORDINARY:
            if name not in by_name or on > self.today or on < by_name[name][1]:
                continue
            committee = by_name[name][0]
            session = self.session(committee, on, kind=SessionKind.EXTRAORDINARY)
            session.agenda = f"Session extraordinaire : {title[0].lower()}{title[1:]}"
            concern = self.concern(
                committee,
                on - dt.timedelta(days=2),
                ConcernSource.FIELD_FORM,
                code=code,
                title=title,
                description=description,
                severity=Severity.CRITICAL,
            )
            concern.facts_on = on - dt.timedelta(days=3)
            session.agenda_concerns = [concern]
            self.recommendation(session, [concern], text=text, addressee=addressee, responsible=who)
            session.minutes_text = (
                f"Session extraordinaire convoquée par {session.chair} après les faits "
                f"suivants : {description} Le comité adopte une recommandation urgente."
            )

    def working_commissions(self, by_name: dict[str, tuple[Committee, dt.date]]) -> None:
        rows = []
        for name, created_on, label, mandate in COMMISSIONS:
            if name in by_name and created_on >= by_name[name][1] and created_on <= self.today:
                rows.append(
                    WorkingCommission(
                        committee=by_name[name][0],
                        name=label,
                        mandate=mandate,
                        created_on=created_on,
                    )
                )
        for commission in WorkingCommission.objects.bulk_create(rows):
            committee = commission.committee
            stopped = STOPPED.get(committee.name)
            end = stopped[0] if stopped else self.today
            day = commission.created_on + dt.timedelta(days=20)
            while day <= end:
                session = self.session(
                    committee, day, kind=SessionKind.COMMISSION, commission=commission
                )
                if self.random.random() < 0.5:
                    concern = self.concern(committee, day, ConcernSource.SESSION)
                    concern.session = session
                    session.raised = [concern]
                    self.recommendation(session, [concern])
                day += dt.timedelta(days=70 + self.random.randint(0, 30))

    # --- what happened afterwards -------------------------------------------------------

    def follow(self) -> None:
        """Dated follow-ups of every recommendation recorded in bulk, and the concerns'
        statuses that follow from them and from the agendas."""
        r = self.random
        awaited: set[int] = set()  # concerns on the agenda of a session the services record
        for session in sorted(self.sessions, key=lambda s: s.held_on):
            stopped = STOPPED.get(session.committee.name)
            # Nobody follows up once a committee stops meeting.
            cutoff = min(self.today, stopped[0] + dt.timedelta(days=30)) if stopped else self.today
            if session.through_services:
                # The services forward these concerns when they record the session.
                awaited.update(id(c) for c in session.agenda_concerns)
                continue
            for concern in session.agenda_concerns:
                if concern.status in (ConcernStatus.RECEIVED, ConcernStatus.QUALIFIED):
                    note = f"Inscrite à l'ordre du jour de la session du {session.held_on}"
                    concern.changes.append((ConcernStatus.FORWARDED, _at(session.held_on), note))
            for rec in session.recommendations:
                for concern in rec.concerns:
                    if concern.status in (ConcernStatus.RECEIVED, ConcernStatus.QUALIFIED):
                        note = f"Recommandation adressée à : {rec.addressee.name}"
                        concern.changes.append(
                            (ConcernStatus.FORWARDED, _at(session.held_on, 12), note)
                        )
                adopted = session.held_on
                rec.follow_ups.append((adopted, RecommendationStatus.OPEN, "Adoptée en session"))
                events: list[tuple[dt.date, str]] = []
                if r.random() < 0.85:
                    events.append((adopted + dt.timedelta(days=r.randint(7, 45)), "in_progress"))
                # Follow-up gets better as committees learn: more done each year.
                done = 0.42 + 0.04 * min(adopted.year - 2021, 5)
                outcome = r.random()
                last = events[-1][0] if events else adopted
                if outcome < done:
                    events.append((last + dt.timedelta(days=r.randint(20, 150)), "done"))
                elif outcome < done + 0.14:
                    events.append((last + dt.timedelta(days=r.randint(40, 160)), "not_done"))
                elif outcome < done + 0.2:
                    events.append((last + dt.timedelta(days=r.randint(20, 120)), "dropped"))
                else:
                    events.append((last + dt.timedelta(days=r.randint(40, 120)), "reminder"))
                    # The yearly review settles most of what is still pending.
                    if r.random() < 0.7:
                        verdict = r.choice(["not_done", "not_done", "dropped", "done"])
                        events.append((adopted + dt.timedelta(days=r.randint(300, 400)), verdict))
                for day, what in events:
                    if day > cutoff:
                        break
                    status = rec.follow_ups[-1][1] if what == "reminder" else what
                    note = r.choice(FOLLOW_UP_NOTES[what]).format(addressee=rec.addressee.name)
                    rec.follow_ups.append((day, status, note))
                    if status == RecommendationStatus.DONE:
                        for concern in rec.concerns:
                            if concern.changes[-1][1] < _at(day, 15) and concern.status in (
                                ConcernStatus.FORWARDED,
                                ConcernStatus.QUALIFIED,
                            ):
                                concern.changes.append((ConcernStatus.ANSWERED, _at(day, 15), note))
                                closed = day + dt.timedelta(days=r.randint(10, 60))
                                if closed <= cutoff and r.random() < 0.6:
                                    concern.changes.append(
                                        (
                                            ConcernStatus.CLOSED,
                                            _at(closed, 11),
                                            "Clôturée en session après compte rendu",
                                        )
                                    )
        # Concerns left without a recommendation: qualified, and old ones closed.
        for concern in self.concerns:
            if concern.status != ConcernStatus.RECEIVED:
                continue
            if id(concern) in awaited or (
                concern.session is not None and concern.session.through_services
            ):
                continue
            qualified = concern.received_on + dt.timedelta(days=r.randint(1, 10))
            if qualified <= self.today:
                concern.changes.append(
                    (ConcernStatus.QUALIFIED, _at(qualified, 16), "Vérifiée auprès des membres")
                )
            closed = concern.received_on + dt.timedelta(days=r.randint(60, 200))
            if closed <= self.today - dt.timedelta(days=30) and r.random() < 0.6:
                concern.changes.append(
                    (
                        ConcernStatus.CLOSED,
                        _at(closed, 11),
                        "Situation apaisée selon les membres du comité",
                    )
                )


def _insert(model: Any, names: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert plain rows into a model's table: the tens of thousands of attendance rows,
    status changes and follow-ups would take seconds as model instances. Values are
    prepared by their fields, so dates and aware datetimes are stored as the ORM would."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    # Only dates and datetimes need the field's conversion; ids and texts go as they are.
    prepare = [
        (i, f) for i, f in enumerate(fields) if isinstance(f, (models.DateField, models.TimeField))
    ]
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = list(row)
            for i, f in prepare:
                values[i] = f.get_db_prep_save(values[i], connection)
            batch.append(values)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


class Writer:
    """Writes the plan: the history in bulk, the latest sessions through the services."""

    def __init__(self, planner: Planner) -> None:
        self.p = planner

    def bulk(self) -> None:
        p = self.p
        sessions = [s for s in p.sessions if not s.through_services]
        objs = Session.objects.bulk_create(
            Session(
                committee=s.committee,
                commission=s.commission,
                kind=s.kind,
                held_on=s.held_on,
                place=s.place,
                agenda=s.agenda,
                chair=s.chair,
                minutes_text=s.minutes_text,
                created_by=p.admin,
            )
            for s in sessions
        )
        for plan, obj in zip(sessions, objs, strict=True):
            plan.obj = obj
        _insert(
            Attendance,
            ["session", "membership", "presence"],
            (
                (s.obj.pk, pk, presence)
                for s in sessions
                for pk, presence in sorted(s.attendance.items())
            ),
        )
        _insert(
            GuestAttendance,
            ["session", "category", "women", "men"],
            ((s.obj.pk, category.pk, w, m) for s in sessions for category, w, m in s.guests),
        )
        concerns = [c for c in p.concerns if c.session is None or not c.session.through_services]
        objs = Concern.objects.bulk_create(
            Concern(
                committee=c.committee,
                category=c.category,
                unit=c.unit,
                place_detail=c.place_detail,
                facts_on=c.facts_on,
                received_on=c.received_on,
                severity=c.severity,
                title=c.title,
                description=c.description,
                source=c.source,
                status=c.status,
                session=c.session.obj if c.session else None,
            )
            for c in concerns
        )
        for plan, obj in zip(concerns, objs, strict=True):
            plan.obj = obj
        admin = p.admin.pk if p.admin else None
        _insert(
            ConcernStatusChange,
            ["concern", "status", "at", "by", "note"],
            (
                (c.obj.pk, status, at, admin, note)
                for c in concerns
                for status, at, note in c.changes
            ),
        )
        _insert(
            Session.agenda_concerns.through,
            ["session", "concern"],
            ((s.obj.pk, c.obj.pk) for s in sessions for c in s.agenda_concerns),
        )
        recommendations = [(s, r) for s in sessions for r in s.recommendations]
        objs = Recommendation.objects.bulk_create(
            Recommendation(
                session=s.obj,
                text=r.text,
                addressee=r.addressee,
                responsible=r.responsible,
                due_on=r.due_on,
                status=r.follow_ups[-1][1],
                adopted_on=s.held_on,
            )
            for s, r in recommendations
        )
        _insert(
            Recommendation.concerns.through,
            ["recommendation", "concern"],
            (
                (obj.pk, c.obj.pk)
                for (_s, r), obj in zip(recommendations, objs, strict=True)
                for c in r.concerns
            ),
        )
        _insert(
            FollowUp,
            ["recommendation", "on", "status", "note", "created_by", "evidence", "evidence_name"],
            (
                (obj.pk, on, status, note, admin, "", "")
                for (_s, r), obj in zip(recommendations, objs, strict=True)
                for on, status, note in r.follow_ups
            ),
        )
        # The rows above bypass the services: derive their denormalised columns once.
        denormalised.refresh_all()

    def through_services(self) -> None:
        """The latest session of each committee that still meets, as a secretary records
        it: session and attendance, agenda from the open concerns, concerns raised,
        recommendations adopted."""
        user = self.p.admin
        for plan in sorted(self.p.sessions, key=lambda s: (s.held_on, s.committee.pk)):
            if not plan.through_services:
                continue
            session = services.session_record(
                user=user,
                committee=plan.committee,
                held_on=plan.held_on,
                attendance=plan.attendance,
                kind=plan.kind,
                place=plan.place,
                agenda=plan.agenda,
                chair=plan.chair,
                guests=[services.GuestCount(category=c, women=w, men=m) for c, w, m in plan.guests],
                minutes_text=self.p.minutes(plan),
            )
            open_on_agenda = [c.obj for c in plan.agenda_concerns if c.obj is not None]
            if open_on_agenda:
                services.session_agenda_set(
                    user=user, session=session, concerns=open_on_agenda, at=_at(plan.held_on)
                )
            for concern in plan.raised:
                concern.obj = services.concern_register(
                    user=user,
                    committee=plan.committee,
                    category=concern.category,
                    title=concern.title,
                    source=concern.source,
                    received_on=concern.received_on,
                    received_at=_at(concern.received_on, 9),
                    description=concern.description,
                    unit=concern.unit,
                    place_detail=concern.place_detail,
                    facts_on=concern.facts_on,
                    severity=concern.severity,
                    session=session,
                )
            for rec in plan.recommendations:
                services.recommendation_adopt(
                    user=user,
                    session=session,
                    text=rec.text,
                    addressee=rec.addressee,
                    concerns=[c.obj for c in rec.concerns if c.obj is not None],
                    responsible=rec.responsible,
                    due_on=rec.due_on,
                )


def load(demo: DemoContext) -> None:
    ensure_reference_data()
    planner = Planner(demo)
    installed = planner.committees(demo)
    planner.load_members([c for c, _first in installed])
    by_name = {c.name: (c, first) for c, first in installed}
    for committee, first in installed:
        planner.plan_committee(committee, first)
    planner.extraordinary(by_name)
    planner.working_commissions(by_name)
    planner.follow()
    writer = Writer(planner)
    writer.bulk()
    # Services write translated notes: the demo speaks French whatever the shell's locale.
    with translation.override("fr"):
        writer.through_services()
    demo.objects["meetings:sessions"] = len(planner.sessions)
