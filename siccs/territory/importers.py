"""Importing official boundary files (OCHA COD-AB) as received from the humanitarian data exchange.

Accepted: the GeoJSON files (`adm0` … `adm3`, one level each, attributes `admin1Name`,
`admin1Pcod`, `validOn`… or the newer `ADM1_FR`, `ADM1_PCODE`), the tabular CSV/XLSX
(one commune a row, `admin1Name_fr`, `admin1Pcode`…), or a ZIP of them.

Three steps, and nothing is written unless the first two find no error:
1. parse every file into records (level, P-code, name, parent P-code, edition, geometry),
   checking each geometry with shapely (`geometry.check`: self-intersections, rings,
   orientation), repaired when the person asked for it, with a warning per feature;
2. validate them all (encoding, columns, duplicate codes, unknown parents, level gaps)
   and make the **plan** against the tree in force on the effective date
   (`planning.make_plan`: unchanged, renamed, moved, recoded, created, retired, split,
   merged, each with its evidence and confidence, doubts left to a person);
3. once a national administrator confirmed the plan with its effective date and legal
   reference, write it in one transaction of dated reform events and unit versions
   (`planning.apply_plan`). Importing the same files again changes nothing.

A first load (the tree never received an edition) completes the structure: the units
it creates existed before the edition, so they carry no date of creation and need no
legal reference. Later editions are reforms: what they create comes into force on the
effective date.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from siccs.audit.services import audit_record
from siccs.core.errors import DomainError
from siccs.core.tabular import reader
from siccs.territory import geometry as geo
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.names import match_key, name_key
from siccs.territory.planning import Plan, Problem, Record, apply_plan, make_plan

MAX_LISTED_CHANGES = 300
# A COD-AB edition is about 2 MB of GeoJSON (adm3 of 2015: 0.8 MB), 700 communes a table.
LIMITS = reader.Limits(max_rows=20_000, max_members=50, max_uncompressed=60 * 1024 * 1024)
MAX_LISTED_REORIENTED = 5


def _name_fields(n: int) -> list[str]:
    return [f"admin{n}name_fr", f"admin{n}name", f"adm{n}_fr", f"admin{n}name_en", f"adm{n}_en"]


def _pcode_fields(n: int) -> list[str]:
    return [f"admin{n}pcode", f"admin{n}pcod", f"adm{n}_pcode"]


EDITION_FIELDS = ["validon"]


@dataclass
class Parsed:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    repair: bool = False
    # COD levels declared by a file of their own (a GeoJSON level file, a table's deepest level).
    declared_levels: set[int] = field(default_factory=set)


# --- 1. Parsing ---------------------------------------------------------------------------


def _decode(data: bytes, filename: str, parsed: Parsed) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        parsed.problems.append(
            Problem(
                _("%(file)s, line %(line)s") % {"file": filename, "line": line},
                _(
                    "The file is not encoded in UTF-8 (for example Latin-1 from an old Excel):"
                    " save it again as “CSV UTF-8” and send it again."
                ),
            )
        )
        return None


def _edition(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value or "").strip()[:10]
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return ""


def _first(props: dict[str, Any], names: Iterable[str]) -> tuple[str | None, str]:
    """The first of `names` present in `props` (lower-cased keys) and its text value."""
    for name in names:
        if name in props:
            value = props[name]
            return name, "" if value is None else str(value).strip()
    return None, ""


def _deepest_level(keys: Iterable[str]) -> int | None:
    keys = set(keys)
    found = [n for n in range(5) if any(k in keys for k in _pcode_fields(n))]
    return max(found) if found else None


def _records_from_row(
    props: dict[str, Any], deepest: int, where: str, parsed: Parsed, geometry: dict | None
) -> None:
    """One row or feature: its deepest level is declared, the levels above are implied."""
    edition = _edition(props.get("validon"))
    codes = [_first(props, _pcode_fields(n))[1] for n in range(deepest + 1)]
    names = [_first(props, _name_fields(n))[1] for n in range(deepest + 1)]
    level = max((n for n in range(deepest + 1) if codes[n]), default=None)
    if level is None:
        if any(names):
            parsed.problems.append(Problem(where, _("No P-code on this row.")))
        return
    if not edition:
        parsed.problems.append(
            Problem(where, _("The edition date (validOn) is missing or is not a date."))
        )
        return
    first_level = min(n for n in range(deepest + 1) if _first(props, _pcode_fields(n))[0])
    for n in range(first_level, level):
        if not codes[n]:
            parsed.problems.append(
                Problem(
                    where,
                    _(
                        "Level gap: the level %(missing)s P-code is empty although level %(level)s is given."
                    )
                    % {"missing": n, "level": level},
                )
            )
            return
    for n in range(first_level, level + 1):
        parsed.records.append(
            Record(
                level=n,
                pcode=codes[n],
                name=names[n],
                parent_pcode=codes[n - 1] if n > first_level else "",
                edition=edition,
                where=where,
                explicit=n == level,
                geometry=geometry if n == level else None,
            )
        )


def _parse_geojson(data: bytes, filename: str, parsed: Parsed) -> None:
    text = _decode(data, filename, parsed)
    if text is None:
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        parsed.problems.append(
            Problem(
                _("%(file)s, line %(line)s") % {"file": filename, "line": exc.lineno},
                _("This is not a valid GeoJSON file."),
            )
        )
        return
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or not features:
        parsed.problems.append(
            Problem(filename, _("This GeoJSON file holds no feature collection."))
        )
        return
    first_props = {k.lower(): v for k, v in (features[0].get("properties") or {}).items()}
    deepest = _deepest_level(first_props)
    if deepest is None:
        parsed.problems.append(
            Problem(filename, _("Missing columns: no P-code attribute (admin1Pcod…) found."))
        )
        return
    missing = _missing_columns(first_props, deepest)
    if missing:
        parsed.problems.append(
            Problem(filename, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return
    parsed.declared_levels.add(deepest)
    reoriented: list[str] = []
    for number, feature in enumerate(features, start=1):
        where = _("%(file)s, feature %(number)s") % {"file": filename, "number": number}
        props = {k.lower(): v for k, v in ((feature or {}).get("properties") or {}).items()}
        checked = geo.check((feature or {}).get("geometry"), repair=parsed.repair)
        parsed.problems.extend(Problem(where, e) for e in checked.errors)
        parsed.warnings.extend(Problem(where, w) for w in checked.warnings)
        if checked.reoriented:
            reoriented.append(str(number))
        _records_from_row(props, deepest, where, parsed, checked.geometry)
    if reoriented:
        # Common (ESRI files turn outer rings clockwise) and harmless once turned: one
        # warning for the file rather than one per feature.
        shown = ", ".join(reoriented[:MAX_LISTED_REORIENTED])
        if len(reoriented) > MAX_LISTED_REORIENTED:
            shown += ", …"
        parsed.warnings.append(
            Problem(
                filename,
                _(
                    "%(n)s features had rings turning the other way (features %(list)s): they"
                    " were turned as GeoJSON expects (outer rings counter-clockwise)."
                )
                % {"n": len(reoriented), "list": shown},
            )
        )


def _missing_columns(keys: Iterable[str], deepest: int) -> list[str]:
    keys = set(keys)
    missing = []
    first = min(n for n in range(deepest + 1) if any(k in keys for k in _pcode_fields(n)))
    for n in range(first, deepest + 1):
        if not any(k in keys for k in _pcode_fields(n)):
            missing.append(f"admin{n}Pcode")
        if not any(k in keys for k in _name_fields(n)):
            missing.append(f"admin{n}Name")
    if not any(k in keys for k in EDITION_FIELDS):
        missing.append("validOn")
    return missing


def _parse_table(
    rows: Iterable[Sequence[Any]], label: str, parsed: Parsed, first_line: int = 1
) -> None:
    iterator = iter(rows)
    header = next(iterator, None)
    if not header:
        parsed.problems.append(Problem(label, _("The table is empty.")))
        return
    columns = [str(c or "").strip().lower() for c in header]
    deepest = _deepest_level(columns)
    if deepest is None:
        parsed.problems.append(
            Problem(label, _("Missing columns: no P-code column (admin1Pcode…) found."))
        )
        return
    missing = _missing_columns(columns, deepest)
    if missing:
        parsed.problems.append(
            Problem(label, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return
    parsed.declared_levels.add(deepest)
    for offset, row in enumerate(iterator, start=1):
        if not any(str(c or "").strip() for c in row):
            continue
        props = dict(zip(columns, row, strict=False))
        where = _("%(file)s, line %(line)s") % {"file": label, "line": first_line + offset}
        _records_from_row(props, deepest, where, parsed, None)


def _parse_csv(data: bytes, filename: str, parsed: Parsed) -> None:
    text = _decode(data, filename, parsed)
    if text is None:
        return
    try:
        rows = reader.read_table(text.encode("utf-8"), LIMITS)
    except reader.FileRefused as error:
        parsed.problems.append(Problem(filename, error.message))
        return
    _parse_table(rows, filename, parsed)


def _parse_xlsx(data: bytes, filename: str, parsed: Parsed) -> None:
    try:
        sheets = reader.read_sheets(data, LIMITS)
    except reader.FileRefused as error:
        parsed.problems.append(Problem(filename, error.message))
        return
    for title, rows in sheets:
        _parse_table(rows, f"{filename} [{title}]", parsed)


def parse_files(files: Sequence[tuple[str, bytes]], *, repair: bool = False) -> Parsed:
    """Read uploaded files (name, content); ZIP archives are opened. With `repair`,
    invalid geometries that can be repaired are, with a warning each."""
    parsed = Parsed(repair=repair)
    for filename, data in files:
        _parse_one(PurePath(filename).name, data, parsed)
    if not parsed.records and not parsed.problems:
        parsed.problems.append(Problem("", _("No administrative unit found in these files.")))
    return parsed


def _parse_one(filename: str, data: bytes, parsed: Parsed) -> None:
    suffix = PurePath(filename).suffix.lower()
    if suffix in {".geojson", ".json"}:
        _parse_geojson(data, filename, parsed)
    elif suffix == ".csv":
        _parse_csv(data, filename, parsed)
    elif suffix == ".xlsx":
        _parse_xlsx(data, filename, parsed)
    elif suffix == ".zip":
        # Checked before anything is inflated (a member of 300 MB took the worker to 2 GB).
        try:
            with reader.open_archive(data, LIMITS) as archive:
                for member in sorted(archive.namelist()):
                    if PurePath(member).suffix.lower() in {".geojson", ".json", ".csv", ".xlsx"}:
                        content = reader.read_member(archive, member, LIMITS)
                        _parse_one(PurePath(member).name, content, parsed)
        except reader.FileRefused as error:
            parsed.problems.append(Problem(filename, error.message))
    else:
        parsed.problems.append(
            Problem(
                filename,
                _("Unsupported file type: send GeoJSON, CSV, XLSX or a ZIP of them."),
            )
        )


# --- Geometry -----------------------------------------------------------------------------


def geometry_error(geometry: Any) -> str | None:
    """Why a GeoJSON geometry cannot be a boundary as it is, or None (see `geometry.check`).
    A missing geometry is allowed."""
    errors = geo.check(geometry).errors
    return errors[0] if errors else None


def centre_of(geometry: dict | None) -> tuple[float, float] | None:
    """(lat, lon) of the area centroid of the largest polygon; its bbox centre if flat."""
    if not geometry:
        return None
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    best: tuple[float, float, float] | None = None  # (area, lon, lat)
    for polygon in polygons:
        ring = polygon[0]
        area2 = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(
            (p[:2] for p in ring), (p[:2] for p in ring[1:]), strict=False
        ):
            cross = x0 * y1 - x1 * y0
            area2 += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area2) > 1e-12:
            candidate = (abs(area2) / 2, cx / (3 * area2), cy / (3 * area2))
        else:
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            candidate = (0.0, (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        if best is None or candidate[0] > best[0]:
            best = candidate
    assert best is not None
    return round(best[2], 5), round(best[1], 5)


# --- 2. Validation and plan ---------------------------------------------------------------


def _merge_records(parsed: Parsed) -> tuple[dict[str, Record], list[Problem]]:
    """One record per P-code: explicit ones must be unique, implied ones consistent."""
    problems: list[Problem] = []
    chosen: dict[str, Record] = {}
    unknown: set[str] = set()
    for rec in parsed.records:
        if rec.explicit:
            other = chosen.get(rec.pcode)
            if other is not None and other.explicit:
                problems.append(
                    Problem(
                        rec.where,
                        _("Duplicate P-code %(code)s (already at %(other)s).")
                        % {"code": rec.pcode, "other": other.where},
                    )
                )
                continue
            if other is not None and other.level != rec.level:
                problems.append(
                    Problem(
                        rec.where,
                        _("P-code %(code)s is used at two levels.") % {"code": rec.pcode},
                    )
                )
                continue
            if not rec.name:
                problems.append(Problem(rec.where, _("The name is missing.")))
                continue
            chosen[rec.pcode] = rec
    for rec in parsed.records:
        if rec.explicit:
            continue
        other = chosen.get(rec.pcode)
        if other is not None:
            if other.level != rec.level:
                problems.append(
                    Problem(
                        rec.where, _("P-code %(code)s is used at two levels.") % {"code": rec.pcode}
                    )
                )
            elif not other.explicit and rec.name and name_key(rec.name) != name_key(other.name):
                problems.append(
                    Problem(
                        rec.where,
                        _("P-code %(code)s has two names: %(one)s and %(other)s (at %(where)s).")
                        % {
                            "code": rec.pcode,
                            "one": rec.name,
                            "other": other.name,
                            "where": other.where,
                        },
                    )
                )
            continue
        if rec.level in parsed.declared_levels:
            # A file declares this level: a parent it does not list is unknown.
            problems.append(
                Problem(
                    rec.where,
                    _("Unknown parent P-code %(code)s: it is not in the level %(level)s file.")
                    % {"code": rec.pcode, "level": rec.level},
                )
            )
            chosen[rec.pcode] = rec  # report it once
            unknown.add(rec.pcode)
            continue
        if not rec.name:
            problems.append(
                Problem(
                    rec.where,
                    _("Unknown parent P-code %(code)s: no name is given for it.")
                    % {"code": rec.pcode},
                )
            )
        chosen[rec.pcode] = rec
    # Two codes for one name under one parent: a mistyped code would create a twin.
    twins: dict[tuple[int, str, str], list[Record]] = {}
    for rec in chosen.values():
        if rec.pcode in unknown:
            continue
        twins.setdefault((rec.level, rec.parent_pcode, match_key(rec.name)), []).append(rec)
    for group in twins.values():
        if len(group) > 1:
            rows = Counter(r.pcode for r in parsed.records if r.pcode in {g.pcode for g in group})
            odd = min(group, key=lambda r: (rows[r.pcode], r.pcode))
            others = ", ".join(sorted(g.pcode for g in group if g is not odd))
            problems.append(
                Problem(
                    odd.where,
                    _(
                        "Unknown P-code %(code)s for %(name)s: %(others)s already designates"
                        " %(name)s under the same parent. Is it mistyped?"
                    )
                    % {"code": odd.pcode, "name": odd.name, "others": others},
                )
            )
    return chosen, problems


def _report(plan: Plan, *, applied: bool, needs: str = "") -> dict[str, Any]:
    """The plan as the job keeps it and the page shows it (JSON, translated now)."""
    changes = [i.as_dict() for i in plan.items if i.kinds != ["unchanged"] and not i.options]
    return {
        "errors": [p.as_dict() for p in plan.problems],
        "warnings": [p.as_dict() for p in plan.warnings],
        "counts": plan.counts() if not plan.problems or plan.steps else {},
        "levels": plan.by_level(),
        "editions": plan.editions,
        "on": plan.on.isoformat() if plan.on else "",
        "baseline": plan.baseline,
        "changes": changes[:MAX_LISTED_CHANGES],
        "more_changes": max(0, len(changes) - MAX_LISTED_CHANGES),
        "doubts": [i.as_dict() for i in plan.ambiguous],
        "kept": [u.name for u in plan.kept][:50],
        "digest": plan.digest() if not plan.problems else "",
        "writes": bool(plan.steps) and not plan.problems and plan.changes,
        "needs": needs,
        "applied": applied,
    }


def plan_import(
    parsed: Parsed,
    *,
    on: dt.date | None = None,
    decisions: dict[str, str] | None = None,
    baseline: bool | None = None,
) -> Plan:
    """Validate everything and decide, without writing, what each record does. The
    effective date defaults to the latest edition date of the files."""
    records, problems = _merge_records(parsed)
    editions = sorted({r.edition for r in records.values()})
    problems = list(parsed.problems) + problems
    if problems:
        return Plan(problems=problems, warnings=list(parsed.warnings), editions=editions)
    on = on or dt.date.fromisoformat(editions[-1])
    plan = make_plan(records, on=on, decisions=decisions, baseline=baseline)
    plan.problems[:0] = problems
    plan.warnings = list(parsed.warnings)
    return plan


def import_boundaries(
    files: Sequence[tuple[str, bytes]],
    *,
    user: Any = None,
    dry_run: bool = False,
    on: dt.date | None = None,
    reference: str = "",
    baseline: bool | None = None,
    decisions: dict[str, str] | None = None,
    repair: bool = False,
    expected_digest: str = "",
) -> dict[str, Any]:
    """Parse, validate and plan; write the plan if there is no error, no open doubt, this
    is not a trial, a reform has its legal reference, and (when `expected_digest` is
    given) the plan is still the one the person read.

    Returns the report: errors and warnings (where, message, in the active language),
    counts by kind of change, the changes listed with their evidence, `needs` saying what
    is missing before writing ("decisions", "reference", "review"), and `applied`.
    """
    parsed = parse_files(files, repair=repair)
    with transaction.atomic():
        if expected_digest:
            # The plan the person read was made without their decisions: compare with that.
            shown = plan_import(parsed, on=on, baseline=baseline)
            if not shown.problems and shown.digest() != expected_digest:
                return _report(shown, applied=False, needs="review")
        plan = plan_import(parsed, on=on, decisions=decisions, baseline=baseline)
        if plan.problems or dry_run:
            return _report(plan, applied=False)
        if plan.ambiguous:
            return _report(plan, applied=False, needs="decisions")
        if not plan.changes:
            return _report(plan, applied=False)
        if not plan.baseline and not reference.strip():
            return _report(plan, applied=False, needs="reference")
        report = _report(plan, applied=True)
        try:
            apply_plan(plan, user=user, reference=reference.strip())
        except DomainError as error:
            transaction.set_rollback(True)
            report["errors"] = [Problem("", error.message).as_dict()]
            report["applied"] = False
            return report
        root = AdministrativeUnit.objects.filter(level=Level.COUNTRY, parent__isnull=True).first()
        if root is not None:
            audit_record(
                user=user,
                obj=root,
                verb="import boundaries",
                before={},
                after={
                    **{k: v for k, v in report["counts"].items() if v},
                    "editions": ", ".join(plan.editions),
                    "on": report["on"],
                },
                reason=reference.strip(),
            )
        return report
