"""Committees as a CSV for partners' 3W (who does what where) tools, on COD P-codes.

One row per committee counted on the date, placed by the P-codes and names of its region,
cercle and commune as the territory stood on that date (COD-AB admin levels 1 to 3), with
its state, and the partners that supported it. A second header row of HXL hashtags, on
request, lets HDX and 3W dashboards read the columns without mapping them by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from siccs.committees.selectors import CommitteeState, partners_of
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.selectors import ancestor_at_level_map

COLUMNS = [
    ("admin0Pcode", "#adm0+code"),
    ("admin0Name_fr", "#adm0+name"),
    ("admin1Pcode", "#adm1+code"),
    ("admin1Name_fr", "#adm1+name"),
    ("admin2Pcode", "#adm2+code"),
    ("admin2Name_fr", "#adm2+name"),
    ("admin3Pcode", "#adm3+code"),
    ("admin3Name_fr", "#adm3+name"),
    ("committee_id", "#activity+id"),
    ("committee", "#activity+name"),
    ("level", "#activity+type"),
    ("state", "#status+code"),
    ("state_fr", "#status+name"),
    ("installed_on", "#date+start"),
    ("last_session_on", "#date+session"),
    ("partners", "#org+impl"),
    ("as_of", "#date+reported"),
]
# A cell a spreadsheet would run as a formula is written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def committees_csv(committees: Iterable[Any], on: dt.date, *, hxl: bool = False) -> str:
    """The CSV text (UTF-8, comma-separated, as HDX and 3W templates expect)."""
    units = {
        row["pk"]: row
        for row in AdministrativeUnit.objects.order_by().values("pk", "name", "pcode", "level")
    }
    # The region and the cercle of every unit in the structure in force on the date.
    above = {lv: ancestor_at_level_map(on, lv) for lv in (Level.REGION, Level.CERCLE)}
    country = next((u for u in units.values() if u["level"] == Level.COUNTRY), None)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _tag in COLUMNS])
    if hxl:
        writer.writerow([tag for _name, tag in COLUMNS])
    for c in committees:
        unit = units.get(c.unit_id, {})
        admin = {lv: units.get(above[lv].get(c.unit_id) or 0, {}) for lv in above}
        commune = unit if unit.get("level") == Level.COMMUNE else {}
        row = [
            country["pcode"] if country else "",
            country["name"] if country else "",
            admin[Level.REGION].get("pcode", ""),
            admin[Level.REGION].get("name", ""),
            admin[Level.CERCLE].get("pcode", ""),
            admin[Level.CERCLE].get("name", ""),
            commune.get("pcode", ""),
            commune.get("name", ""),
            c.pk,
            c.name,
            c.level.name,
            c.state,
            CommitteeState.LABELS.get(c.state, c.state),
            c.installed_on,
            c.last_session_on,
            "; ".join(p.acronym or p.name for p in partners_of(c)),
            on,
        ]
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()
