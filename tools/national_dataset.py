"""Generate a deterministic synthetic dataset at national scale, for benchmarks
(`python -m tools generate_national_dataset`; out of the runtime package: it is tooling).

Every region (and the District de Bamako) and every commune gets a committee following
the default methodology, with dated step records (planned, being set up, installed,
stalled), members, up to ten years of monthly sessions with attendance, concerns and
recommendations with their histories, citizen reports, partners and commitments.

Rows are written with `bulk_create` in batches, without services or audit trail: this is
test data, never real data, and it must be fast (a few minutes for the whole country on
SQLite). Every date is an offset from `--end` (today by default), so the same seed gives
the same rows and the same counts whatever the day. Generated committees and partners
carry the dataset's signature in their notes; the command refuses to touch a database
holding anything else unless `--force`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from siccs.citizens.models import Channel, CitizenReport
from siccs.committees.models import (
    AgeGroup,
    Committee,
    CommitteeLevel,
    MemberCategory,
    MemberFunction,
    Membership,
    Person,
    Sex,
)
from siccs.committees.reference import ensure_reference_data as ensure_committee_reference
from siccs.core import dates as core_dates  # today in Bamako
from siccs.meetings import denormalised
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
)
from siccs.meetings.reference import ensure_reference_data as ensure_meeting_reference
from siccs.partners.models import (
    Commitment,
    CommitmentScope,
    CommitmentStatus,
    CommitmentStatusChange,
    CommitmentStep,
    Currency,
    Partner,
    PartnerKind,
    SupportKind,
    UnitCost,
)
from siccs.partners.services import to_fcfa
from siccs.rollout.models import MethodologyStep, StepRecord, StepStatus
from siccs.rollout.reference import ensure_default_methodology
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.names import name_key

# Bump when the generated data changes, so that cached benchmark databases are rebuilt.
GENERATOR_VERSION = 1
MARKER = "generate_national_dataset"
COMMUNES_AT_FULL_SCALE = 815  # ~815 communes after the 2023 reform (domain brief)
BATCH = 2000
UTC = dt.UTC

PARTNERS = [
    ("PNUD", "Programme des Nations unies pour le développement", PartnerKind.MULTILATERAL),
    ("ONU Femmes", "ONU Femmes", PartnerKind.MULTILATERAL),
    ("EUCAP Sahel", "EUCAP Sahel Mali", PartnerKind.MULTILATERAL),
    ("DCAF", "Centre pour la gouvernance du secteur de la sécurité", PartnerKind.MULTILATERAL),
    ("GIZ", "Coopération allemande (GIZ)", PartnerKind.BILATERAL),
    ("Pays-Bas", "Ambassade du Royaume des Pays-Bas", PartnerKind.BILATERAL),
    ("Suisse", "Coopération suisse", PartnerKind.BILATERAL),
    ("Danemark", "Ambassade du Danemark", PartnerKind.BILATERAL),
    ("WANEP", "Réseau ouest-africain pour l'édification de la paix", PartnerKind.NGO),
    ("IMRAP", "Institut malien de recherche action pour la paix", PartnerKind.NGO),
    ("ARGA", "Alliance pour refonder la gouvernance en Afrique", PartnerKind.NGO),
    ("Budget national", "Budget national (État du Mali)", PartnerKind.STATE),
]
SYLLABLES = [
    "ba", "ko", "dia", "fa", "ra", "sé", "gou", "ni", "o", "kou", "la", "dou", "ma", "tin",
    "ké", "bou", "ga", "ri", "san", "so", "di", "na", "ti", "mé", "yé", "wa", "sa", "fo",
]  # fmt: skip
FIRST_F = ["Aminata", "Fatoumata", "Mariam", "Awa", "Kadiatou", "Oumou", "Assétou", "Hawa"]
FIRST_M = ["Moussa", "Amadou", "Boubacar", "Ibrahim", "Seydou", "Mamadou", "Oumar", "Adama"]
LAST = ["Traoré", "Coulibaly", "Diarra", "Keïta", "Maïga", "Touré", "Cissé", "Sangaré", "Dicko"]
# Member categories and how many seats each usually has (communal committee).
SEATS = [
    ("administration", 2),
    ("elected", 3),
    ("fds", 4),
    ("civil-society", 2),
    ("religious", 2),
    ("traditional", 3),
    ("youth", 1),
    ("women", 1),
]
REPORT_TEXT = f"Signalement synthétique ({MARKER})."
BLOCK_REASONS = [
    "Absence de financement de l'atelier",
    "Insécurité sur les axes",
    "Acte de nomination en attente de signature",
    "Autorité absente",
]


def signature(*, seed: int, years: int, scale: float) -> str:
    """What generated rows carry in their notes; the benchmark compares it to reuse a cache."""
    return f"{MARKER} v{GENERATOR_VERSION} seed={seed} years={years} scale={scale:g}"


def dataset_signature() -> str | None:
    """The signature of the generated dataset in the database, if any."""
    notes = (
        Committee.objects.filter(notes__startswith=MARKER)
        .order_by("pk")
        .values_list("notes", flat=True)
        .first()
    )
    return notes


def foreign_data() -> list[str]:
    """What the database holds that this generator did not write."""
    found = []
    if Committee.objects.exclude(notes__startswith=MARKER).exists():
        found.append("committees")
    if Partner.objects.exclude(notes__startswith=MARKER).exists():
        found.append("partners")
    if CitizenReport.objects.exclude(description=REPORT_TEXT).exists():
        found.append("citizen reports")
    return found


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@dataclass
class Plan:
    """One committee before it is written: its unit, kind and the dates of its steps."""

    unit: AdministrativeUnit
    level: CommitteeLevel
    kind: str  # installed, setting_up, stalled, planned
    planned_on: dt.date
    # step order -> (started_on, done_on, blocked_on)
    steps: dict[int, tuple[dt.date | None, dt.date | None, dt.date | None]] = field(
        default_factory=dict
    )
    partners: dict[int, int] = field(default_factory=dict)  # step order -> partner pk
    installed_on: dt.date | None = None
    first_session: dt.date | None = None
    sessions_until: dt.date | None = None
    appointed_on: dt.date | None = None
    committee: Committee | None = None


class Generator:
    def __init__(
        self, *, seed: int, years: int, scale: float, end: dt.date, log: Any = None
    ) -> None:
        self.seed, self.years, self.scale, self.end = seed, years, scale, end
        self.start = end - dt.timedelta(days=round(365.25 * years))
        self.rng = random.Random(seed)
        self.sig = signature(seed=seed, years=years, scale=scale)
        self.log = log or (lambda _msg: None)
        self.counts: dict[str, int] = defaultdict(int)

    # --- helpers --------------------------------------------------------------------------

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def name(self) -> str:
        parts = self.rng.randint(2, 3)
        word = "".join(self.rng.choice(SYLLABLES) for _ in range(parts))
        return word.capitalize()

    def create(self, model: type, rows: list, **kwargs: Any) -> list:
        if rows:
            model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)
            self.counts[model._meta.model_name] += len(rows)
        return rows

    # --- reference data and territory -----------------------------------------------------

    def reference(self) -> None:
        ensure_committee_reference()
        ensure_meeting_reference()
        self.version = ensure_default_methodology()
        self.steps = list(MethodologyStep.objects.filter(version=self.version).order_by("order"))
        self.levels = {lv.code: lv for lv in CommitteeLevel.objects.all()}
        self.categories = {c.code: c for c in MemberCategory.objects.all()}
        self.concern_categories = list(ConcernCategory.objects.order_by("order", "pk"))
        self.addressees = list(Addressee.objects.order_by("order", "pk"))

    def territory(self) -> None:
        country = AdministrativeUnit.objects.get(level=Level.COUNTRY, parent__isnull=True)
        self.regions = list(
            AdministrativeUnit.objects.in_force(self.end)
            .filter(level=Level.REGION)
            .order_by("name", "pk")
        )
        communes = list(
            AdministrativeUnit.objects.in_force(self.end)
            .filter(level=Level.COMMUNE)
            .order_by("path", "name", "pk")
        )
        if not communes:
            communes = self.create_communes()
        else:
            wanted = max(1, round(len(communes) * min(self.scale, 1.0)))
            communes = sorted(self.rng.sample(communes, wanted), key=lambda u: u.path)
        self.communes = communes
        self.country = country
        by_id = {r.pk: r for r in self.regions}
        self.region_of = {}
        for unit in communes:
            ids = unit.depth_ids
            self.region_of[unit.pk] = by_id.get(ids[1]) if len(ids) > 1 else None

    def create_communes(self) -> list[AdministrativeUnit]:
        """Cercles and communes under the shipped regions (the District has no cercles)."""
        total = max(len(self.regions), round(COMMUNES_AT_FULL_SCALE * self.scale))
        weights = [
            0.3 if r.name_key.startswith("district") else self.rng.uniform(0.6, 1.4)
            for r in self.regions
        ]
        share = [w / sum(weights) for w in weights]
        counts = [max(1, round(total * s)) for s in share]
        cercles: list[tuple[AdministrativeUnit, AdministrativeUnit]] = []
        plan: list[tuple[AdministrativeUnit, int]] = []
        for region, n in zip(self.regions, counts, strict=True):
            lat, lon = self.rng.uniform(11, 22), self.rng.uniform(-11, 3)
            if region.name_key.startswith("district"):
                plan.append((region, n))
                continue
            n_cercles = max(1, round(n / 5))
            for i in range(n_cercles):
                unit = AdministrativeUnit(
                    name=self.name(),
                    level=Level.CERCLE,
                    parent=region,
                    centre_lat=round(lat + self.rng.uniform(-1, 1), 3),
                    centre_lon=round(lon + self.rng.uniform(-1, 1), 3),
                    aliases=self.sig,
                )
                cercles.append((region, unit))
                plan.append((unit, n // n_cercles + (1 if i < n % n_cercles else 0)))
        self._write_units([u for _r, u in cercles])
        communes = []
        for parent, n in plan:
            for _ in range(n):
                communes.append(
                    AdministrativeUnit(
                        name=self.name(),
                        level=Level.COMMUNE,
                        parent=parent,
                        centre_lat=round(
                            (parent.centre_lat or 12.63) + self.rng.uniform(-0.1, 0.1), 3
                        ),
                        centre_lon=round(
                            (parent.centre_lon or -7.99) + self.rng.uniform(-0.1, 0.1), 3
                        ),
                        aliases=self.sig,
                    )
                )
        self._write_units(communes)
        return communes

    def _write_units(self, units: list[AdministrativeUnit]) -> None:
        for unit in units:
            unit.name_key = name_key(unit.name)
        self.create(AdministrativeUnit, units)
        for unit in units:
            unit.path = f"{unit.parent.path}{unit.pk}/"
        AdministrativeUnit.objects.bulk_update(units, ["path"], batch_size=BATCH)

    # --- committees and their steps -------------------------------------------------------

    def partners(self) -> None:
        existing = {p.name: p for p in Partner.objects.all()}
        new = [
            Partner(name=name, acronym=acronym, kind=kind, notes=self.sig)
            for acronym, name, kind in PARTNERS
            if name not in existing
        ]
        self.create(Partner, new)
        names = {name for _a, name, _k in PARTNERS}
        self.partner_list = sorted(
            [p for p in Partner.objects.all() if p.name in names], key=lambda p: p.name
        )
        self.partner_ids = [p.pk for p in self.partner_list]

    def plan_committees(self) -> list[Plan]:
        taken = set(Committee.objects.values_list("unit_id", "level_id"))
        plans = []
        for region in self.regions:
            code = "district" if region.name_key.startswith("district") else "regional"
            plans.append(self.plan_one(region, self.levels[code], regional=True))
        for commune in self.communes:
            plans.append(self.plan_one(commune, self.levels["communal"], regional=False))
        return [p for p in plans if (p.unit.pk, p.level.pk) not in taken]

    def plan_one(self, unit: AdministrativeUnit, level: CommitteeLevel, regional: bool) -> Plan:
        """Dates of the steps of one committee: all of them for an installed one (then
        monthly sessions), the first few for one being set up or stalled (its last step
        started long ago, maybe blocked), none for one just planned."""
        rng = self.rng
        weights = (0.85, 0.05, 0.05, 0.05) if regional else (0.6, 0.14, 0.13, 0.13)
        kind = rng.choices(("installed", "setting_up", "stalled", "planned"), weights)[0]
        horizon = (self.end - self.start).days
        # Per step: days from the end of the previous step to its end, and to its start.
        durations = [(rng.randint(10, s.expected_days + 20), rng.randint(1, 5)) for s in self.steps]
        launch = next(i for i, s in enumerate(self.steps) if s.marks_installation)
        if kind == "installed":
            planned_on = self.start + self.days(0, int(horizon * 0.65))
            reach = len(self.steps)
        elif kind == "planned":
            planned_on = self.end - self.days(0, 80)
            reach = 0
        else:
            reach = rng.randint(0, launch)  # steps done before the one under way
            if kind == "setting_up":
                anchor = self.end - self.days(3, 80)
            else:
                anchor = self.end - self.days(120, max(121, int(horizon * 0.6)))
            lead = sum(length for length, _ in durations[:reach])
            planned_on = max(self.start, anchor - dt.timedelta(days=lead))
        plan = Plan(unit=unit, level=level, kind=kind, planned_on=planned_on)
        day = planned_on
        for i, step in enumerate(self.steps):
            length, lead = durations[i]
            started = day + dt.timedelta(days=lead)
            if kind in ("setting_up", "stalled") and i == reach:
                blocked = started + self.days(5, 30) if kind == "stalled" else None
                plan.steps[step.order] = (started, None, blocked)
                break
            if i >= reach:
                break
            if not step.required:
                # Regular sessions: under way since the first session, never finished.
                plan.steps[step.order] = (plan.first_session or started, None, None)
                continue
            day = max(started + dt.timedelta(days=1), day + dt.timedelta(days=length))
            plan.steps[step.order] = (started, day, None)
            if step.marks_installation:
                plan.installed_on = day
            if step.code == "appointment":
                plan.appointed_on = day
            if step.code == "first-session":
                plan.first_session = day
        if plan.installed_on is not None and plan.first_session is None:
            plan.first_session = plan.installed_on + self.days(15, 45)
        self.truncate(plan)
        if plan.first_session is not None:
            lapsed = rng.random() < 0.12
            plan.sessions_until = self.end - self.days(130, 900) if lapsed else self.end
        for i, step in enumerate(self.steps):
            if step.order in plan.steps and rng.random() < (0.75 if i == launch else 0.3):
                plan.partners[step.order] = rng.choice(self.partner_ids)
        return plan

    def truncate(self, plan: Plan) -> None:
        """Forget what would happen after the end date (a committee planned late in the
        period is still being set up on the last day)."""
        end = self.end

        def upto(day: dt.date | None) -> dt.date | None:
            return day if day is not None and day <= end else None

        plan.steps = {
            order: (started, upto(done), upto(blocked))
            for order, (started, done, blocked) in plan.steps.items()
            if started is not None and started <= end
        }
        plan.installed_on = upto(plan.installed_on)
        plan.appointed_on = upto(plan.appointed_on)
        plan.first_session = upto(plan.first_session)

    def write_committees(self, plans: list[Plan]) -> None:
        committees = []
        for plan in plans:
            acronym = plan.level.acronym or "CCS"
            if plan.level.code == "district":
                name = f"CCS du District de {plan.unit.name.replace('District de ', '')}"
            else:
                name = f"{acronym} {plan.unit.name}"
            act = plan.appointed_on
            plan.committee = Committee(
                name=name,
                level=plan.level,
                unit=plan.unit,
                methodology_version=self.version,
                planned_on=plan.planned_on,
                creation_act_reference=f"Décision n°{self.rng.randint(1, 999):03d}" if act else "",
                creation_act_date=act,
                chair_office=plan.level.chair_office,
                notes=self.sig,
            )
            committees.append(plan.committee)
        self.create(Committee, committees)
        records = []
        for plan in plans:
            planned = plan.planned_on
            for step in self.steps:
                planned = planned + dt.timedelta(days=step.expected_days)
                started, done, blocked = plan.steps.get(step.order, (None, None, None))
                if done is not None:
                    status = StepStatus.DONE
                elif blocked is not None:
                    status = StepStatus.BLOCKED
                elif started is not None:
                    status = StepStatus.IN_PROGRESS
                else:
                    status = StepStatus.PLANNED
                records.append(
                    StepRecord(
                        committee=plan.committee,
                        step=step,
                        status=status,
                        planned_on=planned,
                        started_on=started,
                        done_on=done,
                        blocked_on=blocked,
                        blocked_reason=self.rng.choice(BLOCK_REASONS) if blocked else "",
                        partner_id=plan.partners.get(step.order),
                    )
                )
        self.create(StepRecord, records)

    # --- members -------------------------------------------------------------------------

    def write_members(self, plans: list[Plan]) -> dict[int, list[tuple[Membership, bool]]]:
        """Members from the appointment on; some leave and are replaced over the years.
        Returns committee pk -> [(membership, is_woman)]."""
        rng = self.rng
        seats: list[tuple[Plan, str, str, dt.date, dt.date | None]] = []
        for plan in plans:
            if plan.appointed_on is None:
                continue
            factor = 1.4 if plan.level.unit_level == Level.REGION else 1.0
            n = 0
            for category, count in SEATS:
                for _ in range(max(1, round(count * factor * rng.uniform(0.7, 1.3)))):
                    function = (
                        MemberFunction.CHAIR
                        if n == 0
                        else MemberFunction.VICE_CHAIR
                        if n == 1
                        else MemberFunction.SECRETARY
                        if n == 2
                        else MemberFunction.MEMBER
                    )
                    n += 1
                    begin = plan.appointed_on
                    # One seat in eight changes hands once during the period.
                    if rng.random() < 0.125:
                        left = begin + self.days(200, 2000)
                        if left < self.end:
                            seats.append((plan, category, function, begin, left))
                            seats.append((plan, category, function, left, None))
                            continue
                    seats.append((plan, category, function, begin, None))
        persons, memberships = [], []
        for plan, category, function, begin, left in seats:
            woman = category == "women" or rng.random() < 0.1
            sex = Sex.FEMALE if woman else Sex.MALE
            first = rng.choice(FIRST_F if woman else FIRST_M)
            born = rng.randint(1950, 1995)
            persons.append(
                Person(
                    full_name=f"{first} {rng.choice(LAST)}",
                    sex=sex,
                    birth_year=born,
                    age_group=AgeGroup.YOUTH
                    if born > 1988
                    else AgeGroup.SENIOR
                    if born < 1965
                    else AgeGroup.ADULT,
                    organisation=self.categories[category].name,
                )
            )
            memberships.append(
                Membership(
                    committee=plan.committee,
                    category=self.categories[category],
                    function=function,
                    start_on=begin,
                    end_on=left,
                    active=left is None,
                )
            )
        self.create(Person, persons)
        for person, membership in zip(persons, memberships, strict=True):
            membership.person = person
        self.create(Membership, memberships)
        result: dict[int, list[tuple[Membership, bool]]] = defaultdict(list)
        for person, membership in zip(persons, memberships, strict=True):
            result[membership.committee_id].append((membership, person.sex == Sex.FEMALE))
        return result

    # --- sessions, attendance, concerns, recommendations ----------------------------------

    def session_dates(self, plan: Plan) -> list[tuple[dt.date, str]]:
        rng = self.rng
        assert plan.first_session is not None and plan.sessions_until is not None
        dates = [(plan.first_session, SessionKind.ORDINARY)]
        month = add_months(plan.first_session, 1)
        while month <= plan.sessions_until:
            day = month.replace(day=rng.randint(3, 26))
            if day <= plan.sessions_until and rng.random() >= 0.07:
                dates.append((day, SessionKind.ORDINARY))
            if rng.random() < 0.04:
                extra = month.replace(day=rng.randint(1, 28))
                if extra <= plan.sessions_until:
                    dates.append((extra, SessionKind.EXTRAORDINARY))
            month = add_months(month, 1)
        return dates

    def write_sessions(
        self, plans: list[Plan], members: dict[int, list[tuple[Membership, bool]]]
    ) -> None:
        pending: list[tuple[Plan, Session]] = []
        for plan in plans:
            if plan.first_session is None:
                continue
            for held_on, kind in self.session_dates(plan):
                session = Session(
                    committee=plan.committee,
                    kind=kind,
                    held_on=held_on,
                    place="Salle de la mairie" if plan.level.code == "communal" else "Gouvernorat",
                    chair=plan.level.chair_office,
                )
                pending.append((plan, session))
                if len(pending) >= 5000:
                    self.write_session_batch(pending, members)
                    pending = []
        self.write_session_batch(pending, members)

    def write_session_batch(
        self,
        pending: list[tuple[Plan, Session]],
        members: dict[int, list[tuple[Membership, bool]]],
    ) -> None:
        rng = self.rng
        self.create(Session, [s for _p, s in pending])
        attendances, guests = [], []
        for plan, session in pending:
            for membership, _woman in members.get(plan.committee.pk, []):
                if membership.start_on > session.held_on or (
                    membership.end_on is not None and membership.end_on <= session.held_on
                ):
                    continue
                draw = rng.random()
                presence = (
                    Presence.PRESENT
                    if draw < 0.8
                    else Presence.EXCUSED
                    if draw < 0.9
                    else Presence.ABSENT
                )
                attendances.append(
                    Attendance(session=session, membership=membership, presence=presence)
                )
            if rng.random() < 0.25:
                guests.append(
                    GuestAttendance(
                        session=session,
                        category=self.categories[rng.choice(("women", "youth", "civil-society"))],
                        women=rng.randint(0, 5),
                        men=rng.randint(0, 5),
                    )
                )
        self.create(Attendance, attendances)
        self.create(GuestAttendance, guests)
        self.write_session_matters(pending)

    def concern_history(self, concern: Concern) -> list[ConcernStatusChange]:
        """Received, then qualified, forwarded, answered and closed for some, up to the end."""
        rng = self.rng
        at = _at(concern.received_on, rng.randint(8, 17))
        changes = [ConcernStatusChange(concern=concern, status=ConcernStatus.RECEIVED, at=at)]
        for status, chance, low, high in (
            (ConcernStatus.QUALIFIED, 0.85, 0, 5),
            (ConcernStatus.FORWARDED, 0.75, 1, 10),
            (ConcernStatus.ANSWERED, 0.8, 3, 60),
            (ConcernStatus.CLOSED, 0.6, 0, 30),
        ):
            if rng.random() >= chance:
                break
            at = at + dt.timedelta(days=rng.randint(low, high), hours=rng.randint(0, 6))
            if at.date() > self.end:
                break
            changes.append(ConcernStatusChange(concern=concern, status=status, at=at))
        concern.status = changes[-1].status
        return changes

    def new_concern(self, committee: Committee, received_on: dt.date, source: str, **kw: Any):
        category = self.rng.choice(self.concern_categories)
        return Concern(
            committee=committee,
            category=category,
            unit_id=committee.unit_id,
            received_on=received_on,
            facts_on=received_on - self.days(0, 10),
            severity=self.rng.randint(1, 4),
            title=category.name[:200],
            source=source,
            **kw,
        )

    def write_session_matters(self, pending: list[tuple[Plan, Session]]) -> None:
        rng = self.rng
        concerns, recommendations = [], []
        for plan, session in pending:
            raised = []
            for _ in range(rng.choices((0, 1, 2), (0.5, 0.35, 0.15))[0]):
                received = max(
                    plan.installed_on or session.held_on, session.held_on - self.days(0, 20)
                )
                concern = self.new_concern(
                    plan.committee, received, ConcernSource.SESSION, session=session
                )
                concerns.append(concern)
                raised.append(concern)
            for _ in range(rng.choices((0, 1, 2), (0.45, 0.4, 0.15))[0]):
                recommendation = Recommendation(
                    session=session,
                    text="Renforcer les patrouilles et informer la population.",
                    addressee=rng.choice(self.addressees),
                    due_on=session.held_on + self.days(30, 120),
                    adopted_on=session.held_on,
                )
                recommendation._concern = rng.choice(raised) if raised else None
                recommendations.append(recommendation)
        self.write_concerns(concerns)
        self.create(Recommendation, recommendations)
        follow_ups, links = [], []
        Link = Recommendation.concerns.through
        for recommendation in recommendations:
            day, status = recommendation.adopted_on, RecommendationStatus.OPEN
            for _ in range(rng.choices((0, 1, 2, 3), (0.25, 0.35, 0.25, 0.15))[0]):
                day = day + self.days(10, 120)
                if day > self.end:
                    break
                status = rng.choices(
                    (
                        RecommendationStatus.IN_PROGRESS,
                        RecommendationStatus.DONE,
                        RecommendationStatus.NOT_DONE,
                        RecommendationStatus.DROPPED,
                    ),
                    (0.45, 0.4, 0.1, 0.05),
                )[0]
                follow_ups.append(
                    FollowUp(recommendation=recommendation, on=day, status=status, note="Suivi")
                )
                if status != RecommendationStatus.IN_PROGRESS:
                    break
            if status != RecommendationStatus.OPEN:
                recommendation.status = status
            if recommendation._concern is not None:
                links.append(
                    Link(recommendation_id=recommendation.pk, concern_id=recommendation._concern.pk)
                )
        Recommendation.objects.bulk_update(
            [r for r in recommendations if r.status != RecommendationStatus.OPEN],
            ["status"],
            batch_size=BATCH,
        )
        self.create(FollowUp, follow_ups)
        self.create(Link, links)

    def write_concerns(self, concerns: list[Concern]) -> None:
        histories = [self.concern_history(c) for c in concerns]
        self.create(Concern, concerns)
        changes = []
        for concern, history in zip(concerns, histories, strict=True):
            for change in history:
                change.concern = concern
                changes.append(change)
        self.create(ConcernStatusChange, changes)

    # --- citizen reports ------------------------------------------------------------------

    def write_reports(self, plans: list[Plan]) -> None:
        """About two reports per commune and year, a third of them turned into concerns of
        the commune's committee (once it is installed)."""
        from siccs.citizens.services import CODE_ALPHABET

        rng = self.rng
        committee_of = {
            p.unit.pk: p for p in plans if p.level.code == "communal" and p.installed_on
        }
        taken = set(CitizenReport.objects.values_list("tracking_code", flat=True))
        n = round(2 * len(self.communes) * self.years)
        horizon = (self.end - self.start).days
        reports, concerns = [], []
        index = self.seed * 1_000_003
        for _ in range(n):
            commune = rng.choice(self.communes) if rng.random() > 0.04 else None
            received_at = _at(self.start + self.days(0, horizon), rng.randint(6, 22))
            while True:
                index += 1
                value, raw = index, ""
                for _ in range(6):
                    value, digit = divmod(value, len(CODE_ALPHABET))
                    raw += CODE_ALPHABET[digit]
                code = f"{raw[:3]}-{raw[3:]}"
                if code not in taken:
                    taken.add(code)
                    break
            answered_at = None
            if rng.random() < 0.65:
                answered_at = received_at + dt.timedelta(hours=rng.randint(4, 24 * 40))
                if answered_at.date() > self.end:
                    answered_at = None
            category = rng.choice(self.concern_categories) if rng.random() > 0.1 else None
            report = CitizenReport(
                channel=rng.choices((Channel.SMS, Channel.WEB, Channel.FIELD_FORM), (6, 3, 1))[0],
                tracking_code=code,
                category=category,
                commune=commune,
                description=REPORT_TEXT,
                language=rng.choice(("fr", "fr", "bm")),
                received_at=received_at,
                answered_at=answered_at,
                answer_delay=answered_at - received_at if answered_at else None,
                answer_text="Le CCS a saisi les FDS de la zone." if answered_at else "",
            )
            plan = committee_of.get(commune.pk) if commune is not None else None
            if plan is not None and plan.installed_on <= received_at.date() and rng.random() < 0.33:
                concern = self.new_concern(
                    plan.committee, received_at.date(), ConcernSource.CITIZEN
                )
                if category is not None:
                    concern.category = category
                concerns.append(concern)
                report._concern = concern
            reports.append(report)
        self.write_concerns(concerns)
        for report in reports:
            concern = getattr(report, "_concern", None)
            report.concern_id = concern.pk if concern is not None else None
        self.create(CitizenReport, reports)

    # --- partners' commitments ------------------------------------------------------------

    def write_commitments(self, plans: list[Plan]) -> None:
        rng = self.rng
        rates = {
            Currency.XOF: Decimal(1),
            Currency.EUR: Decimal("655.957"),
            Currency.USD: Decimal(600),
        }
        commitments, extras = [], []
        by_region: dict[int, list[Plan]] = defaultdict(list)
        for plan in plans:
            region = self.region_of.get(plan.unit.pk, plan.unit)
            by_region[region.pk if region else 0].append(plan)
        step_codes = [s.code for s in self.steps]
        for partner in self.partner_list:
            for _ in range(rng.randint(3, 8)):
                scope = rng.choice(list(CommitmentScope.values))
                region = rng.choice(self.regions)
                currency = rng.choice(list(Currency.values))
                amount = Decimal(rng.randint(5, 400) * 1000)
                if currency == Currency.XOF:
                    amount *= 600
                start_on = self.start + self.days(0, (self.end - self.start).days)
                commitment = Commitment(
                    partner=partner,
                    title=f"Appui aux CCS — {region.name}",
                    kind=rng.choice(list(SupportKind.values)),
                    scope=scope,
                    unit=self.country if scope == CommitmentScope.STEPS else region,
                    level=self.levels["communal"] if rng.random() < 0.4 else None,
                    all_steps=scope != CommitmentScope.STEPS,
                    start_on=start_on,
                    end_on=start_on + self.days(180, 1095),
                    amount=amount,
                    currency=currency,
                    exchange_rate=rates[currency],
                    amount_fcfa=to_fcfa(amount, currency, rates[currency]),
                    notes=self.sig,
                )
                history, day = [], start_on - self.days(10, 60)
                for status in CommitmentStatus.values:
                    if day > self.end:
                        break
                    history.append((status, day))
                    if rng.random() < 0.35:
                        break
                    day = day + self.days(20, 200)
                commitment.status, commitment.status_on = history[-1]
                commitments.append(commitment)
                picked = by_region.get(region.pk, [])
                extras.append(
                    (
                        history,
                        rng.sample(step_codes, 2) if scope == CommitmentScope.STEPS else [],
                        [p.committee for p in rng.sample(picked, min(len(picked), 5))]
                        if scope == CommitmentScope.COMMITTEES
                        else [],
                    )
                )
        self.create(Commitment, commitments)
        changes, steps, links = [], [], []
        Link = Commitment.committees.through
        for commitment, (history, codes, committees) in zip(commitments, extras, strict=True):
            for status, day in history:
                changes.append(CommitmentStatusChange(commitment=commitment, status=status, on=day))
            for code in codes:
                steps.append(CommitmentStep(commitment=commitment, step_code=code))
            for committee in committees:
                links.append(Link(commitment_id=commitment.pk, committee_id=committee.pk))
        self.create(CommitmentStatusChange, changes)
        self.create(CommitmentStep, steps)
        self.create(Link, links)
        have = set(UnitCost.objects.values_list("step_code", "level_id"))
        costs = [
            UnitCost(step_code=code, level=level, amount_fcfa=rng.randint(5, 60) * 100_000)
            for code in step_codes
            for level in self.levels.values()
            if (code, level.pk) not in have
        ]
        self.create(UnitCost, costs)

    # --- all together ---------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        started = time.monotonic()

        def stage(label: str) -> None:
            self.log(f"  {label} ({time.monotonic() - started:.1f} s)")

        self.reference()
        self.territory()
        stage(f"territory: {len(self.regions)} regions, {len(self.communes)} communes")
        self.partners()
        plans = self.plan_committees()
        self.write_committees(plans)
        stage(f"committees: {len(plans)}")
        members = self.write_members(plans)
        stage("members")
        self.write_sessions(plans, members)
        stage("sessions, attendance, concerns, recommendations")
        self.write_reports(plans)
        stage("citizen reports")
        # Rows were written in bulk, past the services: derive their columns once.
        denormalised.refresh_all()
        stage("attendance tallies, answer days, follow-up chains")
        self.write_commitments(plans)
        stage("commitments")
        return dict(sorted(self.counts.items()))


