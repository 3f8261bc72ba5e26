"""The dashboard's indicators as a DHIS2 data value set, through a configurable mapping.

The mapping is a JSON file (DHIS2_MAPPING_FILE) kept by whoever runs the DHIS2 instance:
which data element (and category option combo) receives each indicator, and which
organisation unit each territory is, by P-code. Without a file, or for what it leaves
out, codes are used: `CCS_<INDICATOR>` for data elements and the OCHA P-code for
organisation units, to be imported with `dataElementIdScheme=CODE&orgUnitIdScheme=CODE`
(DHIS2 instances of the region commonly carry P-codes as organisation unit codes).
Figures come from `dashboard.selectors.dashboard_figures`, so they equal the dashboard's.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, field_validator

# DHIS2 identifiers: a letter then ten letters or digits.
UID_PATTERN = r"^[A-Za-z][A-Za-z0-9]{10}$"


def _states(figures: dict[str, Any]) -> dict[str, int]:
    return {cell["state"]: cell["n"] for cell in figures["states"]}


# Indicator code → how to read it from `dashboard_figures`; the order is the export's.
INDICATORS: dict[str, Any] = {
    "committees_total": lambda f: f["total"],
    "committees_planned": lambda f: _states(f)["planned"],
    "committees_setting_up": lambda f: _states(f)["setting_up"],
    "committees_stalled": lambda f: _states(f)["stalled"],
    "committees_installed_only": lambda f: _states(f)["installed"],
    "committees_functional": lambda f: _states(f)["functional"],
    "committees_installed": lambda f: f["installed"],
    "committees_target": lambda f: f["target"]["total"],
    "committees_supported": lambda f: f["coverage"]["supported"],
    "sessions_24_months": lambda f: f["sessions_total"],
    "members_total": lambda f: f["women"]["members_total"],
    "members_women": lambda f: f["women"]["members"],
    "attendees_total": lambda f: f["women"]["attendees_total"],
    "attendees_women": lambda f: f["women"]["attendees"],
    "recommendations_adopted": lambda f: f["recommendations"]["adopted"],
    "recommendations_done": lambda f: f["recommendations"]["done"],
    "concerns_received": lambda f: f["concerns"]["received"],
    "concerns_answered": lambda f: f["concerns"]["answered"],
    "concerns_median_days": lambda f: f["concerns"]["median_days"],
    "reports_received": lambda f: f["reports"]["received"],
    "reports_answered": lambda f: f["reports"]["answered"],
}


def indicator_values(figures: dict[str, Any]) -> dict[str, int | float | None]:
    return {code: read(figures) for code, read in INDICATORS.items()}


class DataElementRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dataElement: str = Field(min_length=1, max_length=50)
    categoryOptionCombo: str | None = Field(None, pattern=UID_PATTERN)


class Mapping(BaseModel):
    """The mapping file's content (docs/api.md shows an example)."""

    model_config = ConfigDict(extra="forbid")
    dataSet: str | None = Field(None, pattern=UID_PATTERN)
    periodType: Literal["Daily", "Monthly", "Quarterly", "Yearly"] = "Monthly"
    attributeOptionCombo: str | None = Field(None, pattern=UID_PATTERN)
    dataElementIdScheme: Literal["UID", "CODE"] = "CODE"
    orgUnitIdScheme: Literal["UID", "CODE"] = "CODE"
    # Indicator code → data element; absent: every indicator, as CCS_<CODE>.
    dataElements: dict[str, DataElementRef | str] | None = None
    # P-code → organisation unit; absent P-codes are sent as codes (CODE scheme only).
    orgUnits: dict[str, str] = {}

    @field_validator("dataElements")
    @classmethod
    def known_indicators(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        unknown = set(value or {}) - set(INDICATORS)
        if unknown:
            raise ValueError(f"unknown indicators: {', '.join(sorted(unknown))}")
        return value

    def data_element(self, code: str) -> DataElementRef | None:
        if self.dataElements is None:
            return DataElementRef(dataElement=f"CCS_{code.upper()}")
        ref = self.dataElements.get(code)
        if isinstance(ref, str):
            return DataElementRef(dataElement=ref)
        return ref

    def org_unit(self, pcode: str) -> str | None:
        if pcode in self.orgUnits:
            return self.orgUnits[pcode]
        return pcode or None if self.orgUnitIdScheme == "CODE" else None


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Mapping:
    return Mapping.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))


def mapping() -> Mapping:
    """The configured mapping (read again when the file changes), or the codes' default."""
    path = settings.DHIS2_MAPPING_FILE
    if not path:
        return Mapping()
    return _load(path, Path(path).stat().st_mtime)


def period_of(on: dt.date, period_type: str) -> str:
    """The DHIS2 period holding `on` (its indicators are stocks as of that day)."""
    if period_type == "Daily":
        return on.strftime("%Y%m%d")
    if period_type == "Quarterly":
        return f"{on.year}Q{(on.month - 1) // 3 + 1}"
    if period_type == "Yearly":
        return str(on.year)
    return on.strftime("%Y%m")


def _value(value: int | float) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def data_value_set(
    *,
    on: dt.date,
    figures_by_pcode: list[tuple[str, dict[str, Any]]],
    config: Mapping | None = None,
) -> dict[str, Any]:
    """The data value set of the figures of each territory (by P-code) on `on`.

    Indicators without a value (a median of nothing) and territories or indicators the
    mapping leaves out are not sent: DHIS2 reads an absent value as no data."""
    config = config or mapping()
    period = period_of(on, config.periodType)
    values = []
    for pcode, figures in figures_by_pcode:
        org_unit = config.org_unit(pcode)
        if org_unit is None:
            continue
        for code, value in indicator_values(figures).items():
            ref = config.data_element(code)
            if ref is None or value is None:
                continue
            row: dict[str, Any] = {
                "dataElement": ref.dataElement,
                "period": period,
                "orgUnit": org_unit,
                "value": _value(value),
            }
            if ref.categoryOptionCombo:
                row["categoryOptionCombo"] = ref.categoryOptionCombo
            if config.attributeOptionCombo:
                row["attributeOptionCombo"] = config.attributeOptionCombo
            values.append(row)
    result: dict[str, Any] = {
        "period": period,
        "completeDate": on.isoformat(),
        "dataValues": values,
    }
    if config.dataSet:
        result["dataSet"] = config.dataSet
    if config.dataElementIdScheme == "CODE":
        result["dataElementIdScheme"] = "CODE"
    if config.orgUnitIdScheme == "CODE":
        result["orgUnitIdScheme"] = "CODE"
    return result
