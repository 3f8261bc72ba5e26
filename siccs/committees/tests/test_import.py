"""Import from XLSX or CSV: preview, row-by-row errors in French, all or nothing."""

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from siccs.committees import services
from siccs.committees.imports import run_import
from siccs.committees.models import Committee, Membership
from siccs.committees.tests.factories import CommitteeFactory, category, install

URL = reverse("committees:committee_import")
captured_on_commit = TestCase.captureOnCommitCallbacks


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return buffer.getvalue().encode(encoding)


def send(client, kind, name, data):
    """Upload a file as the import page does (its check runs as the worker would, once the
    upload is committed); the answer is the import's own page."""
    with captured_on_commit(execute=True):
        response = client.post(URL, {"kind": kind, "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()
    return client.get(response.url)


def confirm(client, response):
    """Confirm the previewed import; once written, the page polling its progress sends the
    browser where the import leads (htmx's HX-Redirect): that address is returned."""
    job = response.context["job"]
    with captured_on_commit(execute=True):
        response = client.post(
            reverse("committees:committee_import_confirm", kwargs={"committee_import_id": job.pk})
        )
    assert response.url == reverse(
        "committees:committee_import_detail", kwargs={"committee_import_id": job.pk}
    )
    response = client.get(response.url, HTTP_HX_REQUEST="true")
    return response["HX-Redirect"]


def test_a_rejected_import_writes_nothing(client_for, mopti_focal_point, mali, immediate_tasks):
    data = xlsx(
        [
            ["region", "commune", "level", "planned_on"],
            ["Mopti", "Djenne", "communal", "2024-01-15"],  # fine
            ["Mopti", "Sangha", "communal", "2024-01-15"],  # unknown commune
            ["Gao", "Gao", "communal", "2024-01-15"],  # outside the user's territory
            ["Mopti", "Bandiagara", "communal", "15 janvier"],  # not a date
        ]
    )
    response = send(client_for(mopti_focal_point), "committees", "ccs.xlsx", data)
    assert response.context["job"].status == "rejected"
    errors = response.context["report"].errors
    assert [line for line, _m in errors] == [3, 4, 5]
    assert "Commune inconnue « Sangha »" in errors[0][1]
    assert "hors de votre territoire" in errors[1][1]
    assert not Committee.objects.exists()
    assert "rien n'a été enregistré" in response.content.decode()


def test_it_previews_then_imports_committees_matching_names_without_accents(
    client_for, mopti_focal_point, mali, immediate_tasks
):
    client = client_for(mopti_focal_point)
    data = csv_bytes(
        [["region", "commune", "level", "planned_on"], ["MOPTI", "Djenne", "CCSC", "15/01/2024"]]
    )
    response = send(client, "committees", "ccs.csv", data)
    assert not Committee.objects.exists()  # preview only
    assert confirm(client, response) == reverse("committees:committee_list")
    committee = Committee.objects.get()
    assert committee.unit == mali.djenne
    assert committee.step_records.count() == 7


def test_it_imports_step_records_and_members(mopti_focal_point, mali, partner):
    committee = install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))
    steps = xlsx(
        [
            ["region", "commune", "level", "step", "status", "actual_on", "partner"],
            ["Mopti", "Djenné", "communal", "training", "done", "2021-05-05", "PNUD"],
        ]
    )
    report = run_import(user=mopti_focal_point, kind="step_records", data=steps, apply=True)
    assert (report.errors, report.written) == ([], 1)
    assert committee.step_records.get(step__code="training").partner == partner
    members = xlsx(
        [
            [
                "region",
                "commune",
                "level",
                "full_name",
                "sex",
                "birth_year",
                "category",
                "function",
            ],
            [
                "Mopti",
                "Djenné",
                "communal",
                "Assitan Coulibaly",
                "F",
                1990,
                "Association de femmes",
                "member",
            ],
            ["Mopti", "Djenné", "communal", "Modibo Kanté", "homme", "", "fds", "member"],
        ]
    )
    report = run_import(user=mopti_focal_point, kind="members", data=members, apply=True)
    assert (report.errors, report.written) == ([], 2)
    assert Membership.objects.filter(committee=committee).count() == 2


