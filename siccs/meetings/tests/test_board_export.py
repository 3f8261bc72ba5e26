"""The follow-up board exported to XLSX, read back with openpyxl."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from siccs.meetings import services
from siccs.meetings.models import Addressee

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(committee, members, record, concern, gao_secretary):
    session = record(committee, dt.date(2021, 7, 1), dict.fromkeys(members, "present"))
    return services.recommendation_adopt(
        user=gao_secretary,
        session=session,
        text="Sensibiliser les transporteurs aux rackets",
        addressee=Addressee.objects.get(name="Gendarmerie nationale"),
        concerns=[concern(code="extortion", title="Rackets au poste de Wabaria")],
        responsible="Adjudant-chef Sidibé",
        due_on=dt.date(2021, 8, 1),
    )


def rows_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_it_exports_the_board_with_status_and_overdue_flag(adopted, client_for, gao_secretary):
    rows = rows_of(
        client_for(gao_secretary).get("/sessions/follow-up/export.xlsx", {"on": "2021-12-31"})
    )
    assert rows[0][0] == "Comité"
    assert rows[1][2] == "Sensibiliser les transporteurs aux rackets"
    assert rows[1][3] == "Gendarmerie nationale"
    assert rows[1][4] == "Adjudant-chef Sidibé"
    assert rows[1][6] == "ouverte"
    assert rows[1][7] == "oui"


def test_it_leaves_the_person_responsible_out_for_analysts(adopted, client_for, national_analyst):
    rows = rows_of(client_for(national_analyst).get("/sessions/follow-up/export.xlsx"))
    assert rows[1][2] == "Sensibiliser les transporteurs aux rackets"
    assert rows[1][4] in (None, "")


def test_it_exports_nothing_of_another_region(adopted, client_for, mopti_focal_point):
    rows = rows_of(client_for(mopti_focal_point).get("/sessions/follow-up/export.xlsx"))
    assert len(rows) == 1
