"""Importing committees, step records and members from XLSX or CSV files.

Every row is validated first; then, only if no row has an error, everything is written in
one transaction: a file goes in whole or not at all.

The templates speak the user's language: column headers, an "Instructions" sheet and
drop-down lists (spreadsheet data validation) in French on French pages. Reading is
forgiving the same way: a column is found by its French or English header or by its code,
and a coded value by its code or its French or English label, accents, case and plurals
ignored (`secrétaire`, `Secretary`, `secretary` are one function; `femmes` is the women's
association category). Place names match the same way (`Segou` finds `Ségou`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siccs.accounts.scoping import Action
from siccs.committees import services
from siccs.committees.import_columns import (
    COLUMNS,
    Choices,
    Option,
    header_map,
    missing_columns,
)
from siccs.committees.import_columns import template_workbook as build_template
from siccs.committees.models import (
    AgeGroup,
    Committee,
    CommitteeImport,
    CommitteeLevel,
    ImportStatus,
    MemberCategory,
    MemberFunction,
    Membership,
    Sex,
)
from siccs.core import dates
from siccs.core.dates import ensure_plausible
from siccs.core.errors import DomainError
from siccs.core.phones import clean_phone
from siccs.core.tabular.reader import (
    FileRefused,
    Limits,
    kind_of,
    open_archive,
    read_capped,
    read_table,
    refuse_kind,
)
from siccs.rollout import services as rollout_services
from siccs.rollout.models import StepRecord, StepStatus
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.names import UnitNames, name_key

MAX_ROWS = 2000


@dataclass
class Kind:
    label: Any


KINDS: dict[str, Kind] = {
    "committees": Kind(gettext_lazy("Committees")),
    "step_records": Kind(gettext_lazy("Step records")),
    "members": Kind(gettext_lazy("Members")),
}


class ImportFileError(Exception):
    pass


def read_rows(data: IO[bytes] | bytes, kind: str = "members") -> list[dict[str, Any]]:
    """Rows of the first sheet (XLSX) or of a CSV (`;` or `,`), keyed by column key (the
    header may be French, English or the code), read by the one guarded reader (size,
    type from content, bombs, encodings, row count)."""
    try:
        table = read_table(data, Limits(max_rows=MAX_ROWS))
    except FileRefused as error:
        raise ImportFileError(error.message) from error
    if not table:
        raise ImportFileError(_("The file is empty."))
    if len(table) < 2:
        raise ImportFileError(_("The file has no line under its column names."))
    header = header_map(kind, table[0])
    missing = missing_columns(kind, header)
    if missing:
        raise ImportFileError(
            _("The first line must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(f"« {label} »" for label in missing)}
        )
    return [
        {header[i]: value for i, value in enumerate(row) if i < len(header) and header[i]}
        for row in table[1:]
    ]


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(row: dict[str, Any], key: str) -> dt.date | None:
    value = row.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        ensure_plausible(value, field=key)
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        ensure_plausible(parsed, field=key)
        return parsed
    raise DomainError(
        _("« %(value)s » is not a date (use 2024-03-31 or 31/03/2024).") % {"value": text}
    )


def _suggestion(names: list[str]) -> str:
    """A "did you mean …?" after an unknown place name, when a near spelling exists."""
    if not names:
        return ""
    return " " + _("Did you mean: %(names)s?") % {"names": ", ".join(names)}


def _shown(name: str, name_en: str = "") -> str:
    """A configured name in the active language (levels and steps have an English form)."""
    return name_en if name_en and translation.get_language() == "en" else name


def level_choices() -> Choices:
    return Choices(
        _("level"),
        [
            Option(
                level.code,
                _shown(level.name, level.name_en),
                {name_key(k) for k in (level.code, level.name, level.name_en, level.acronym) if k},
            )
            for level in CommitteeLevel.objects.order_by("unit_level", "code")
        ],
    )


# How people write the shipped categories besides their names (plurals are folded anyway).
CATEGORY_SPELLINGS: dict[str, tuple[str, ...]] = {
    "women": ("femme", "association féminine", "coordination des femmes"),
    "youth": ("jeune", "jeunes", "conseil de la jeunesse"),
    "elected": ("élue", "élus locaux"),
    "religious": ("religieux", "religion"),
    "traditional": ("chef de village", "chef de quartier", "chefferie"),
    "fds": ("forces de sécurité", "forces armées"),
    "hunters": ("chasseur", "dozos"),
}


def category_choices() -> Choices:
    return Choices(
        _("category"),
        [
            Option(
                category.code,
                category.name,
                {
                    name_key(k)
                    for k in (
                        category.code,
                        category.name,
                        *CATEGORY_SPELLINGS.get(category.code, ()),
                    )
                },
            )
            for category in MemberCategory.objects.all()
        ],
    )


def step_choices(steps: Any) -> Choices:
    return Choices(
        _("step"),
        [
            Option(
                step.code,
                _shown(step.name, step.name_en),
                {name_key(k) for k in (step.code, step.name, step.name_en) if k},
            )
            for step in steps
        ],
    )


def function_choices() -> Choices:
    return Choices.from_text_choices(
        _("function"),
        MemberFunction,
        {
            "chair": ["présidente", "président du comité"],
            "vice_chair": ["vice-présidente", "vice président"],
            "secretary": ["rapporteuse", "secrétaire général"],
            "member": ["simple membre"],
        },
    )


def sex_choices() -> Choices:
    return Choices.from_text_choices(
        _("sex"), Sex, {"F": ["féminin", "female"], "M": ["H", "masculin", "male"]}
    )


def age_group_choices() -> Choices:
    return Choices.from_text_choices(_("age group"), AgeGroup)


def status_choices() -> Choices:
    return Choices.from_text_choices(
        _("status"),
        StepStatus,
        {
            "planned": ["prévu", "prévue", "à faire"],
            "done": ["réalisé", "réalisée", "fait", "faite", "terminé", "terminée"],
            "blocked": ["bloqué", "bloquée"],
        },
    )


def template_lists(user: Any) -> dict[str, Choices]:
    """The drop-down lists of the templates, in the active language; regions are those
    where the user may import."""
    regions = AdministrativeUnit.objects.visible_to(user, Action.CHANGE).filter(level=Level.REGION)
    try:
        latest = services.latest_published_version().steps.order_by("order")
    except DomainError:
        latest = []
    return {
        "region": Choices(_("region"), [Option(r.name, r.name) for r in regions.order_by("name")]),
        "level": level_choices(),
        "category": category_choices(),
        "function": function_choices(),
        "sex": sex_choices(),
        "age_group": age_group_choices(),
        "status": status_choices(),
        "step": step_choices(latest),
    }


@dataclass
class Context:
    user: Any
    levels: Choices = field(default_factory=level_choices)
    categories: dict[str, MemberCategory] = field(default_factory=dict)
    category_choices: Choices = field(default_factory=category_choices)
    functions: Choices = field(default_factory=function_choices)
    sexes: Choices = field(default_factory=sex_choices)
    age_groups: Choices = field(default_factory=age_group_choices)
    statuses: Choices = field(default_factory=status_choices)
    steps: dict[int, tuple[Choices, dict[str, Any]]] = field(default_factory=dict)
    partners: dict[str, Any] = field(default_factory=dict)  # name or acronym -> partner
    planned: set[tuple[int, int]] = field(default_factory=set)  # committees planned by this file
    unit_names: dict[Any, UnitNames] = field(default_factory=dict)
    by_level: dict[str, CommitteeLevel] = field(default_factory=dict)
    seen: dict[tuple[int, str | int], int] = field(default_factory=dict)  # row key -> line
    personal: dict[int, dict[str, Membership]] = field(default_factory=dict)  # sitting members
    line: int = 0  # the line being checked
    committee_id: int | None = None  # the committee the line concerns

    @classmethod
    def build(cls, user: Any) -> Context:
        ctx = cls(user=user)
        ctx.by_level = {level.code: level for level in CommitteeLevel.objects.all()}
        ctx.categories = {category.code: category for category in MemberCategory.objects.all()}
        # Partners sit a row above: reached through the step record's relation (layers.md).
        partners = StepRecord._meta.get_field("partner").related_model
        for partner in partners.objects.all():
            for k in (partner.acronym, partner.name):
                if k:
                    ctx.partners[name_key(k)] = partner
        return ctx

    def step(self, committee: Committee, text: str) -> Any:
        """The step of the committee's methodology version that `text` names."""
        version = committee.methodology_version
        if version.pk not in self.steps:
            steps = list(version.steps.all())
            self.steps[version.pk] = (step_choices(steps), {s.code: s for s in steps})
        choices, by_code = self.steps[version.pk]
        return by_code[choices.find(text)]

    def level(self, row: dict[str, Any]) -> CommitteeLevel:
        text = _text(row, "level")
        if not text:
            return self.by_level["communal" if _text(row, "commune") else "regional"]
        return self.by_level[self.levels.find(text)]

    def unit(self, row: dict[str, Any], level: CommitteeLevel) -> AdministrativeUnit:
        region_name, commune_name = _text(row, "region"), _text(row, "commune")
        if not region_name:
            raise DomainError(_("The region is missing."))
        visible = AdministrativeUnit.objects.visible_to(self.user, Action.CHANGE)
        regions = self.names(visible.filter(level=Level.REGION), "regions")
        region = next(iter(regions.find(region_name)), None)
        if region is None:
            raise DomainError(
                _("Unknown region « %(value)s », or outside your territory.")
                % {"value": region_name}
                + _suggestion(regions.suggest(region_name))
            )
        if level.unit_level == Level.REGION:
            return region
        if not commune_name:
            raise DomainError(_("The commune is missing."))
        names = self.names(
            AdministrativeUnit.objects.filter(level=Level.COMMUNE).inside(region), region.pk
        )
        communes = names.find(commune_name)
        if not communes:
            raise DomainError(
                _("Unknown commune « %(value)s » in %(region)s.")
                % {"value": commune_name, "region": region.name}
                + _suggestion(names.suggest(commune_name))
            )
        if len(communes) > 1:
            raise DomainError(
                _("Several communes are called « %(value)s » in %(region)s.")
                % {"value": commune_name, "region": region.name}
            )
        return communes[0]

    def names(self, units: Any, key: Any) -> UnitNames:
        """The units of `units` by any spelling (territory.names), read once per file."""
        if key not in self.unit_names:
            self.unit_names[key] = UnitNames(units.only("pk", "name", "aliases", "level", "path"))
        return self.unit_names[key]

    def committee(self, row: dict[str, Any]) -> Committee:
        level = self.level(row)
        unit = self.unit(row, level)
        committee = (
            Committee.objects.visible_to(self.user, Action.CHANGE)
            .filter(unit=unit, level=level)
            .select_related("methodology_version")
            .first()
        )
        if committee is None:
            raise DomainError(
                _("No %(level)s in %(place)s: import the committee first.")
                % {"level": level.name, "place": unit.name}
            )
        self.committee_id = committee.pk
        return committee


