"""XLSX exports read back with openpyxl: amounts stay numbers, shown the French way."""

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from siccs.committees.tests.factories import CommitteeFactory
from siccs.core.templatetags.siccs import fcfa
from siccs.partners import services
from siccs.partners.exports import FCFA_FORMAT
from siccs.partners.models import Comment, CommentSubject, CommitmentScope, Currency
from siccs.partners.selectors import next_quarter
from siccs.partners.tests.factories import PartnerFactory, commitment, unit_cost
from siccs.rollout.models import StepRecord

D = dt.date


def excel_text(value, number_format):
    """How a spreadsheet shows `value` under a format of conditional sections whose
    patterns are digit placeholders (#, 0) and quoted literals: digits fill the
    placeholders from the right, the leftmost takes whatever is left."""
    sections = number_format.split(";")
    for section in sections:
        condition = re.match(r"\[([<>]=?)(\d+)\]", section)
        if condition:
            op, limit = condition.group(1), int(condition.group(2))
            matches = {"<": value < limit, "<=": value <= limit, ">": value > limit}.get(
                op, value >= limit
            )
            if not matches:
                continue
            section = section[condition.end() :]
        tokens = re.findall(r'"[^"]*"|[#0]', section)
        digits = str(int(value))
        slots = [i for i, t in enumerate(tokens) if t in "#0"]
        out = [""] * len(tokens)
        rest = digits
        for position, index in enumerate(reversed(slots)):
            last = position == len(slots) - 1
            if last:
                out[index], rest = rest, ""
            else:
                out[index], rest = (rest[-1:], rest[:-1])
            if not out[index] and tokens[index] == "0":
                out[index] = "0"
        text, started = "", False
        for token, filled in zip(tokens, out, strict=True):
            if token in "#0":
                started = started or bool(filled)
                text += filled
            elif started or token.strip('"').strip("\u00a0") == "FCFA":
                text += token.strip('"')
        return text
    raise AssertionError("no section for the value")


@pytest.mark.parametrize(
    "amount", [1_234_567, 12_500, 999_999, 1_000_000, 98_685_000, 2_500_000_000, 375_600_572]
)
def test_the_amount_format_groups_thousands_the_french_way(amount):
    shown = excel_text(amount, FCFA_FORMAT)
    # The same figures as the `fcfa` filter of the pages, with no-break spaces.
    assert shown.replace("\u00a0", "\u202f") == fcfa(amount)


def test_a_plain_space_pattern_would_not_group_millions():
    # Why the format has conditions: one "# ##0" pattern puts every leading digit together.
    assert excel_text(1_234_567, '# ##0" FCFA"'.replace(" ", '" "', 1)) != "1 234 567 FCFA"


@pytest.fixture
def world(mali, partner, national_admin):
    gao = CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao")
    StepRecord.objects.create(
        committee=gao,
        step=gao.methodology_version.steps.get(code="launch"),
        planned_on=next_quarter().start + dt.timedelta(days=10),
    )
    unit_cost("launch", "communal", 3_500_000)
    made = commitment(
        partner,
        user=national_admin,
        title="Lancement des CCS de Mopti",
        unit=mali.mopti,
        amount="1234567",
        status_on=D(2021, 1, 10),
    )
    services.commitment_set_status(
        user=national_admin, commitment=made, status="disbursed", on=D(2021, 3, 15)
    )
    commitment(
        PartnerFactory(acronym="GIZ"),
        user=national_admin,
        title="Formation à Gao",
        scope=CommitmentScope.COMMITTEES,
        committees=[gao],
        amount="10000",
        currency=Currency.EUR,
        start_on=D(2020, 1, 1),
        end_on=D(2020, 12, 31),
    )
    comment = Comment.objects.create(
        partner=partner,
        subject=CommentSubject.METHODOLOGY,
        unit=mali.country,
        text="La formation doit suivre le lancement.",
    )
    services.comment_answer(user=national_admin, comment=comment, answer="Ce sera fait.")
    return made


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_the_commitments_export_has_amounts_as_numbers_and_the_history(
    world, national_admin, client_for
):
    book = workbook(client_for(national_admin).get("/partners/commitments/export.xlsx"))
    sheet, history = book.worksheets
    assert sheet.title == "Engagements"
    assert rows(sheet)[1][11] == "Montant en FCFA"
    by_title = {r[2]: r for r in rows(sheet)[2:]}
    assert by_title["Lancement des CCS de Mopti"][11] == 1_234_567
    assert by_title["Formation à Gao"][8:12] == (10000, "EUR", 655.957, 6_559_570)
    assert by_title["Lancement des CCS de Mopti"][12] == "décaissé"
    money = sheet.cell(row=3, column=12)
    assert money.number_format == FCFA_FORMAT
    assert excel_text(money.value, money.number_format) in (
        "1\u00a0234\u00a0567\u00a0FCFA",
        "6\u00a0559\u00a0570\u00a0FCFA",
    )
    assert [r[2:4] for r in rows(history)[2:] if r[1] == "Lancement des CCS de Mopti"] == [
        (dt.datetime(2021, 1, 10), "annoncé"),
        (dt.datetime(2021, 3, 15), "décaissé"),
    ]


