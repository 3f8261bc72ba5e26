"""Importing official boundary files (OCHA COD-AB) as received from the humanitarian data exchange.

Accepted: the GeoJSON files (`adm0` … `adm3`, one level each, attributes `admin1Name`,
`admin1Pcod`, `validOn`… or the newer `ADM1_FR`, `ADM1_PCODE`), the tabular CSV/XLSX
(one commune a row, `admin1Name_fr`, `admin1Pcode`…), or a ZIP of them.

Three steps, and nothing is written unless the first two find no error:
1. parse every file into records (level, P-code, name, parent P-code, edition, geometry);
2. validate them all (encoding, columns, duplicate codes, unknown parents, level gaps,
   geometry) and plan against the database what would be created, renamed, re-shaped;
3. write the plan in one transaction.

How an edition meets the units already there (the design choice):
- a P-code only means something with its edition (`validOn`), so a unit is first looked
  up by P-code *and* edition: re-importing the same files finds every unit and changes
  nothing;
- otherwise, under the parent already matched, a unit of the same level whose name or
  known other spelling (`aliases`) has the same accent- and case-free key is the same
  unit. So the 2015 regions attach to the regions shipped with the 2023 structure when
  their names match (`Mopti` 2015 ↔ `Mopti`, `Segou` ↔ `Ségou`, `Koulikouro` ↔
  `Koulikoro`, `Bamako` ↔ `District de Bamako`), and their cercles and communes are
  created under them: the tree then shows the structure of the file, and the 2023
  reform is recorded on top of it with the reform services (dated transfers), which
  keeps 2015-era figures attributable to the regions of the time;
- failing that, a unit of the same level under the same parent with the same P-code
  from another edition is the same unit renamed (a dated renaming is recorded);
- anything else is created. Spelling differences (accents, case) never rename a unit:
  the platform keeps its accented names.
"""

from __future__ import annotations

import datetime as dt
import json
import math
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
from siccs.territory.models import AdministrativeUnit, EventKind, Level, TerritorialEvent
from siccs.territory.names import name_key

# COD admin level -> our level (COD files have no arrondissements).
LEVELS = {0: Level.COUNTRY, 1: Level.REGION, 2: Level.CERCLE, 3: Level.COMMUNE, 4: Level.VILLAGE}
MAX_LISTED_CHANGES = 200
# A COD-AB edition is about 2 MB of GeoJSON (adm3 of 2015: 0.8 MB), 700 communes a table.
LIMITS = reader.Limits(max_rows=20_000, max_members=50, max_uncompressed=60 * 1024 * 1024)


def _name_fields(n: int) -> list[str]:
    return [f"admin{n}name_fr", f"admin{n}name", f"adm{n}_fr", f"admin{n}name_en", f"adm{n}_en"]


def _pcode_fields(n: int) -> list[str]:
    return [f"admin{n}pcode", f"admin{n}pcod", f"adm{n}_pcode"]


EDITION_FIELDS = ["validon"]


@dataclass
class Record:
    level: int  # COD level, 0 = country
    pcode: str
    name: str
    parent_pcode: str
    edition: str
    where: str
    explicit: bool
    geometry: dict | None = None


@dataclass
class Problem:
    where: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "message": self.message}


@dataclass
class Parsed:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
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
    for number, feature in enumerate(features, start=1):
        where = _("%(file)s, feature %(number)s") % {"file": filename, "number": number}
        props = {k.lower(): v for k, v in ((feature or {}).get("properties") or {}).items()}
        geometry = (feature or {}).get("geometry")
        error = geometry_error(geometry)
        if error:
            parsed.problems.append(Problem(where, error))
            geometry = None
        _records_from_row(props, deepest, where, parsed, geometry)


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


def parse_files(files: Sequence[tuple[str, bytes]]) -> Parsed:
    """Read uploaded files (name, content); ZIP archives are opened."""
    parsed = Parsed()
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


def _ring_error(ring: Any) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return _("Invalid geometry: a ring needs at least four points.")
    for point in ring:
        if (
            not isinstance(point, list | tuple)
            or len(point) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in point[:2])
            or not all(math.isfinite(c) for c in point[:2])
        ):
            return _("Invalid geometry: a point is not a pair of numbers.")
        if not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90):
            return _("Invalid geometry: a point lies outside longitude/latitude bounds.")
    if list(ring[0][:2]) != list(ring[-1][:2]):
        return _("Invalid geometry: a ring is not closed.")
    return None


def geometry_error(geometry: Any) -> str | None:
    """Why a GeoJSON geometry cannot be a boundary, or None. A missing geometry is allowed."""
    if geometry is None:
        return None
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        return _("Invalid geometry: a boundary must be a Polygon or a MultiPolygon.")
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return _("Invalid geometry: no coordinates.")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return _("Invalid geometry: no coordinates.")
        for ring in polygon:
            error = _ring_error(ring)
            if error:
                return error
    return None


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


