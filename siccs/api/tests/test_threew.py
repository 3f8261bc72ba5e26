"""Committees as a 3W CSV on COD P-codes, as the territory stood on the date."""

from __future__ import annotations

import csv
import io

import pytest

from siccs.api.core import scrub_phones
from siccs.api.tests.conftest import token_client
from siccs.committees.models import Committee
from siccs.dashboard.tests import world as dashboard_world

URL = "/api/v1/exports/3w/committees.csv"


@pytest.fixture
def small_world(mali, partner):
    return dashboard_world.build(mali, partner=partner)


def _rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_it_places_each_committee_by_the_pcodes_of_its_date(small_world, national_analyst):
    client = token_client(national_analyst)
    before = client.get(URL, {"on": dashboard_world.BEFORE.isoformat()})
    assert before.status_code == 200
    assert before["Content-Type"].startswith("text/csv")
    rows = {r["committee"]: r for r in _rows(before)}
    djenne = rows["CCS de Djenné"]
    assert (djenne["admin0Pcode"], djenne["admin1Pcode"], djenne["admin1Name_fr"]) == (
        "ML",
        "ML05",
        "Mopti",
    )
    assert (djenne["admin2Pcode"], djenne["admin3Pcode"]) == ("ML0503", "ML050301")
    assert djenne["state"] == "stalled" and djenne["state_fr"] == "en panne"
    assert djenne["partners"] == "PNUD"
    mopti = rows["CCSR de Mopti"]
    assert (mopti["admin1Pcode"], mopti["admin2Pcode"], mopti["admin3Pcode"]) == ("ML05", "", "")
    assert mopti["state"] == "functional" and mopti["installed_on"] == "2021-03-10"
    # After the 2024 reform the Djenné cercle lies in Douentza.
    after = {r["committee"]: r for r in _rows(client.get(URL, {"on": "2025-01-15"}))}
    assert after["CCS de Djenné"]["admin1Name_fr"] == "Douentza"


def test_it_adds_hxl_hashtags_on_request(small_world, national_analyst):
    response = token_client(national_analyst).get(URL, {"hxl": "true", "on": "2021-06-25"})
    lines = response.content.decode().splitlines()
    assert lines[1].startswith("#adm0+code,#adm0+name,#adm1+code")
    assert len(lines) == 2 + 4


def test_it_keeps_to_the_callers_scope(small_world, mopti_focal_point):
    rows = _rows(token_client(mopti_focal_point).get(URL, {"on": "2021-06-25"}))
    assert {r["admin1Pcode"] for r in rows} == {"ML05"}
    assert "CCS de Gao" not in {r["committee"] for r in rows}


def test_it_writes_a_formula_as_text(small_world, national_analyst):
    Committee.objects.filter(name="CCS de Gao").update(name='=HYPERLINK("http://x")')
    rows = _rows(token_client(national_analyst).get(URL, {"on": "2021-06-25"}))
    assert '\'=HYPERLINK("http://x")' in {r["committee"] for r in rows}


@pytest.mark.parametrize(
    "typed", ["+22376998877", "76 99 88 77", "+223 76.99.88.77", "223-76998877"]
)
def test_it_masks_a_reporters_phone_however_it_was_typed(typed):
    text = scrub_phones(f"Rappeler au {typed} demain", ["+22376998877"])
    assert "998877" not in text.replace(" ", "").replace(".", "").replace("-", "")
    assert text.startswith("Rappeler au +223 ••")
