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


def test_it_exports_the_breakdowns_and_the_rate_over_time(adopted, client_for, gao_secretary):
    services.recommendation_follow_up(
        user=gao_secretary,
        recommendation=adopted,
        on=dt.date(2021, 9, 15),
        status="done",
        note="Patrouilles organisées au poste de Wabaria",
    )
    response = client_for(gao_secretary).get(
        "/sessions/follow-up/export.xlsx", {"on": "2021-12-31"}
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Recommandations",
        "Par destinataire",
        "Par catégorie de préoccupation",
        "Évolution",
    ]
    by_addressee = [tuple(c.value for c in r) for r in book["Par destinataire"].iter_rows()]
    assert by_addressee[1] == ("Gendarmerie nationale", 1, 0, 1, 1)
    by_category = [
        tuple(c.value for c in r) for r in book["Par catégorie de préoccupation"].iter_rows()
    ]
    assert by_category[1][0] == "Rackets aux postes de contrôle (y compris par des FDS)"
    quarters = {
        r[0].value: (r[1].value, r[2].value, r[3].value)
        for r in book["Évolution"].iter_rows(min_row=2)
    }
    # Adopted in July and done in September: not there yet in Q2, done by the end of Q3.
    assert quarters["2021 T2"] == (0, 0, None)
    assert quarters["2021 T3"] == (1, 1, 1)
    assert book["Évolution"]["D2"].number_format == "0%"