@dataclass
class Step:
    record: Record
    unit: AdministrativeUnit | None = None  # matched existing unit
    parent_step: Step | None = None
    parent_unit: AdministrativeUnit | None = None
    rename: bool = False
    geometry: bool = False
    recode: bool = False
    older: bool = False

    @property
    def created(self) -> bool:
        return self.unit is None


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = Counter(created=0, renamed=0, geometry_updated=0, unchanged=0)
        for step in self.steps:
            if step.created:
                counts["created"] += 1
                continue
            if step.rename:
                counts["renamed"] += 1
            if step.geometry:
                counts["geometry_updated"] += 1
            if not (step.rename or step.geometry):
                counts["unchanged"] += 1
        return dict(counts)

    def by_level(self) -> dict[str, int]:
        counts = Counter(str(LEVELS[s.record.level]) for s in self.steps)
        return dict(sorted(counts.items()))

    def report(self, *, applied: bool) -> dict[str, Any]:
        changes = []
        for step in self.steps:
            rec = step.record
            if step.created:
                changes.append({"kind": "created", "pcode": rec.pcode, "name": rec.name})
            elif step.rename:
                changes.append(
                    {"kind": "renamed", "pcode": rec.pcode, "name": rec.name, "old": step.unit.name}
                )
            elif step.geometry:
                changes.append(
                    {"kind": "geometry_updated", "pcode": rec.pcode, "name": step.unit.name}
                )
        return {
            "errors": [p.as_dict() for p in self.problems],
            "counts": self.counts(),
            "levels": self.by_level(),
            "editions": self.editions,
            "changes": changes[:MAX_LISTED_CHANGES],
            "more_changes": max(0, len(changes) - MAX_LISTED_CHANGES),
            "applied": applied,
        }


def _merge_records(parsed: Parsed) -> tuple[dict[str, Record], list[Problem]]:
    """One record per P-code: explicit ones must be unique, implied ones consistent."""
    problems: list[Problem] = []
    chosen: dict[str, Record] = {}
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
    return chosen, problems


