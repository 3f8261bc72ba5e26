"""The dashboard's indicators as a DHIS2 data value set: the shape DHIS2 imports, the
figures of the dashboard itself, through the configured mapping."""

from __future__ import annotations

import json

import jsonschema
import pytest

from siccs.api import dhis2
from siccs.api.tests.conftest import token_client
from siccs.dashboard.selectors import dashboard_figures
from siccs.dashboard.tests import world as dashboard_world

URL = "/api/v1/exports/dhis2/data-value-set"
UID = r"^[A-Za-z][A-Za-z0-9]{10}$"
# The data value set of DHIS2's Web API (POST /api/dataValueSets), JSON form.
DATA_VALUE_SET = {
    "type": "object",
    "required": ["period", "dataValues"],
    "additionalProperties": False,
    "properties": {
        "dataSet": {"type": "string", "pattern": UID},
        "completeDate": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "period": {"type": "string", "pattern": r"^(\d{4}|\d{6}|\d{4}Q[1-4]|\d{8})$"},
        "orgUnit": {"type": "string"},
        "attributeOptionCombo": {"type": "string", "pattern": UID},
        "dataElementIdScheme": {"enum": ["UID", "CODE", "NAME"]},
        "orgUnitIdScheme": {"enum": ["UID", "CODE", "NAME"]},
        "dataValues": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["dataElement", "period", "orgUnit", "value"],
                "additionalProperties": False,
                "properties": {
                    "dataElement": {"type": "string", "minLength": 1},
                    "period": {"type": "string"},
                    "orgUnit": {"type": "string", "minLength": 1},
                    "categoryOptionCombo": {"type": "string", "pattern": UID},
                    "attributeOptionCombo": {"type": "string", "pattern": UID},
                    "value": {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
                    "comment": {"type": "string"},
                },
            },
        },
    },
}


@pytest.fixture
def small_world(mali, partner):
    return dashboard_world.build(mali, partner=partner)


def _values(body: dict) -> dict[tuple[str, str], str]:
    return {(v["orgUnit"], v["dataElement"]): v["value"] for v in body["dataValues"]}


def test_it_exports_the_dashboards_figures_in_the_data_value_set_shape(
    small_world, national_analyst, mali
):
    on = dashboard_world.BEFORE
    response = token_client(national_analyst).get(URL, {"on": on.isoformat()})
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, DATA_VALUE_SET)
    assert body["period"] == "202106" and body["completeDate"] == "2021-06-25"
    assert body["orgUnitIdScheme"] == "CODE" and body["dataElementIdScheme"] == "CODE"
    values = _values(body)
    expected = {"ML": dashboard_figures(user=national_analyst, on=on)}
    for region in (mali.mopti, mali.gao):
        expected[region.pcode] = dashboard_figures(user=national_analyst, on=on, region=region)
    for pcode, figures in expected.items():
        for code, value in dhis2.indicator_values(figures).items():
            if value is not None:
                assert values[(pcode, f"CCS_{code.upper()}")] == dhis2._value(value)
    # Hand-counted in the dashboard's world on 25 June 2021.
    assert values[("ML", "CCS_COMMITTEES_FUNCTIONAL")] == "1"
    assert values[("ML05", "CCS_COMMITTEES_STALLED")] == "1"
    assert values[("ML07", "CCS_COMMITTEES_PLANNED")] == "1"
    assert values[("ML", "CCS_CONCERNS_MEDIAN_DAYS")] == "7"


def test_it_follows_the_mapping_file(small_world, national_analyst, mali, settings, tmp_path):
    mapping = {
        "dataSet": "CcsDataSet1",
        "periodType": "Quarterly",
        "dataElementIdScheme": "UID",
        "orgUnitIdScheme": "UID",
        "dataElements": {
            "committees_installed": "CcsInstal01",
            "committees_functional": {
                "dataElement": "CcsFonctio1",
                "categoryOptionCombo": "HllvX50cXC0",
            },
        },
        "orgUnits": {"ML05": "MoptiOrgU01"},
    }
    path = tmp_path / "dhis2.json"
    path.write_text(json.dumps(mapping), encoding="utf-8")
    settings.DHIS2_MAPPING_FILE = str(path)
    body = token_client(national_analyst).get(URL, {"on": "2021-06-25"}).json()
    jsonschema.validate(body, DATA_VALUE_SET)
    assert body["period"] == "2021Q2" and body["dataSet"] == "CcsDataSet1"
    assert "orgUnitIdScheme" not in body
    # Only Mopti is mapped to a DHIS2 organisation unit, only two indicators to elements.
    assert {(v["orgUnit"], v["dataElement"]) for v in body["dataValues"]} == {
        ("MoptiOrgU01", "CcsInstal01"),
        ("MoptiOrgU01", "CcsFonctio1"),
    }
    functional = next(v for v in body["dataValues"] if v["dataElement"] == "CcsFonctio1")
    assert functional["categoryOptionCombo"] == "HllvX50cXC0" and functional["value"] == "1"


def test_it_refuses_a_mapping_naming_an_unknown_indicator():
    with pytest.raises(ValueError):
        dhis2.Mapping.model_validate({"dataElements": {"committees_everywhere": "AbCdEfGhIj1"}})


def test_it_gives_a_focal_point_its_regions_only(small_world, mopti_focal_point):
    body = token_client(mopti_focal_point).get(URL, {"on": "2021-06-25"}).json()
    assert {v["orgUnit"] for v in body["dataValues"]} == {"ML05"}


def test_it_is_for_roles_that_analyse(small_world, partner_viewer):
    response = token_client(partner_viewer).get(URL)
    assert response.status_code == 403
    assert response.json()["type"] == "urn:siccs:problem:forbidden"


def test_it_stops_at_start_on_a_broken_mapping_file(settings, tmp_path):
    from siccs.api.apps import dhis2_mapping_check

    path = tmp_path / "dhis2.json"
    path.write_text('{"periodType": "Weekly"}', encoding="utf-8")
    settings.DHIS2_MAPPING_FILE = str(path)
    assert [e.id for e in dhis2_mapping_check()] == ["api.E001"]
    path.write_text('{"periodType": "Yearly"}', encoding="utf-8")
    assert dhis2_mapping_check() == []