# What a valid row will do: (action, a sentence saying it, the write to run or None).
Plan = tuple[str, str, Callable[[], Any] | None]
CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


def _day(value: dt.date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def _committee_row(ctx: Context, row: dict[str, Any]) -> Plan:
    level = ctx.level(row)
    unit = ctx.unit(row, level)
    if (unit.pk, level.pk) in ctx.planned or Committee.objects.filter(
        unit=unit, level=level
    ).exists():
        raise DomainError(
            _("%(place)s already has a %(level)s.") % {"place": unit.name, "level": level.name}
        )
    ctx.planned.add((unit.pk, level.pk))
    planned_on = _date(row, "planned_on") or dates.today()
    name = _text(row, "name") or services.default_name(level, unit)
    summary = _("New committee « %(name)s », setting-up planned from %(date)s.") % {
        "name": name,
        "date": _day(planned_on),
    }
    return (
        CREATE,
        summary,
        lambda: services.committee_plan(
            user=ctx.user, unit=unit, level=level, planned_on=planned_on, name=name
        ),
    )


def _step_row(ctx: Context, row: dict[str, Any]) -> Plan:
    committee = ctx.committee(row)
    if not _text(row, "step"):
        raise DomainError(_("The step is missing."))
    step = ctx.step(committee, _text(row, "step"))
    record = committee.step_records.filter(step=step).first()
    status = ctx.statuses.find(_text(row, "status")) if _text(row, "status") else "planned"
    actual_on = _date(row, "actual_on")
    if actual_on and actual_on > dates.today():
        raise DomainError(_("A fact cannot be dated in the future."))
    reason = _text(row, "blocked_reason")
    if status == StepStatus.BLOCKED and not reason:
        raise DomainError(_("Say why the step is blocked."))
    partner = None
    if _text(row, "partner"):
        partner = ctx.partners.get(name_key(_text(row, "partner")))
        if partner is None:
            raise DomainError(
                _("Unknown partner « %(value)s ».") % {"value": _text(row, "partner")}
            )
    key = (committee.pk, step.pk)
    if key in ctx.seen:
        raise DomainError(
            _("This step of this committee is already on line %(line)s.") % {"line": ctx.seen[key]}
        )
    ctx.seen[key] = ctx.line
    values = {
        "status": status,
        "actual_on": actual_on,
        "planned_on": _date(row, "planned_on") or (record.planned_on if record else None),
        "blocked_reason": reason,
        "responsible": _text(row, "responsible"),
        "partner": partner,
        "notes": _text(row, "notes"),
    }
    summary = _("%(committee)s — %(step)s: %(status)s") % {
        "committee": committee.name,
        "step": _shown(step.name, step.name_en),
        "status": StepStatus(status).label,
    }
    if actual_on:
        summary += " " + _("on %(date)s") % {"date": _day(actual_on)}

    def write() -> Any:
        target = record or StepRecord.objects.get_or_create(committee=committee, step=step)[0]
        return rollout_services.step_record_update(user=ctx.user, record=target, **values)

    return (UPDATE if record and record.status != StepStatus.PLANNED else CREATE), summary, write


def _member_row(ctx: Context, row: dict[str, Any]) -> Plan:
    committee = ctx.committee(row)
    if committee.pk not in ctx.personal:
        if (
            not Committee.objects.visible_to(ctx.user, Action.VIEW_PERSONAL)
            .filter(pk=committee.pk)
            .exists()
        ):
            raise DomainError(_("You may not record members of this committee."))
        ctx.personal[committee.pk] = {
            name_key(m.person.full_name): m
            for m in committee.memberships.filter(active=True).select_related("person", "category")
        }
    full_name = _text(row, "full_name")
    if not full_name:
        raise DomainError(_("The name is missing."))
    if not _text(row, "sex"):
        raise DomainError(_("The sex is missing."))
    sex = ctx.sexes.find(_text(row, "sex"))
    birth_year = None
    if _text(row, "birth_year"):
        try:
            birth_year = int(_text(row, "birth_year"))
        except ValueError as error:
            raise DomainError(
                _("« %(value)s » is not a year.") % {"value": _text(row, "birth_year")}
            ) from error
    age_group = ctx.age_groups.find(_text(row, "age_group")) if _text(row, "age_group") else ""
    if not _text(row, "category"):
        raise DomainError(_("The category is missing."))
    category = ctx.categories[ctx.category_choices.find(_text(row, "category"))]
    function = ctx.functions.find(_text(row, "function")) if _text(row, "function") else "member"
    key = (committee.pk, name_key(full_name))
    if key in ctx.seen:
        raise DomainError(
            _("%(name)s is already on line %(line)s of this file.")
            % {"name": full_name, "line": ctx.seen[key]}
        )
    ctx.seen[key] = ctx.line
    values = {
        "full_name": full_name,
        "sex": sex,
        "birth_year": birth_year,
        "age_group": age_group,
        "phone": clean_phone(_text(row, "phone")),
        "organisation": _text(row, "organisation"),
        "category": category,
        "function": function,
        "start_on": _date(row, "start_on"),
    }
    seat = _("%(category)s, %(function)s") % {
        "category": category.name,
        "function": MemberFunction(function).label,
    }
    sitting = ctx.personal[committee.pk].get(name_key(full_name))
    if sitting is None:
        summary = _("New member of %(committee)s: %(name)s (%(seat)s).") % {
            "committee": committee.name,
            "name": full_name,
            "seat": seat,
        }
        return (
            CREATE,
            summary,
            lambda: services.membership_add(user=ctx.user, committee=committee, **values),
        )
    return _member_edition(ctx, sitting, values, seat)


def _member_edition(ctx: Context, sitting: Membership, values: dict[str, Any], seat: str) -> Plan:
    """A member already sitting, in a new edition of the list: what the file changes
    (an empty cell keeps what is recorded; the name stays as recorded)."""
    person = sitting.person
    current = {
        "sex": person.sex,
        "birth_year": person.birth_year,
        "age_group": person.age_group,
        "phone": person.phone,
        "organisation": person.organisation,
        "category": sitting.category,
        "function": sitting.function,
        "start_on": sitting.start_on,
    }
    changes = {
        name: value
        for name, value in values.items()
        if name in current and value not in (None, "") and value != current[name]
    }
    if not changes:
        return (
            UNCHANGED,
            _("%(name)s already sits in %(committee)s: nothing changes.")
            % {"name": person.full_name, "committee": sitting.committee.name},
            None,
        )
    labels = ", ".join(str(FIELD_LABELS[name]).lower() for name in changes)
    summary = _("%(name)s, member of %(committee)s — to update: %(fields)s (%(seat)s).") % {
        "name": person.full_name,
        "committee": sitting.committee.name,
        "fields": labels,
        "seat": seat,
    }
    return (
        UPDATE,
        summary,
        lambda: services.membership_update(user=ctx.user, membership=sitting, **changes),
    )


FIELD_LABELS = {column.key: column.label for column in COLUMNS["members"]}
VALIDATORS = {"committees": _committee_row, "step_records": _step_row, "members": _member_row}


@dataclass
class Line:
    """One row of the file as the preview shows it."""

    number: int  # in the file, the header being line 1
    action: str  # CREATE, UPDATE, UNCHANGED or ERROR
    text: str  # what will be done, or what is wrong, in the user's language
    committee_id: int | None = None


@dataclass
class Report:
    rows: int = 0
    lines: list[Line] = field(default_factory=list)
    written: int = 0
    file_error: str = ""  # the whole file was refused (type, size, encoding, header)

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(line in the file, message) of each refused row, or of a refused file."""
        found = [(line.number, line.text) for line in self.lines if line.action == ERROR]
        return [(1, self.file_error), *found] if self.file_error else found

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def created(self) -> int:
        return self.count(CREATE)

    @property
    def updated(self) -> int:
        return self.count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def committee_ids(self) -> set[int]:
        return {line.committee_id for line in self.lines if line.committee_id}

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "written": self.written,
            "file_error": self.file_error,
            "lines": [[x.number, x.action, x.text, x.committee_id] for x in self.lines],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        return cls(
            rows=data.get("rows", 0),
            written=data.get("written", 0),
            file_error=data.get("file_error", ""),
            lines=[Line(*line) for line in data.get("lines", [])],
        )


def validate(
    kind: str,
    rows: list[dict[str, Any]],
    user: Any,
    progress: Callable[[int], None] | None = None,
) -> tuple[Report, list[Callable]]:
    """Check every row; return the report and, if all rows are good, the writes to run."""
    ctx = Context.build(user)
    report, writes = Report(rows=len(rows)), []
    step = max(1, len(rows) // 20)
    for index, row in enumerate(rows):
        ctx.line = index + 2  # line 1 is the header
        try:
            action, text, write = VALIDATORS[kind](ctx, row)
        except DomainError as error:
            report.lines.append(Line(ctx.line, ERROR, error.message))
        else:
            report.lines.append(Line(ctx.line, action, text, ctx.committee_id))
            if write is not None:
                writes.append((ctx.line, write))
        ctx.committee_id = None
        if progress and index % step == 0:
            progress(int(100 * index / len(rows)))
    return report, writes


def run_import(
    *,
    user: Any,
    kind: str,
    data: IO[bytes] | bytes,
    apply: bool,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Validate the file; when `apply` and no row fails, write it all in one transaction."""
    try:
        rows = read_rows(data, kind)
    except ImportFileError as error:
        return Report(file_error=str(error))
    report, writes = validate(kind, rows, user, progress)
    if not report.ok or not apply:
        return report
    try:
        with transaction.atomic():
            for line, write in writes:
                try:
                    write()
                except DomainError as error:
                    report.lines.append(Line(line, ERROR, error.message))
                    raise
                report.written += 1
    except DomainError:
        report.written = 0
    return report


def template_workbook(kind: str, user: Any) -> bytes:
    """The template of `kind` in the active language, with the user's drop-down lists."""
    return build_template(kind, template_lists(user), KINDS[kind].label)


# --- Imports run by the task worker --------------------------------------------------------


def _unit_for(user: Any) -> AdministrativeUnit:
    """The territory an import is filed under: the widest the user may change."""
    units = AdministrativeUnit.objects.visible_to(user, Action.CHANGE).order_by("level", "pk")
    unit = units.first()
    if unit is None:
        raise PermissionDenied
    return unit


def _check_file(data: bytes) -> None:
    """What can be refused at once, before anything is stored or queued: a file that is no
    table, and archives built to inflate (their headers are read, nothing inflated)."""
    kind = kind_of(data)
    if kind == "xlsx":
        open_archive(data, Limits(max_rows=MAX_ROWS)).close()
    elif kind != "text":
        raise refuse_kind(kind)


@transaction.atomic
def committee_import_create(
    *, user: Any, kind: str, upload: Any, language: str = "fr"
) -> tuple[CommitteeImport, bool]:
    """Store a file and queue its check (the preview); nothing is written before
    `committee_import_confirm`. The same file sent again by the same person is recognised:
    the import under way, or already done, is returned instead (second value True)."""
    from siccs.committees.tasks import committee_import_run

    if kind not in KINDS:
        raise DomainError(_("Choose what the file holds."), field="kind")
    unit = _unit_for(user)
    try:
        data = read_capped(upload)
        _check_file(data)
    except FileRefused as error:
        raise DomainError(error.message, field="file") from error
    digest = hashlib.sha256(kind.encode() + b"\0" + data).hexdigest()
    same = (
        CommitteeImport.objects.visible_to(user)
        .filter(digest=digest)
        .exclude(status__in=[ImportStatus.REJECTED, ImportStatus.FAILED])
        .first()
    )
    if same is not None:
        return same, True
    original = PurePath(getattr(upload, "name", "") or "import").name[:200]
    stored = default_storage.save(
        f"committees/imports/{uuid.uuid4().hex}/{get_valid_filename(original) or 'import'}",
        ContentFile(data),
    )
    job = CommitteeImport.objects.create(
        kind=kind,
        unit=unit,
        file=stored,
        original_name=original,
        digest=digest,
        language=language,
        created_by=user,
    )
    transaction.on_commit(lambda: committee_import_run.enqueue(job.pk))
    return job, False


@transaction.atomic
def committee_import_confirm(*, user: Any, job: CommitteeImport) -> CommitteeImport:
    """The author confirms a checked file: the task checks it again against the data as
    it is now, then writes it all in one transaction, or nothing."""
    from siccs.committees.tasks import committee_import_run

    job = CommitteeImport.objects.visible_to(user).select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.READY:
        raise DomainError(_("This import is not waiting for a confirmation."))
    job.status = ImportStatus.WRITING
    job.progress = 0
    job.confirmed_at = timezone.now()
    job.save(update_fields=["status", "progress", "confirmed_at"])
    transaction.on_commit(lambda: committee_import_run.enqueue(job.pk))
    return job


def after_import_url(job: CommitteeImport) -> str:
    """Members of one committee: its page, where they now sit; anything else: the list."""
    committees = Report.from_json(job.report).committee_ids
    if job.kind == "members" and len(committees) == 1:
        return reverse("committees:committee_detail", kwargs={"committee_id": committees.pop()})
    return reverse("committees:committee_list")
