"""Importing the real 2015 COD-AB files of Mali (GeoJSON, CSV, and an XLSX made from the CSV)."""

import csv
import io
import json

import pytest
from openpyxl import Workbook

from conftest import shared_data
from siccs.audit.models import AuditEntry
from siccs.territory import selectors
from siccs.territory.importers import import_boundaries, parse_files
from siccs.territory.models import AdministrativeUnit, Level, TerritorialEvent

pytestmark = pytest.mark.django_db

COD = shared_data("mali-cod-ab-2015")
EDITION = "2015-04-08"


@pytest.fixture(scope="module")
def geojson_files():
    return [(p.name, p.read_bytes()) for p in sorted(COD.glob("mli_admbnda_adm*.geojson"))]


@pytest.fixture(scope="module")
def csv_file():
    path = COD / "mli_adminboundaries_tabulardata.csv"
    return [(path.name, path.read_bytes())]


def xlsx_from_csv(csv_bytes: bytes) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Admin3"
    for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8"))):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts_of_edition():
    units = AdministrativeUnit.objects.filter(pcode_edition=EDITION)
    return {level: units.filter(level=level).count() for level in Level.values if level}


def assert_2015_tree():
    root = selectors.country()
    assert root.pcode == "ML" and root.pcode_edition == EDITION
    assert counts_of_edition() == {1: 9, 2: 50, 3: 0, 4: 701, 5: 0}
    inside = AdministrativeUnit.objects.inside(root).filter(pcode_edition=EDITION)
    assert inside.exclude(pcode="").count() == 1 + 9 + 50 + 701
    assert AdministrativeUnit.objects.filter(parent__isnull=True).count() == 1


def counts(report):
    """The counts that are not zero."""
    return {k: v for k, v in report["counts"].items() if v}


def test_it_parses_the_701_communes(geojson_files):
    parsed = parse_files(geojson_files)
    assert parsed.problems == []
    assert sum(1 for r in parsed.records if r.explicit and r.level == 3) == 701


def test_it_imports_the_geojson_files_under_the_shipped_regions(geojson_files, national_admin):
    report = import_boundaries(geojson_files, user=national_admin)
    assert report["errors"] == [] and report["applied"]
    # Matched by name: the country, the 9 regions (Koulikouro and Bamako by their known
    # spellings) and the cercles and communes Bandiagara, Djenné, Gao of the `mali` fixture
    # ("Bandiagara" is the COD's "Bandiagara Commune"), whose made-up codes are replaced.
    assert report["baseline"] and report["on"] == EDITION
    assert counts(report) == {"created": 745, "recoded": 6, "unchanged": 10, "geometry_updated": 16}
    assert AdministrativeUnit.objects.get(pcode="ML050201").name == "Bandiagara"
    # A first load: the communes were there before the edition.
    assert not AdministrativeUnit.objects.filter(pcode_edition=EDITION, valid_from__isnull=False)
    assert_2015_tree()
    mopti = AdministrativeUnit.objects.get(name="Mopti", level=Level.REGION)
    assert mopti.pcode == "ML05" and mopti.boundary["type"] == "Polygon"
    assert AdministrativeUnit.objects.get(pcode="ML02").name == "Koulikoro"
    assert AdministrativeUnit.objects.get(pcode="ML09").name == "District de Bamako"
    assert AdministrativeUnit.objects.get(pcode="ML04").name == "Ségou"  # accents kept
    douentza = AdministrativeUnit.objects.get(pcode="ML0506")
    assert douentza.parent == mopti and douentza.path.startswith(mopti.path)
    commune = AdministrativeUnit.objects.get(pcode="ML050306")
    assert 13 < commune.centre_lat < 15 and -5 < commune.centre_lon < -2
    assert AuditEntry.objects.filter(verb="import boundaries").count() == 1

    # The same files again: nothing changes, nothing is written.
    before = list(AdministrativeUnit.objects.order_by("pk").values())
    again = import_boundaries(geojson_files, user=national_admin)
    assert counts(again) == {"unchanged": 761} and not again["applied"]
    assert list(AdministrativeUnit.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.filter(verb="import boundaries").count() == 1


def test_it_imports_the_tabular_csv(csv_file):
    report = import_boundaries(csv_file)
    assert report["errors"] == []
    assert report["levels"] == {"0": 1, "1": 9, "2": 50, "4": 701}
    assert_2015_tree()
    assert import_boundaries(csv_file)["counts"]["created"] == 0


def test_it_imports_an_xlsx_written_from_the_csv(csv_file):
    report = import_boundaries([("mali-2015.xlsx", xlsx_from_csv(csv_file[0][1]))])
    assert report["errors"] == [] and report["counts"]["created"] == 751
    assert_2015_tree()


def test_it_checks_without_writing_on_a_dry_run(csv_file):
    report = import_boundaries(csv_file, dry_run=True)
    assert report["counts"]["created"] == 751 and not report["applied"]
    assert not AdministrativeUnit.objects.filter(pcode_edition=EDITION).exists()


def test_it_updates_names_and_boundaries_from_a_newer_edition(geojson_files):
    import_boundaries(geojson_files)
    adm2 = json.loads(dict(geojson_files)["mli_admbnda_adm2.geojson"])
    for feature in adm2["features"]:
        feature["properties"]["validOn"] = "2020-06-01"
        if feature["properties"]["admin2Pcod"] == "ML0506":
            feature["properties"]["admin2Name"] = "Douentza Nord"
        if feature["properties"]["admin2Pcod"] == "ML0505":
            feature["geometry"]["coordinates"][0][1] = [-4.5, 13.9]
            moved_point = feature["geometry"]["coordinates"][0]
    files = [(n, d) for n, d in geojson_files if "adm2" not in n and "adm3" not in n]
    files.append(("mli_admbnda_adm2_2020.geojson", json.dumps(adm2).encode()))
    plan = import_boundaries(files)
    assert plan["needs"] == "reference" and not plan["applied"]  # a reform needs its law
    report = import_boundaries(files, reference="Arrêté n°2020-001")
    assert report["errors"] == [] and report["applied"]
    # The regions created in 2016 and 2018 are not in this file: kept as they are.
    assert counts(report) == {"renamed": 1, "geometry_updated": 1, "unchanged": 59, "kept": 6}
    (renamed,) = [c for c in report["changes"] if "renamed" in c["kinds"]]
    assert (renamed["pcode"], renamed["name"], renamed["old_name"]) == (
        "ML0506",
        "Douentza Nord",
        "Douentza",
    )
    cercle = AdministrativeUnit.objects.get(pcode="ML0506")
    assert cercle.name == "Douentza Nord" and cercle.pcode_edition == "2020-06-01"
    assert (
        selectors.name_on(cercle, cercle.versions.first().valid_to.replace(year=2019)) == "Douentza"
    )
    assert TerritorialEvent.objects.filter(description="Douentza → Douentza Nord").exists()
    djenne = AdministrativeUnit.objects.get(pcode="ML0505")
    # Stored counter-clockwise (RFC 7946), where the COD's rings turn clockwise.
    assert djenne.boundary["coordinates"][0] == list(reversed(moved_point))
