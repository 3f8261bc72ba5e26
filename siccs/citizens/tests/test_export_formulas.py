"""A citizen's report written to trap the analyst's spreadsheet lands as text in the CSV."""

import csv
import io

import pytest

from siccs.citizens.tests.test_public_report import submit

pytestmark = pytest.mark.django_db

TRAP = "+cmd|' /C calc'!A0"


def test_it_neutralises_a_formula_typed_on_the_public_page(client, ccs, client_for, national_admin):
    assert submit(client, ccs, description=TRAP).status_code == 302
    export = client_for(national_admin).get("/signalements/export.csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    descriptions = [row[-1] for row in rows[1:]]
    assert "'" + TRAP in descriptions
    assert not any(cell[:1] and cell[:1] in "=+-@" for row in rows for cell in row)


def test_an_over_long_field_is_named_on_the_public_page(client, ccs):
    response = submit(client, ccs, place="x" * 10_000)
    page = response.content.decode()
    assert response.status_code == 200
    # The message stands beside the place's field, not only "Veuillez corriger :".
    place = page.index('<label for="p">')
    assert "200" in page[place : page.index("<input", place)]