def generate(
    *, seed: int = 1, years: int = 10, scale: float = 1.0, end: dt.date | None = None, log=None
) -> dict[str, int]:
    """Write the dataset in one transaction and return the number of rows per model."""
    generator = Generator(
        seed=seed, years=years, scale=scale, end=end or core_dates.today(), log=log
    )
    with transaction.atomic():
        return generator.run()


class Command(BaseCommand):
    help = "Generate a deterministic synthetic dataset at national scale (for benchmarks)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--years", type=int, default=10, help="years of history")
        parser.add_argument("--scale", type=float, default=1.0, help="1.0: ~815 communes")
        parser.add_argument(
            "--end", type=dt.date.fromisoformat, default=None, help="last day (default: today)"
        )
        parser.add_argument(
            "--force", action="store_true", help="write even beside data not generated here"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["years"] < 1 or not 0 < options["scale"] <= 5:
            raise CommandError("--years must be at least 1 and --scale between 0 and 5.")
        foreign = foreign_data()
        if foreign and not options["force"]:
            raise CommandError(
                "This database already holds data not generated by this command "
                f"({', '.join(foreign)}): use an empty database, or --force to write beside it."
            )
        existing = dataset_signature()
        if existing and not options["force"]:
            raise CommandError(
                f"A generated dataset is already here ({existing}): "
                "use an empty database, or --force to add another."
            )
        started = time.monotonic()
        counts = generate(
            seed=options["seed"],
            years=options["years"],
            scale=options["scale"],
            end=options["end"],
            log=self.stdout.write,
        )
        elapsed = time.monotonic() - started
        for model, n in counts.items():
            self.stdout.write(f"  {model:<28} {n:>9}")
        self.stdout.write(
            self.style.SUCCESS(f"{sum(counts.values())} rows generated in {elapsed:.1f} s.")
        )
