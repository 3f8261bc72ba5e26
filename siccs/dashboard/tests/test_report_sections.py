"""Every section of the 25 June 2021 report, in each format, with the small world's figures.

The report is made once per language and format, for the whole module, from `world.py`
plus one step planned in the coming quarter without support (a perspective and a funding
gap). A section that disappears from the PDF, the DOCX or the XLSX fails here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from siccs.committees.models import CommitteeLevel
from siccs.dashboard import report
from siccs.dashboard.tests.world import BEFORE, build
from siccs.meetings.tests.pdf_text import pdf_text
from siccs.partners.models import UnitCost
from siccs.rollout.models import StepRecord, StepStatus


def _squash(text: str) -> str:
    # The PDF's text comes glyph by glyph, spaces not always kept: compare without them.
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    """The report in both languages and every format, made once for the module (the
    costly part of these tests), and the facts of the world the tests compare it with;
    the world is rolled back before the first test runs."""
    from conftest import Role, build_mali, build_partner, persona, restore_shipped_data

    with django_db_blocker.unblock():
        restore_shipped_data()
    with django_db_blocker.unblock(), transaction.atomic():
        mali = build_mali()
        world = build(mali, partner=build_partner())
        national_admin = persona("admin", Role.NATIONAL_ADMIN, mali.country)
        # Gao's first step, planned in July 2021 and supported by nobody: a gap of 1 500 000.
        first = world.gao.methodology_version.steps.order_by("order").first()
        StepRecord.objects.create(
            committee=world.gao,
            step=first,
            status=StepStatus.PLANNED,
            planned_on=dt.date(2021, 7, 15),
        )
        UnitCost.objects.create(step_code=first.code, level=world.gao.level, amount_fcfa=1_500_000)
        facts = SimpleNamespace(
            first_step=first.name,
            mopti_steps=[s.name for s in world.mopti.methodology_version.steps.all()],
            gao_required_steps=world.gao.methodology_version.steps.filter(required=True).count(),
        )
        files = {"fr": _files(national_admin, "fr"), "en": _files(national_admin, "en")}
        transaction.set_rollback(True)
    return facts, files


def _files(user, language):
    with translation.override(language):
        return report.produce(user=user, on=BEFORE)


@pytest.fixture
def world(made):
    return made[0]


@pytest.fixture
def french(made):
    return made[1]["fr"]


@pytest.fixture
def english(made):
    return made[1]["en"]


FR_SECTIONS = [
    "État de mise en place des Comités Consultatifs de Sécurité au 25 juin 2021",
    "1. Résumé",
    "2. Comités par région",
    "3. Évolution dans le temps",
    "4. Méthodologie et situation des CCS par étape",
    "5. Perspectives pour la période à venir : T3 2021 (du 1 juillet 2021 au 30 septembre 2021)",
    "6. Besoins non couverts",
    "7. Satisfaction des citoyens envers les réponses",
    "Annexe : accompagnement par PTF",
]
EN_SECTIONS = [
    "State of setting-up of the Security Consultative Committees as of 25 June 2021",
    "1. Summary",
    "2. Committees by region",
    "3. Progress over time",
    "4. Methodology and where committees stand on it",
    "5. Perspectives for the coming period: Q3 2021 (1 July 2021 to 30 September 2021)",
    "6. Funding gaps",
    "7. Citizens' satisfaction with the answers",
    "Annex: support per partner",
]


def test_the_pdf_has_every_section_in_french(french):
    text = _squash(pdf_text(french["pdf"]))
    for heading in FR_SECTIONS:
        assert _squash(heading) in text, heading


def test_the_pdf_has_every_section_in_english(english):
    text = _squash(pdf_text(english["pdf"]))
    for heading in EN_SECTIONS:
        assert _squash(heading) in text, heading


def test_the_pdf_shows_the_figures_of_the_date(world, french):
    text = _squash(pdf_text(french["pdf"]))
    # Regions: Mopti installed, of the 19 regions and District in force on the date (all
    # 20 shipped: the last ones came into force on 25 November 2020); communes:
    # Bandiagara, of the 3 communes of the small Mali (Bandiagara, Djenné, Gao).
    assert _squash("CCS régionaux et du District installés 1 / 20") in text
    assert _squash("CCS communaux installés 1 / 3") in text
    # Methodology: every step of the version, and where committees stand.
    for name in world.mopti_steps:
        assert _squash(name) in text, name
    # Perspectives (a column per step planned) and funding gap: Gao's first step,
    # 1 500 000 FCFA.
    assert _squash(f"Région {world.first_step} Total avec un PTF Gao 1 1 0") in text
    assert _squash("1 500 000") in text
    # Annex: the partner and the committee it supports.
    assert _squash("Programme des Nations unies pour le développement") in text
    assert _squash("CCS de Djenné") in text
    # Charts and map carry their accessible titles.
    assert "<title" not in text


def test_the_pdf_embeds_the_charts_and_the_map_as_vectors(french):
    # WeasyPrint draws SVG as vector paths: four charts and the map give many of them.
    assert french["pdf"].startswith(b"%PDF")
    assert len(french["pdf"]) > 20_000


def test_the_docx_has_every_section_and_table(world, french):
    document = Document(io.BytesIO(french["docx"]))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    for expected in [
        *FR_SECTIONS,
        "CCS par niveau",
        "Installations par année",
        "Sessions tenues par mois",
        "Couverture par région",
        "Étapes prévues au cours de la période à venir",
        "Besoins non couverts par région",
        "CCS accompagnés, par PTF",
    ]:
        assert expected in headings, expected
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]

    def table(*header):
        return next(t[1:] for t in tables if tuple(t[0][: len(header)]) == header)

    summary = dict(table("Indicateur", "Valeur"))
    assert summary["CCS régionaux et du District installés"] == "1 / 20"
    assert summary["CCS communaux installés"] == "1 / 3"
    assert summary["CCS en panne"] == "1"
    regions = {row[0]: row[1:] for row in table("Région", "prévu")}
    assert regions["Mopti"] == ["0", "0", "1", "1", "1", "3"]
    steps = {row[0]: row[1:] for row in table("Étape en cours")}
    assert steps[world.first_step] == ["2", "1"]  # Djenné (stalled) and Gao
    perspectives = table("Région", world.first_step)
    assert perspectives == [["Gao", "1", "1", "0"], ["Total", "1", "1", "0"]]
    body = "\n".join(p.text for p in document.paragraphs)
    assert _squash("1 500 000 FCFA") in _squash(body)


def test_the_xlsx_holds_the_underlying_tables(world, french):
    workbook = load_workbook(io.BytesIO(french["xlsx"]))
    assert workbook.sheetnames == [
        "Résumé",
        "Par région",
        "Couverture",
        "Par niveau",
        "Installations",
        "Sessions",
        "Méthodologie",
        "Étapes",
        "Perspectives",
        "Besoins non couverts",
        "Détail des besoins non couverts",
        "Satisfaction",
        "Partenaires",
        "CCS par PTF",
    ]
    summary = {r[0]: r[1] for r in workbook["Résumé"].iter_rows(min_row=2, values_only=True)}
    assert summary["CCS recensés"] == "4"
    installations = list(workbook["Installations"].iter_rows(min_row=2, values_only=True))
    assert installations == [("2021", 2, 2)]  # Mopti in March, Bandiagara in May
    perspectives = list(workbook["Perspectives"].iter_rows(values_only=True))
    assert perspectives[:2] == [
        ("Région", world.first_step, "Total", "avec un PTF"),
        ("Gao", 1, 1, 0),
    ]
    gaps = list(workbook["Besoins non couverts"].iter_rows(min_row=2, values_only=True))
    # Gao: the step planned in July, and its other required steps, not scheduled yet.
    unscheduled = world.gao_required_steps - 1
    gao = next(g for g in gaps if g[0] == "Gao")
    # Every region of the date is listed, zeros included; no unit cost prices the others.
    assert gao == ("Gao", 1, 1, unscheduled, 1_500_000, unscheduled)
    assert ("Kayes", 0, 0, 0, 0, 0) in gaps
    details = list(
        workbook["Détail des besoins non couverts"].iter_rows(min_row=2, values_only=True)
    )
    assert ("Gao", "CCS de Gao", world.first_step) in [d[:3] for d in details]
    annex = list(workbook["CCS par PTF"].iter_rows(min_row=2, values_only=True))
    assert annex[0][:2] == ("Programme des Nations unies pour le développement", "CCS de Djenné")


def test_the_english_xlsx_is_in_english(english):
    workbook = load_workbook(io.BytesIO(english["xlsx"]))
    assert workbook.sheetnames[:2] == ["Summary", "By region"]
    assert "Funding gaps" in workbook.sheetnames


@pytest.mark.django_db
def test_regions_without_committee_are_listed_at_zero(mali, national_admin):
    from siccs.committees.tests.factories import CommitteeFactory, install

    regional = CommitteeLevel.objects.get(code="regional")
    install(CommitteeFactory(unit=mali.mopti, level=regional), dt.date(2021, 3, 10))
    with translation.override("en"):
        files = report.produce(user=national_admin, on=BEFORE)
    rows = {
        r[0]: r[1:]
        for r in load_workbook(io.BytesIO(files["xlsx"]))["By region"].iter_rows(values_only=True)
    }
    assert rows["Gao"] == (0, 0, 0, 0, 0, 0)
    assert rows["Mopti"][-1] == 1
