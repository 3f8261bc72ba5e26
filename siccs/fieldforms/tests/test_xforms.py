"""The forms: each XLSForm of the repository converts with pyxform and passes ODK
Validate (the validator pyxform ships, run by Java), and its XLSX is the same form."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pyxform.validators.odk_validate import ODKValidateError, check_xform
from pyxform.xls2xform import convert

from siccs.fieldforms.xforms import CATALOGUE, validate


@pytest.mark.parametrize("form_id", sorted(CATALOGUE))
def test_every_form_passes_odk_validate(form_id):
    assert validate(CATALOGUE[form_id]) == []


def test_the_validator_really_runs_and_refuses_a_broken_form(tmp_path):
    # Without this, a validator that silently did nothing would pass every form above.
    bind = '<bind nodeset="/data/lieu" type="string"/>'
    xform = CATALOGUE["seance_ccs"].xform()
    assert bind in xform
    xform = xform.replace(bind, bind.replace("/>", ' calculate="concat("/>'))
    path = tmp_path / "broken.xml"
    path.write_text(xform, encoding="utf-8")
    with pytest.raises(ODKValidateError):
        check_xform(str(path))


@pytest.mark.parametrize("form_id", sorted(CATALOGUE))
def test_the_xlsx_for_kobotoolbox_is_the_same_form(form_id):
    form = CATALOGUE[form_id]
    workbook = load_workbook(io.BytesIO(form.xlsx()))
    assert {"survey", "settings"} <= set(workbook.sheetnames)
    again = convert(xlsform=form.xlsx(), file_type=".xlsx", form_name="data").xform
    assert again == form.xform()


def test_the_forms_name_the_lists_they_read():
    assert CATALOGUE["seance_ccs"].media_names() == [
        "comites.csv",
        "membres.csv",
        "categories.csv",
        "destinataires.csv",
    ]
    assert CATALOGUE["preoccupation_citoyenne"].media_names() == ["communes.csv", "categories.csv"]
    assert all(form.version() for form in CATALOGUE.values())


def test_the_xlsx_is_downloaded_from_the_odk_page(mali, mopti_focal_point, client_for):
    response = client_for(mopti_focal_point).get("/odk/xlsform/etape_ccs.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="etape_ccs.xlsx"'
    assert load_workbook(io.BytesIO(response.content))["survey"]["A1"].value == "type"
