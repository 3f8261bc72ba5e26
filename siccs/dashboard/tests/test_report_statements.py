"""The report reads right, statement by statement (issue 15), on the small world of
`world.py` as of 25 June 2021; each test fails when its statement is broken."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from siccs.committees.tests.factories import CommitteeFactory
from siccs.dashboard import charts, report
from siccs.dashboard.report import cell_text
from siccs.dashboard.tests.world import BEFORE, build
from siccs.meetings.tests.pdf_text import pdf_text
from siccs.partners.models import UnitCost
from siccs.rollout.models import StepRecord, StepStatus

pytestmark = pytest.mark.django_db


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def world(mali, partner):
    world = build(mali, partner=partner)
    version = world.gao.methodology_version
    # Gao's preparation, planned in July 2021 (the coming quarter, Q3 2021) with a unit
    # cost; its identification, planned in August, has none: a gap of unknown cost.
    world.preparation = version.steps.get(code="preparation")
    world.identification = version.steps.get(code="identification")
    for step, day in ((world.preparation, 15), (world.identification, 20)):
        StepRecord.objects.create(
            committee=world.gao,
            step=step,
            status=StepStatus.PLANNED,
            planned_on=dt.date(2021, 7 if step == world.preparation else 8, day),
        )
    UnitCost.objects.create(step_code="preparation", level=world.gao.level, amount_fcfa=600_000)
    return world


def _produce(user, language="fr", on=BEFORE):
    with translation.override(language):
        context = report.build_context(user=user, on=on)
        files = {
            "pdf": report.render_pdf(context),
            "docx": report.render_docx(context),
            "xlsx": report.render_xlsx(context),
        }
    return context, files


def test_installed_committees_stand_at_their_real_step_not_preparation(mali, national_admin):
    # A committee whose launch alone was recorded (as a fresh install records it): it is
    # installed, so the steps before the launch are passed and it stands at the training.
    committee = CommitteeFactory(unit=mali.bandiagara)
    launch = committee.methodology_version.steps.get(marks_installation=True)
    StepRecord.objects.create(
        committee=committee, step=launch, status=StepStatus.DONE, done_on=dt.date(2021, 5, 2)
    )
    with translation.override("fr"):
        context = report.build_context(user=national_admin, on=BEFORE)
    steps = {row[0]: row[1] for row in context["tables"]["steps"].rows}
    training = committee.methodology_version.steps.get(code="training").name
    assert steps == {training: 1}
    assert "Préparation et contact avec l'autorité" not in steps


def test_a_gap_of_unknown_cost_is_shown_as_unknown_and_counted_apart(world, national_admin):
    context, files = _produce(national_admin)
    gaps = context["gaps"]
    # Gao's two planned steps are gaps, with the required steps nobody scheduled yet;
    # only the preparation has a unit cost: every other step is of unknown cost.
    assert gaps["cost"] == 600_000
    assert gaps["unknown"] == gaps["steps"] - 1 > 1
    gao = next(r for r in gaps["rows"] if r[0] == "Gao")
    assert gao[2] == 2 and gao[4] == 600_000 and gao[5] == gao[2] + gao[3] - 1
    details = {row[2]: row[4] for row in gaps["details"] if row[1] == world.gao.name}
    assert details[world.preparation.name] == 600_000
    assert details[world.identification.name] == "inconnu"
    text = _squash(pdf_text(files["pdf"]))
    unknown = gaps["unknown"]
    assert _squash(f"Le coût de {unknown} de ces étapes est inconnu") in text
    assert _squash(f"600 000 FCFA + {unknown} étapes de coût inconnu") in text
    sheet = load_workbook(io.BytesIO(files["xlsx"]))["Détail des besoins non couverts"]
    assert ("Gao", world.gao.name, world.identification.name) in [
        r[:3] for r in sheet.iter_rows(values_only=True)
    ]
    assert "inconnu" in [r[4] for r in sheet.iter_rows(values_only=True)]


def test_no_unit_cost_at_all_is_not_a_gap_of_zero(world, national_admin):
    UnitCost.objects.all().delete()
    context, files = _produce(national_admin)
    gaps = context["gaps"]
    assert gaps["cost"] == 0 and gaps["unknown"] == gaps["steps"] > 0
    text = _squash(pdf_text(files["pdf"]))
    assert _squash(f"Le coût de {gaps['unknown']} de ces étapes est inconnu") in text


def test_the_cumulative_chart_scale_follows_the_data():
    points = [(dt.date(2021, m, 1), v) for m, v in ((1, 5), (3, 12), (6, 23))]
    flat = charts.line_layout(points, 800, 420, 220)
    # The data's top (23) reaches near the top of the plot, the target is not drawn.
    top = min(y for _x, y in flat.points)
    assert flat.target_y is None
    assert max(value for _y, value in flat.ticks) < 50
    assert top < 100  # in the upper half, not flat along the axis (y ~ 190)
    near = charts.line_layout(points, 40, 420, 220)
    assert near.target_y is not None  # a target within twice the data is drawn
    assert max(value for _y, value in near.ticks) >= 40


def test_every_format_carries_the_same_tables_and_rows(world, national_admin):
    context, files = _produce(national_admin)
    tables = context["tables"]
    # XLSX: a sheet per table, with every row (and the total).
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    assert workbook.sheetnames == [t.sheet for t in tables.values()]
    for spec in tables.values():
        sheet = list(workbook[spec.sheet].iter_rows(values_only=True))
        assert list(sheet[0]) == spec.header, spec.key
        expected = [
            ["–" if v is None else None if v == "" else v for v in row] for row in spec.all_rows
        ]
        assert [list(r) for r in sheet[1:]] == expected, spec.key
    # DOCX: a heading and a table per table, the same rows written out.
    document = Document(io.BytesIO(files["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    grids = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    for spec in tables.values():
        assert spec.title in headings, spec.key
        written = [
            [cell_text(v) for v in row] for row in [*spec.shown, *filter(None, [spec.total])]
        ]
        assert [spec.header, *written] in grids, spec.key
    # PDF: every table's title and every shown row.
    text = _squash(pdf_text(files["pdf"]))
    for spec in tables.values():
        assert _squash(spec.title) in text, spec.key
        for row in spec.shown:
            assert _squash(" ".join(cell_text(v) for v in row)) in text, (spec.key, row)
    # Months without an installation: in none of the formats (a row per year, 2021).
    assert tables["installations"].rows == [["2021", 2, 2]]


def test_the_english_report_is_english_throughout(world, national_admin, partner):
    partner.name_en, partner.acronym_en = "United Nations Development Programme", "UNDP"
    partner.save()
    _context, files = _produce(national_admin, "en")
    steps = {s.name: s.name_en for s in world.gao.methodology_version.steps.all()}
    assert all(steps.values())  # the shipped methodology has its English forms
    text = _squash(pdf_text(files["pdf"]))
    document = Document(io.BytesIO(files["docx"]))
    docx = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    xlsx = "\n".join(
        str(v) for ws in workbook for row in ws.iter_rows(values_only=True) for v in row if v
    )
    assert _squash("OFFICE OF THE COMMISSIONER FOR SECURITY SECTOR REFORM") in text.upper()
    for french, english in [
        ("Programme des Nations unies pour le développement", partner.name_en),
        *steps.items(),
    ]:
        # The methodology table names every step, the annex the partner.
        assert english in docx and english in xlsx, english
        assert _squash(english) in text, english
        assert french not in docx and french not in xlsx, french
        assert _squash(french) not in text, french
    assert "UNDP" in docx or partner.name_en in docx
    for word in ("Commissariat", "Résumé", "Besoins", "prévu", "installé", "Région"):
        assert word not in docx, word
        assert word not in xlsx, word
        assert _squash(word) not in text, word
