"""A broken file writes nothing and says, in French, what is wrong and where."""

import json

import pytest
from django.utils import translation

from siccs.territory.importers import centre_of, geometry_error, import_boundaries
from siccs.territory.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[-4, 14], [-3, 14], [-3, 15], [-4, 15], [-4, 14]]]}
HEADER = "admin0Name_fr,admin0Pcode,admin1Name_fr,admin1Pcode,admin2Name_fr,admin2Pcode,admin3Name_fr,admin3Pcode,validOn\n"


def feature(level: int, pcode: str, name: str, parent: str = "", geometry=SQUARE) -> dict:
    props = {"admin0Name": "Mali", "admin0Pcod": "ML", "validOn": "2015-04-08"}
    if level == 2:
        props |= {"admin1Name": "Mopti", "admin1Pcod": parent}
    props |= {f"admin{level}Name": name, f"admin{level}Pcod": pcode}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def geojson(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def run_in_french(files):
    before = AdministrativeUnit.objects.count()
    with translation.override("fr"):
        report = import_boundaries(files)
    assert AdministrativeUnit.objects.count() == before, "a broken file must write nothing"
    assert not report["applied"]
    return [f"{e['where']} : {e['message']}" for e in report["errors"]]


def test_it_rejects_unknown_parents_duplicates_and_bad_geometry_and_lists_each_in_french():
    adm1 = geojson(feature(1, "ML05", "Mopti"))
    open_ring = {"type": "Polygon", "coordinates": [[[-4, 14], [-3, 14], [-3, 15], [-4, 15]]]}
    adm2 = geojson(
        feature(2, "ML0501", "Mopti", "ML05"),
        feature(2, "ML0502", "Bandiagara", "ML99"),
        feature(2, "ML0501", "Djenné", "ML05"),
        feature(2, "ML0503", "Bankass", "ML05", geometry=open_ring),
    )
    errors = run_in_french([("adm1.geojson", adm1), ("adm2.geojson", adm2)])
    assert (
        "adm2.geojson, entité 2 : Code P parent inconnu ML99 : il n’est pas dans le fichier du niveau 1."
        in errors
    )
    assert (
        "adm2.geojson, entité 3 : Code P ML0501 en double (déjà à adm2.geojson, entité 1)."
        in errors
    )
    assert "adm2.geojson, entité 4 : Géométrie invalide : un anneau n’est pas fermé." in errors
    assert len(errors) == 3


def test_it_rejects_a_latin1_csv_with_the_line_of_the_first_bad_byte():
    text = HEADER + "Mali,ML,Mopti,ML05,Djenné,ML0505,Djenné,ML050501,2015-04-08\n"
    errors = run_in_french([("communes.csv", ("\n" + text).encode("latin-1")[1:])])
    assert len(errors) == 1
    assert errors[0].startswith("communes.csv, ligne 2 : Le fichier n’est pas encodé en UTF-8")


def test_it_names_missing_columns():
    errors = run_in_french(
        [("communes.csv", b"admin1Name_fr,admin1Pcode,admin2Pcode\nMopti,ML05,ML0501\n")]
    )
    assert errors == ["communes.csv : Colonnes manquantes : admin2Name, validOn."]


def test_it_rejects_a_row_that_skips_a_level():
    text = HEADER + "Mali,ML,Mopti,ML05,,,Djenné,ML050501,2015-04-08\n"
    errors = run_in_french([("communes.csv", text.encode())])
    assert errors == [
        "communes.csv, ligne 2 : Niveau manquant : le code P de niveau 2 est vide alors que le niveau 3 est renseigné."
    ]


def test_it_rejects_a_file_of_an_unknown_type():
    errors = run_in_french([("communes.txt", b"Mopti")])
    assert errors == [
        "communes.txt : Type de fichier non pris en charge : envoyez du GeoJSON, CSV, XLSX ou un ZIP de ces fichiers."
    ]


def test_it_tells_valid_from_invalid_geometries():
    assert geometry_error(SQUARE) is None
    assert geometry_error(None) is None
    assert geometry_error({"type": "Point", "coordinates": [1, 2]})
    assert geometry_error({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]})
    assert geometry_error({"type": "Polygon", "coordinates": [[[0, 0], [1, "a"], [1, 0], [0, 0]]]})
    assert geometry_error({"type": "Polygon", "coordinates": [[[0, 0], [0, 95], [1, 0], [0, 0]]]})


def test_it_puts_the_centre_in_the_middle_of_the_largest_polygon():
    assert centre_of(SQUARE) == (14.5, -3.5)
    multi = {
        "type": "MultiPolygon",
        "coordinates": [[[[0, 0], [0.1, 0], [0.1, 0.1], [0, 0]]], SQUARE["coordinates"]],
    }
    assert centre_of(multi) == (14.5, -3.5)


BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[-4, 14], [-3, 15], [-3, 14], [-4, 15], [-4, 14]]],
}


def test_it_refuses_a_self_intersecting_boundary_and_says_where_and_how_to_repair():
    adm1 = geojson(feature(1, "ML05", "Mopti", geometry=BOW_TIE))
    errors = run_in_french([("adm1.geojson", adm1)])
    assert errors == [
        "adm1.geojson, entité 1 : Géométrie invalide : la limite se croise elle-même vers"
        " -3.5 14.5. Cochez « Réparer les géométries invalides » pour que l’import la répare."
    ]


def test_it_repairs_a_self_intersecting_boundary_when_asked_and_warns():
    adm1 = geojson(feature(1, "ML05", "Mopti", geometry=BOW_TIE))
    with translation.override("fr"):
        report = import_boundaries([("adm1.geojson", adm1)], repair=True, dry_run=True)
    assert report["errors"] == []
    messages = [f"{w['where']} : {w['message']}" for w in report["warnings"]]
    assert (
        "adm1.geojson, entité 1 : Géométrie invalide : la limite se croise elle-même vers"
        " -3.5 14.5. Réparée avec make_valid : vérifiez la forme sur la carte." in messages
    )


def test_it_turns_rings_the_way_geojson_expects_with_one_warning_per_file():
    clockwise = {"type": "Polygon", "coordinates": [list(reversed(SQUARE["coordinates"][0]))]}
    adm2 = geojson(
        *[feature(2, f"ML05{n:02}", f"Cercle {n}", "ML05", geometry=clockwise) for n in range(7)]
    )
    with translation.override("fr"):
        report = import_boundaries(
            [("adm1.geojson", geojson(feature(1, "ML05", "Mopti"))), ("adm2.geojson", adm2)],
            dry_run=True,
        )
    assert report["errors"] == []
    (warning,) = report["warnings"]
    assert warning["where"] == "adm2.geojson"
    assert warning["message"].startswith("7 entités avaient des anneaux tournant dans l’autre sens")
    assert "(entités 1, 2, 3, 4, 5, …)" in warning["message"]


def test_it_refuses_a_second_code_for_a_unit_already_coded_under_the_same_parent():
    text = (
        HEADER
        + "Mali,ML,Mopti,ML05,Djenné,ML0505,Djenné,ML050501,2015-04-08\n"
        + "Mali,ML,Mopti,ML05,Djenné,ML0505,Femaye,ML050502,2015-04-08\n"
        + "Mali,ML,Mopti,ML05,Djenne,ML0599,Kouakourou,ML059901,2015-04-08\n"
    )
    errors = run_in_french([("communes.csv", text.encode())])
    assert errors == [
        "communes.csv, ligne 4 : Code P inconnu ML0599 pour Djenne : ML0505 désigne déjà"
        " Djenne dans la même unité de rattachement. Est-il mal saisi ?"
    ]
