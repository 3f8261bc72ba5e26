"""XLSX exports of the partner pages: amounts stay numbers, shown `1 234 567 FCFA`.

Spreadsheets take their thousands separator from the reader's locale when the format
says `#,##0`, so a partner with an English Windows would read `1,234,567`. The issue asks
for the French way whatever the locale: the format writes the separators itself (a
no-break space, as the `fcfa` template filter does), choosing the grouping by size with
Excel's two conditions, up to 999 999 999 999 FCFA. Cells keep their numeric value, so
sums and filters still work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from siccs.core.tabular.writer import XlsxWriter

NBSP = "\u00a0"  # a no-break space: in every spreadsheet font, unlike the narrow one
_SEP = f'"{NBSP}"'
_UNIT = f'"{NBSP}FCFA"'
FCFA_FORMAT = (
    f"[<1000000]#{_SEP}##0{_UNIT};"
    f"[<1000000000]#{_SEP}###{_SEP}##0{_UNIT};"
    f"#{_SEP}###{_SEP}###{_SEP}##0{_UNIT}"
)


@dataclass
class Sheet:
    """One sheet: a title line, the headers, the rows; `money` are the FCFA column indexes."""

    title: str
    headers: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    money: Iterable[int] = ()
    name: str = ""
    extra: list[Sequence[Any]] = field(default_factory=list)


def _fill(writer: XlsxWriter, spec: Sheet) -> None:
    money = set(spec.money)
    widths = []
    for index, header in enumerate(spec.headers):
        width = max(12, min(40, len(str(header)) + 4))
        widths.append(max(width, 18) if index in money else width)
    sheet = writer.sheet(spec.name or spec.title, widths=widths)
    sheet.append([spec.title], bold=True)
    sheet.append(spec.headers, bold=True)
    formats = dict.fromkeys(money, FCFA_FORMAT)
    for row in [*spec.rows, *spec.extra]:
        # Only numbers take the FCFA format: a label in a money column stays text.
        sheet.append(
            row,
            formats={i: f for i, f in formats.items() if i < len(row) and _is_number(row[i])},
        )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def workbook_response(*, filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    writer = XlsxWriter()
    for spec in sheets:
        _fill(writer, spec)
    return writer.response(filename)


def xlsx_response(
    *,
    filename: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    money: Iterable[int] = (),
    sheet_name: str = "",
) -> HttpResponse:
    return workbook_response(
        filename=filename,
        sheets=[Sheet(title=title, headers=headers, rows=rows, money=money, name=sheet_name)],
    )


# --- The sheets of the partner pages (each export, and all of them in one workbook) ------


def partners_sheet(partners: Iterable[Any]) -> Sheet:
    return Sheet(
        title=_("Partners"),
        headers=[_("Acronym"), _("Name"), _("Type"), _("Website")],
        rows=([p.acronym, p.name, p.get_kind_display(), p.website] for p in partners),
    )


def commitments_sheet(commitments: Iterable[Any]) -> Sheet:
    return Sheet(
        title=_("Commitments of the partners"),
        name=_("Commitments"),
        headers=[
            _("Partner"),
            _("Programme"),
            _("Title"),
            _("Kind of support"),
            _("Scope"),
            _("Territory"),
            _("Start"),
            _("End"),
            _("Amount"),
            _("Currency"),
            _("Exchange rate"),
            _("Amount in FCFA"),
            _("Status"),
            _("Status since"),
        ],
        rows=(
            [
                str(c.partner),
                c.programme.name if c.programme else "",
                c.title,
                c.get_kind_display(),
                c.get_scope_display(),
                c.unit.name,
                c.start_on,
                c.end_on,
                float(c.amount),
                c.currency,
                float(c.exchange_rate),
                c.amount_fcfa,
                c.get_status_display(),
                c.status_on,
            ]
            for c in commitments
        ),
        money=[11],
    )


def status_history_sheet(changes: Iterable[Any]) -> Sheet:
    return Sheet(
        title=_("History of the status of the commitments"),
        name=_("Status history"),
        headers=[_("Partner"), _("Commitment"), _("Date"), _("Status"), _("Note")],
        rows=(
            [str(c.commitment.partner), c.commitment.title, c.on, c.get_status_display(), c.note]
            for c in changes
        ),
    )


def matrix_sheet(data: dict[str, Any], on: dt.date | None) -> Sheet:
    regions = [r["name"] for r in data["regions"]]
    rows = [[r["name"], *[c["amount"] for c in r["cells"]], r["total"]] for r in data["rows"]]
    rows.append([_("Total"), *data["region_totals"], data["total"]])
    kinds = [[k["label"], *[c["amount"] for c in k["cells"]], k["total"]] for k in data["kinds"]]
    partners_by_kind = [
        [k["label"], *[", ".join(c["partners"]) for c in k["cells"]], ""] for k in data["kinds"]
    ]
    title = str(_("Who does what where (FCFA)"))
    if on:
        title += " — " + on.strftime("%d/%m/%Y")
    return Sheet(
        title=title,
        name=_("Who does what where"),
        headers=[_("Partner"), *regions, _("Total")],
        rows=rows,
        money=range(1, len(regions) + 2),
        extra=[
            [],
            [_("Kind of support"), *regions, _("Total")],
            *kinds,
            [],
            [_("Partners by kind of support")],
            *partners_by_kind,
        ],
    )


def support_sheet(data: dict[str, Any]) -> Sheet:
    return Sheet(
        title=_("Which partner supports which step"),
        name=_("Support per committee"),
        headers=[_("Committee"), *[name for _code, name in data["steps"]]],
        rows=(
            [r["name"], *[(c["partner"] if c else "") for c in r["cells"]]] for r in data["rows"]
        ),
    )


def gaps_sheet(gaps: dict[str, Any]) -> Sheet:
    quarter = gaps["quarter"]
    announced = _("announced, not committed")
    unknown = _("unknown")  # no unit cost: a step of unknown cost is not free
    rows: list[list[Any]] = [
        [r["name"], r["committees"], r["steps"], r["unrecorded"], r["cost"], r["unknown"]]
        for r in gaps["regions"]
    ]
    rows.append([_("Total"), gaps["committees"], "", "", gaps["cost"], gaps["unknown"]])
    rows.append([])
    rows.append(
        [
            _("Region"),
            _("Committee"),
            _("Step"),
            _("Planned on"),
            _("Estimated cost"),
            _("Partner support"),
        ]
    )
    for d in gaps["details"]:
        rows.append(
            [
                d["region"],
                d["committee__name"],
                d["step__name"],
                d["planned_on"],
                unknown if d["cost"] is None else d["cost"],
                announced if d["announced"] else "",
            ]
        )
    for p in gaps["pending"]:
        rows.append(
            [
                p["region"],
                p["committee_name"],
                p["name"],
                _("not scheduled"),
                unknown if p["cost"] is None else p["cost"],
                announced if p["announced"] else "",
            ]
        )
    return Sheet(
        title=_("Funding gaps, %(quarter)s, as of %(on)s")
        % {"quarter": quarter.label, "on": gaps["on"].strftime("%d/%m/%Y")},
        name=_("Funding gaps"),
        headers=[
            _("Region"),
            _("Committees"),
            _("Planned steps"),
            _("Steps not scheduled"),
            _("Estimated cost"),
            _("Steps of unknown cost"),
        ],
        rows=rows,
        money=[4],
    )


def comments_sheet(comments: Iterable[Any]) -> Sheet:
    return Sheet(
        title=_("Comments of the partners"),
        name=_("Comments"),
        headers=[
            _("Written on"),
            _("Partner"),
            _("About"),
            _("Comment"),
            _("Answer"),
            _("Answered on"),
        ],
        rows=(
            [
                timezone.localdate(c.created_at),
                str(c.partner),
                c.get_subject_display(),
                c.text,
                c.answer,
                timezone.localdate(c.answered_at) if c.answered_at else None,
            ]
            for c in comments
        ),
    )


def unit_costs_sheet(costs: Iterable[Any]) -> Sheet:
    return Sheet(
        title=_("Estimated unit costs of the steps"),
        name=_("Unit costs"),
        headers=[_("Level"), _("Step"), _("What it pays for"), _("Estimated cost")],
        rows=([c.level.name, c.step_name, c.description, c.amount_fcfa] for c in costs),
        money=[3],
    )