def test_the_matrix_export_has_partners_and_kinds_by_region(world, national_analyst, client_for):
    sheet = workbook(client_for(national_analyst).get("/partners/matrix/export.xlsx")).active
    table = rows(sheet)
    assert table[1] == ("Partenaire", "Gao", "Mopti", "Total")
    assert ("GIZ", 6_559_570, None, 6_559_570) in table
    assert ("financement", 6_559_570, 1_234_567, 7_794_137) in table
    assert table[-1] == ("financement", "GIZ", "PNUD", None)
    assert sheet.cell(row=3, column=2).number_format == FCFA_FORMAT


def test_the_gap_export_has_regions_and_steps(world, national_analyst, client_for):
    quarter = next_quarter()
    response = client_for(national_analyst).get("/partners/gaps/export.xlsx")
    assert f"besoins-non-couverts-{quarter.key}.xlsx" in response["Content-Disposition"]
    table = rows(workbook(response).active)
    today = dt.date.today().strftime("%d/%m/%Y")
    assert table[0][0] == f"Besoins non couverts, T{quarter.number} {quarter.year}, au {today}"
    # And 5 earlier steps never recorded, none with a unit cost (counted apart).
    assert table[2] == ("Gao", 1, 1, 5, 3_500_000, 5)
    assert table[4] == (None,) * 6
    assert table[5] == (
        "Région",
        "Comité",
        "Étape",
        "Prévue le",
        "Coût estimé",
        "Appui des partenaires",
    )
    assert table[6][:3] == ("Gao", "CCSC Gao", "Lancement officiel et installation")
    assert table[6][4:] == (3_500_000, None)
    assert ("Gao", "CCSC Gao", "Première session", "non planifiée", "inconnu", None) in table


def test_the_gap_export_is_as_of_the_date_asked(world, national_analyst, client_for):
    # 25 June 2021: Gao's launch planned in the third quarter, when only an announcement
    # had been made to cover it (committed later): still a gap, flagged as announced.
    gao = StepRecord.objects.get(step__code="launch").committee
    gao.step_records.update(planned_on=D(2021, 8, 10))
    pledge = commitment(
        PartnerFactory(acronym="IMRAP"),
        title="Lancement de Gao",
        scope=CommitmentScope.COMMITTEES,
        committees=[gao],
        start_on=D(2021, 7, 1),
        end_on=D(2021, 9, 30),
        status_on=D(2021, 6, 1),
    )
    services.commitment_set_status(
        user=pledge.created_by, commitment=pledge, status="committed", on=D(2021, 7, 5)
    )
    response = client_for(national_analyst).get("/partners/gaps/export.xlsx", {"on": "2021-06-25"})
    assert "besoins-non-couverts-2021-3.xlsx" in response["Content-Disposition"]
    table = rows(workbook(response).active)
    assert table[0][0] == "Besoins non couverts, T3 2021, au 25/06/2021"
    assert ("Gao", "CCSC Gao", "Lancement officiel et installation") in [r[:3] for r in table]
    launch = next(r for r in table if r[2] == "Lancement officiel et installation")
    assert launch[3:] == (dt.datetime(2021, 8, 10), 3_500_000, "annoncé, pas engagé")
    later = rows(
        workbook(
            client_for(national_analyst).get(
                "/partners/gaps/export.xlsx", {"on": "2021-07-05", "quarter": "2021-3"}
            )
        ).active
    )
    assert "Lancement officiel et installation" not in [r[2] for r in later]


def test_the_comments_export_has_the_answer(world, national_admin, client_for):
    table = rows(workbook(client_for(national_admin).get("/partners/comments/export.xlsx")).active)
    assert table[2][2:5] == (
        "la méthodologie",
        "La formation doit suivre le lancement.",
        "Ce sera fait.",
    )


def test_the_support_and_unit_cost_exports(world, national_analyst, client_for):
    client = client_for(national_analyst)
    support = rows(workbook(client.get("/partners/support/export.xlsx")).active)
    assert support[1][0] == "Comité" and support[2][0] == "CCSC Gao"
    costs = workbook(client.get("/partners/unit-costs/export.xlsx")).active
    assert rows(costs)[2][1:] == ("Lancement officiel et installation", None, 3_500_000)
    assert costs.cell(row=3, column=4).number_format == FCFA_FORMAT


def test_everything_comes_in_one_workbook_for_the_reform_office(
    world, national_admin, client_for, django_assert_max_num_queries
):
    client = client_for(national_admin)
    with django_assert_max_num_queries(30):
        response = client.get("/partners/export.xlsx")
    assert workbook(response).sheetnames == [
        "Partenaires",
        "Engagements",
        "Historique des statuts",
        "Qui fait quoi où",
        "Appui par comité",
        "Besoins non couverts",
        "Coûts unitaires",
        "Commentaires",
    ]


def test_a_partner_viewers_workbook_has_its_own_sheets_only(world, partner_viewer, client_for):
    book = workbook(client_for(partner_viewer).get("/partners/export.xlsx"))
    # Its analyses too (over what its partner supports and commits), not the unit costs.
    assert book.sheetnames == [
        "Partenaires",
        "Engagements",
        "Historique des statuts",
        "Qui fait quoi où",
        "Appui par comité",
        "Besoins non couverts",
        "Commentaires",
    ]
    titles = [r[2] for r in rows(book["Engagements"])[2:]]
    assert titles == ["Lancement des CCS de Mopti"]