def plan_import(parsed: Parsed) -> Plan:
    """Validate everything and decide, without writing, what each record does."""
    plan = Plan(problems=list(parsed.problems))
    records, problems = _merge_records(parsed)
    plan.problems.extend(problems)
    plan.editions = sorted({r.edition for r in records.values()})
    if plan.problems:
        return plan
    units = list(
        AdministrativeUnit.objects.filter(valid_to__isnull=True)
        .defer("boundary")
        .order_by("level", "pk")
    )
    by_code_edition = {(u.pcode, u.pcode_edition): u for u in units if u.pcode}
    children: dict[int | None, list[AdministrativeUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    roots = [u for u in units if u.parent_id is None and u.level == Level.COUNTRY]
    root = roots[0] if roots else None
    used: set[int] = set()
    steps: dict[str, Step] = {}
    for level in sorted({r.level for r in records.values()}):
        level_records = [r for r in records.values() if r.level == level]
        pending: list[Step] = []
        for rec in level_records:
            step = Step(record=rec)
            if rec.parent_pcode:
                parent = steps.get(rec.parent_pcode)
                if parent is None:
                    plan.problems.append(
                        Problem(
                            rec.where,
                            _("Unknown parent P-code %(code)s.") % {"code": rec.parent_pcode},
                        )
                    )
                    continue
                step.parent_step, step.parent_unit = parent, parent.unit
            elif level > 0:
                step.parent_unit = root  # a table without country columns
            steps[rec.pcode] = step
            plan.steps.append(step)
            unit = by_code_edition.get((rec.pcode, rec.edition))
            if unit is None and (step.parent_unit is not None or level == 0):
                key = name_key(rec.name)
                siblings = children.get(step.parent_unit.pk if step.parent_unit else None, [])
                unit = next(
                    (
                        u
                        for u in siblings
                        if u.level == LEVELS[level]
                        and u.pk not in used
                        and (u.name_key == key or key in u.alias_keys())
                    ),
                    None,
                )
            if unit is not None and unit.level == LEVELS[level] and unit.pk not in used:
                step.unit = unit
                used.add(unit.pk)
            else:
                pending.append(step)
        for step in pending:  # same P-code from another edition, same parent: a renaming
            if step.parent_unit is None:
                continue
            siblings = children.get(step.parent_unit.pk, [])
            step.unit = next(
                (
                    u
                    for u in siblings
                    if u.level == LEVELS[level]
                    and u.pk not in used
                    and u.pcode == step.record.pcode
                ),
                None,
            )
            if step.unit is not None:
                used.add(step.unit.pk)
    _compare(plan)
    return plan


def _compare(plan: Plan) -> None:
    matched = [s for s in plan.steps if s.unit is not None]
    boundaries = dict(
        AdministrativeUnit.objects.filter(pk__in=[s.unit.pk for s in matched]).values_list(
            "pk", "boundary"
        )
    )
    for step in matched:
        rec, unit = step.record, step.unit
        if unit.pcode_edition and rec.edition < unit.pcode_edition:
            step.older = True  # an older edition never overwrites a newer one
            continue
        key = name_key(rec.name)
        step.rename = key != unit.name_key and key not in unit.alias_keys()
        step.geometry = rec.geometry is not None and rec.geometry != boundaries.get(unit.pk)
        step.recode = (unit.pcode, unit.pcode_edition) != (rec.pcode, rec.edition)


# --- 3. Writing ---------------------------------------------------------------------------


def _apply(plan: Plan, user: Any) -> None:
    from siccs.territory.services import _record_version

    reshaped: list[AdministrativeUnit] = []
    others: list[AdministrativeUnit] = []
    for step in plan.steps:
        rec, unit = step.record, step.unit
        if unit is None or step.older or not (step.rename or step.geometry or step.recode):
            continue
        if step.rename:
            on = dt.date.fromisoformat(rec.edition)
            old_name = unit.name
            _record_version(unit, on=on, name=rec.name, parent=unit.parent)
            unit.name, unit.name_key = rec.name, name_key(rec.name)
            event = TerritorialEvent.objects.create(
                kind=EventKind.RENAMING,
                date=on,
                reference=f"COD-AB {rec.edition}",
                description=f"{old_name} → {rec.name}",
            )
            event.sources.add(unit)
            event.results.add(unit)
        if step.geometry:
            unit.boundary = rec.geometry
            unit.centre_lat, unit.centre_lon = centre_of(rec.geometry) or (None, None)
        unit.pcode, unit.pcode_edition = rec.pcode, rec.edition
        (reshaped if step.geometry else others).append(unit)
    fields = ["name", "name_key", "pcode", "pcode_edition"]
    # `boundary` was not read for matched units: only write it where it changes.
    AdministrativeUnit.objects.bulk_update(others, fields, batch_size=200)
    AdministrativeUnit.objects.bulk_update(
        reshaped, [*fields, "boundary", "centre_lat", "centre_lon"], batch_size=200
    )
    for level in sorted({s.record.level for s in plan.steps if s.created}):
        new = [s for s in plan.steps if s.created and s.record.level == level]
        objects = []
        for step in new:
            rec = step.record
            parent = step.parent_step.unit if step.parent_step else step.parent_unit
            centre = centre_of(rec.geometry) or (None, None)
            objects.append(
                AdministrativeUnit(
                    name=rec.name,
                    name_key=name_key(rec.name),
                    level=LEVELS[level],
                    parent=parent,
                    pcode=rec.pcode,
                    pcode_edition=rec.edition,
                    boundary=rec.geometry,
                    centre_lat=centre[0],
                    centre_lon=centre[1],
                )
            )
        created = AdministrativeUnit.objects.bulk_create(objects, batch_size=200)
        for step, unit in zip(new, created, strict=True):
            unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
            step.unit = unit
        AdministrativeUnit.objects.bulk_update(created, ["path"], batch_size=500)


def import_boundaries(
    files: Sequence[tuple[str, bytes]], *, user: Any = None, dry_run: bool = False
) -> dict[str, Any]:
    """Parse, validate, plan and, if there is no error and this is not a trial, write.

    Returns the report: errors (where, message, in the active language), counts of
    units created / renamed / with a new boundary / unchanged, and the changes listed.
    """
    parsed = parse_files(files)
    with transaction.atomic():
        plan = plan_import(parsed)
        if plan.problems or dry_run:
            return plan.report(applied=False)
        counts = plan.counts()
        report = plan.report(applied=True)
        if (
            counts["created"]
            or counts["renamed"]
            or counts["geometry_updated"]
            or any(s.recode and not s.older for s in plan.steps)
        ):
            try:
                _apply(plan, user)
            except DomainError as error:
                transaction.set_rollback(True)
                report["errors"] = [Problem("", error.message).as_dict()]
                report["applied"] = False
                return report
            root = AdministrativeUnit.objects.filter(
                level=Level.COUNTRY, parent__isnull=True
            ).first()
            if root is not None:
                audit_record(
                    user=user,
                    obj=root,
                    verb="import boundaries",
                    before={},
                    after={**counts, "editions": ", ".join(plan.editions)},
                )
        return report
