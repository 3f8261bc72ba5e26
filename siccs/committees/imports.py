"""Importing committees, step records and members from XLSX or CSV files.

Synchronous by design: files are a few hundred rows, and the person importing wants
the row-by-row report at once. Every row is validated first; then, only if no row has
an error, everything is written in one transaction: a file goes in whole or not at all.
Place names match accent- and case-insensitively (`Segou` finds `Ségou`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siccs.accounts.scoping import Action
from siccs.committees import services
from siccs.committees.models import (
    AgeGroup,
    Committee,
    CommitteeLevel,
    MemberCategory,
    MemberFunction,
    Sex,
)
from siccs.core.dates import ensure_plausible
from siccs.core.errors import DomainError
from siccs.core.phones import clean_phone
from siccs.core.tabular.reader import FileRefused, Limits, read_table
from siccs.core.tabular.writer import XlsxWriter
from siccs.partners.models import Partner
from siccs.rollout import services as rollout_services
from siccs.rollout.models import StepRecord, StepStatus
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.names import UnitNames, name_key

MAX_ROWS = 2000


@dataclass
class Kind:
    label: Any
    columns: list[str]
    example: list[Any]


KINDS: dict[str, Kind] = {
    "committees": Kind(
        gettext_lazy("Committees"),
        ["region", "commune", "level", "planned_on", "name"],
        ["Mopti", "Djenné", "communal", "2024-01-15", ""],
    ),
    "step_records": Kind(
        gettext_lazy("Step records"),
        [
            "region",
            "commune",
            "level",
            "step",
            "status",
            "planned_on",
            "actual_on",
            "blocked_reason",
            "responsible",
            "partner",
            "notes",
        ],
        [
            "Mopti",
            "Djenné",
            "communal",
            "launch",
            "done",
            "",
            "2024-03-02",
            "",
            "Préfet",
            "PNUD",
            "",
        ],
    ),
    "members": Kind(
        gettext_lazy("Members"),
        [
            "region",
            "commune",
            "level",
            "full_name",
            "sex",
            "birth_year",
            "age_group",
            "phone",
            "organisation",
            "category",
            "function",
            "start_on",
        ],
        [
            "Mopti",
            "Djenné",
            "communal",
            "Aminata Traoré",
            "F",
            "1988",
            "",
            "+22376000000",
            "Coordination des femmes",
            "women",
            "member",
            "2024-03-02",
        ],
    ),
}


class ImportFileError(Exception):
    pass


def read_rows(data: IO[bytes] | bytes) -> list[dict[str, Any]]:
    """Rows of the first sheet (XLSX) or of a CSV (`;` or `,`), keyed by lower-case header,
    read by the one guarded reader (size, type from content, bombs, encodings, row count)."""
    try:
        table = read_table(data, Limits(max_rows=MAX_ROWS))
    except FileRefused as error:
        raise ImportFileError(error.message) from error
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [str(h or "").strip().lower() for h in table[0]]
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
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        ensure_plausible(parsed, field=key)
        return parsed
    raise DomainError(
        _("« %(value)s » is not a date (use 2024-03-31 or 31/03/2024).") % {"value": text}
    )


def _choice(value: str, choices: Any, what: str) -> str:
    key = name_key(value)
    for code, label in choices:
        if key in (name_key(code), name_key(str(label))):
            return code
    raise DomainError(_("Unknown %(what)s « %(value)s ».") % {"what": what, "value": value})


def _suggestion(names: list[str]) -> str:
    """A "did you mean …?" after an unknown place name, when a near spelling exists."""
    if not names:
        return ""
    return " " + _("Did you mean: %(names)s?") % {"names": ", ".join(names)}


@dataclass
class Context:
    user: Any
    levels: dict[str, CommitteeLevel] = field(default_factory=dict)
    categories: dict[str, MemberCategory] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    planned: set[tuple[int, int]] = field(default_factory=set)  # committees planned by this file
    unit_names: dict[Any, UnitNames] = field(default_factory=dict)

    @classmethod
    def build(cls, user: Any) -> Context:
        ctx = cls(user=user)
        for level in CommitteeLevel.objects.all():
            for k in (level.code, level.name, level.acronym):
                if k:
                    ctx.levels[name_key(k)] = level
        for category in MemberCategory.objects.all():
            ctx.categories[name_key(category.code)] = category
            ctx.categories[name_key(category.name)] = category
        for partner in Partner.objects.all():
            for k in (partner.acronym, partner.name):
                if k:
                    ctx.partners[name_key(k)] = partner
        return ctx

    def level(self, row: dict[str, Any]) -> CommitteeLevel:
        text = _text(row, "level") or ("communal" if _text(row, "commune") else "regional")
        level = self.levels.get(name_key(text))
        if level is None:
            raise DomainError(_("Unknown level « %(value)s ».") % {"value": text})
        return level

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
        return committee


def _committee_row(ctx: Context, row: dict[str, Any]) -> Callable[[], Any]:
    level = ctx.level(row)
    unit = ctx.unit(row, level)
    if (unit.pk, level.pk) in ctx.planned or Committee.objects.filter(
        unit=unit, level=level
    ).exists():
        raise DomainError(
            _("%(place)s already has a %(level)s.") % {"place": unit.name, "level": level.name}
        )
    ctx.planned.add((unit.pk, level.pk))
    planned_on = _date(row, "planned_on") or dt.date.today()
    name = _text(row, "name")
    return lambda: services.committee_plan(
        user=ctx.user, unit=unit, level=level, planned_on=planned_on, name=name
    )


def _step_row(ctx: Context, row: dict[str, Any]) -> Callable[[], Any]:
    committee = ctx.committee(row)
    code = _text(row, "step")
    step = committee.methodology_version.steps.filter(code=code).first()
    if step is None:
        raise DomainError(_("Unknown step « %(value)s » for this committee.") % {"value": code})
    record = committee.step_records.filter(step=step).first()
    status = _choice(_text(row, "status") or "planned", StepStatus.choices, _("status"))
    actual_on = _date(row, "actual_on")
    if actual_on and actual_on > dt.date.today():
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
    values = {
        "status": status,
        "actual_on": actual_on,
        "planned_on": _date(row, "planned_on") or (record.planned_on if record else None),
        "blocked_reason": reason,
        "responsible": _text(row, "responsible"),
        "partner": partner,
        "notes": _text(row, "notes"),
    }

    def write() -> Any:
        target = record or StepRecord.objects.get_or_create(committee=committee, step=step)[0]
        return rollout_services.step_record_update(user=ctx.user, record=target, **values)

    return write


def _member_row(ctx: Context, row: dict[str, Any]) -> Callable[[], Any]:
    committee = ctx.committee(row)
    if (
        not Committee.objects.visible_to(ctx.user, Action.VIEW_PERSONAL)
        .filter(pk=committee.pk)
        .exists()
    ):
        raise DomainError(_("You may not record members of this committee."))
    full_name = _text(row, "full_name")
    if not full_name:
        raise DomainError(_("The name is missing."))
    sex = _choice(_text(row, "sex"), [*Sex.choices, ("F", "femme"), ("M", "homme")], _("sex"))
    birth_year = None
    if _text(row, "birth_year"):
        try:
            birth_year = int(_text(row, "birth_year"))
        except ValueError as error:
            raise DomainError(
                _("« %(value)s » is not a year.") % {"value": _text(row, "birth_year")}
            ) from error
    age_group = (
        _choice(_text(row, "age_group"), AgeGroup.choices, _("age group"))
        if _text(row, "age_group")
        else ""
    )
    category = ctx.categories.get(name_key(_text(row, "category")))
    if category is None:
        raise DomainError(_("Unknown category « %(value)s ».") % {"value": _text(row, "category")})
    function = _choice(_text(row, "function") or "member", MemberFunction.choices, _("function"))
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
    return lambda: services.membership_add(user=ctx.user, committee=committee, **values)


VALIDATORS = {"committees": _committee_row, "step_records": _step_row, "members": _member_row}


@dataclass
class Report:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, message)
    written: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0


def validate(kind: str, rows: list[dict[str, Any]], user: Any) -> tuple[Report, list[Callable]]:
    """Check every row; return the report and, if all rows are good, the writes to run."""
    ctx = Context.build(user)
    report, writes = Report(rows=len(rows)), []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            writes.append(VALIDATORS[kind](ctx, row))
        except DomainError as error:
            report.errors.append((line, error.message))
    return report, writes


def run_import(*, user: Any, kind: str, data: IO[bytes] | bytes, apply: bool) -> Report:
    """Validate the file; when `apply` and no row fails, write it all in one transaction."""
    try:
        rows = read_rows(data)
    except ImportFileError as error:
        return Report(errors=[(1, str(error))])
    report, writes = validate(kind, rows, user)
    if not report.ok or not apply:
        return report
    try:
        with transaction.atomic():
            for line, write in enumerate(writes, start=2):
                try:
                    write()
                except DomainError as error:
                    report.errors.append((line, error.message))
                    raise
                report.written += 1
    except DomainError:
        report.written = 0
    return report


def template_workbook(kind: str) -> bytes:
    spec = KINDS[kind]
    writer = XlsxWriter()
    sheet = writer.sheet(spec.label)
    sheet.append(spec.columns, bold=True)
    sheet.append(spec.example)
    return writer.content()