def test_a_member_row_in_error_stops_the_whole_file(mopti_focal_point, mali):
    install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))
    members = xlsx(
        [
            ["region", "commune", "level", "full_name", "sex", "category"],
            ["Mopti", "Djenné", "communal", "Assitan Coulibaly", "F", "women"],
            ["Mopti", "Djenné", "communal", "Modibo Kanté", "X", "fds"],
        ]
    )
    report = run_import(user=mopti_focal_point, kind="members", data=members, apply=True)
    assert report.errors and report.errors[0][0] == 3
    assert not Membership.objects.exists()


def test_it_offers_a_template_to_download(client_for, mopti_focal_point):
    response = client_for(mopti_focal_point).get(
        reverse("committees:import_template"), {"kind": "members"}
    )
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[:4] == ("Région", "Commune", "Niveau", "Nom complet")


def test_it_finds_a_commune_written_the_everyday_way_and_suggests_near_names(
    mopti_focal_point, mali
):
    from siccs.territory.models import Level
    from siccs.territory.tests.factories import UnitFactory

    UnitFactory(name="Sangha Commune", level=Level.COMMUNE, parent=mali.bandiagara_cercle)
    found = xlsx(
        [
            ["region", "commune", "level", "planned_on"],
            ["Région de Mopti", "Commune de Sangha", "communal", "2024-01-15"],
        ]
    )
    report = run_import(user=mopti_focal_point, kind="committees", data=found, apply=True)
    assert (report.errors, report.written) == ([], 1)
    assert Committee.objects.get().unit.name == "Sangha Commune"

    with translation.override("fr"):
        report = run_import(
            user=mopti_focal_point,
            kind="committees",
            data=xlsx(
                [
                    ["region", "commune", "level", "planned_on"],
                    ["Mopti", "Djene", "communal", "2024-01-15"],
                    ["Moptii", "Djenné", "communal", "2024-01-15"],
                ]
            ),
            apply=False,
        )
    assert report.errors == [
        (2, "Commune inconnue « Djene » dans la région de Mopti. Vouliez-vous dire : Djenné ?"),
        (
            3,
            "Région inconnue « Moptii », ou hors de votre territoire. Vouliez-vous dire : Mopti ?",
        ),
    ]


def test_the_preview_says_line_by_line_what_will_be_done_and_writes_nothing(
    client_for, mopti_focal_point, mali, immediate_tasks
):
    committee = install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))
    client = client_for(mopti_focal_point)
    for name, sex, code in (("Awa Diallo", "F", "women"), ("Modibo Kanté", "M", "fds")):
        services.membership_add(
            user=mopti_focal_point,
            committee=committee,
            category=category(code),
            full_name=name,
            sex=sex,
        )
    data = csv_bytes(
        [
            ["Région", "Commune", "Nom complet", "Sexe", "Catégorie", "Fonction"],
            ["Mopti", "Djenné", "Oumar Sow", "H", "jeunes", "secrétaire"],
            ["Mopti", "Djenné", "AWA DIALLO", "F", "femmes", "présidente"],
            ["Mopti", "Djenné", "Modibo Kante", "M", "FDS", "membre"],
        ]
    )
    response = send(client, "members", "membres.csv", data)
    page = response.content.decode()
    lines = response.context["report"].lines
    assert [(x.number, x.action) for x in lines] == [(2, "create"), (3, "update"), (4, "unchanged")]
    assert lines[0].text == (
        f"Nouveau membre de {committee.name} : Oumar Sow (Jeunesse, secrétaire / rapporteur)."
    )
    assert escape(lines[0].text) in page
    assert "à mettre à jour : fonction (Association de femmes, président)" in lines[1].text
    assert "Modibo Kanté siège déjà" in lines[2].text
    assert Membership.objects.count() == 2  # nothing written before confirming
    assert confirm(client, response) == reverse(
        "committees:committee_detail", kwargs={"committee_id": committee.pk}
    )
    assert Membership.objects.filter(committee=committee).count() == 3
    assert Membership.objects.get(person__full_name="Awa Diallo").function == "chair"
