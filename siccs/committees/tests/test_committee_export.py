"""Exports hold exactly the filtered list, in CSV and in XLSX that spreadsheets open."""

import csv
import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from siccs.committees.tests.factories import CommitteeFactory, install


def test_it_exports_the_filtered_list_as_xlsx(client_for, national_admin, mali):
    install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 5, 3))
    CommitteeFactory(unit=mali.djenne)
    response = client_for(national_admin).get(
        reverse("committees:committee_export_xlsx"), {"on": "2021-06-25", "state": "installed"}
    )
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "25/06/2021" in rows[0][0]
    assert [r[0] for r in rows[2:]] == ["CCS de Bandiagara"]
    assert rows[2][4] == "installé"
    assert rows[2][6].date() == dt.date(2021, 5, 3)


def test_it_exports_the_filtered_list_as_csv(client_for, national_admin, mali):
    install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 5, 3))
    CommitteeFactory(unit=mali.djenne)
    response = client_for(national_admin).get(
        reverse("committees:committee_export_csv"), {"region": mali.mopti.pk}
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Comité"
    assert sorted(r[0] for r in rows[1:]) == ["CCS de Bandiagara", "CCS de Djenné"]


def test_it_exports_only_what_the_user_may_see(client_for, mopti_focal_point, mali):
    CommitteeFactory(unit=mali.gao_commune, name="CCS de Gao")
    response = client_for(mopti_focal_point).get(reverse("committees:committee_export_csv"))
    assert "Gao" not in response.content.decode("utf-8-sig")
