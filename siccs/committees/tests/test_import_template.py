"""Import templates in the user's language: headers, instructions, drop-down lists; and
filled files read back whatever the language or spelling of headers and coded values."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from siccs.committees.imports import run_import
from siccs.committees.models import Membership
from siccs.committees.tests.factories import CommitteeFactory, install

User = get_user_model()
URL = reverse("committees:import_template")


def template(client, kind, language="fr"):
    user = client.session.get("_auth_user_id")
    User.objects.filter(pk=user).update(preferred_language=language)
    response = client.get(URL, {"kind": kind})
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(response.content))


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_gives_the_member_template_in_french_with_instructions_and_lists(
    client_for, mopti_focal_point
):
    response, workbook = template(client_for(mopti_focal_point), "members")
    assert 'filename="modele-membres.xlsx"' in response["Content-Disposition"]
    assert workbook.sheetnames == ["Membres", "Instructions", "Listes"]
    data = workbook["Membres"]
    header = next(data.iter_rows(values_only=True))
    assert header[:5] == ("Région", "Commune", "Niveau", "Nom complet", "Sexe")
    assert "Catégorie" in header and "Fonction" in header
    assert data.max_row == 1  # no example row that would be imported by mistake

    instructions = [row for row in workbook["Instructions"].iter_rows(values_only=True)]
    by_column = {row[0]: row for row in instructions}
    assert by_column["Fonction"][3].startswith("« président »")
    assert "« secrétaire / rapporteur »" in by_column["Fonction"][3]
    assert "« Association de femmes »" in by_column["Catégorie"][3]
    assert by_column["Nom complet"][1] == "oui"
    assert by_column["Nom complet"][4] == "Aminata Traoré"

    lists = workbook["Listes"]
    assert lists.sheet_state == "hidden"
    columns = {cells[0].value: [c.value for c in cells[1:] if c.value] for cells in lists.columns}
    assert columns["Région"] == ["Mopti"]  # only where the focal point may import
    assert "CCS communal" in columns["Niveau"]
    assert columns["Sexe"] == ["femme", "homme"]

    # Each coded column of the data sheet offers its list as a drop-down.
    validations = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    function_column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header.index("Fonction")]
    function_list = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(columns).index("Fonction")]
    assert validations[f"{function_column}2:{function_column}2001"] == (
        f"'Listes'!${function_list}$2:${function_list}$5"
    )
    assert len(validations) == len(columns)


def test_the_template_is_english_on_english_pages(client_for, mopti_focal_point):
    response, workbook = template(client_for(mopti_focal_point), "step_records", "en")
    assert 'filename="template-step-records.xlsx"' in response["Content-Disposition"]
    assert workbook.sheetnames == ["Step records", "Instructions", "Lists"]
    header = next(workbook.active.iter_rows(values_only=True))
    assert header[:5] == ("Region", "Commune", "Level", "Step", "Status")
    columns = {c[0].value: [x.value for x in c[1:] if x.value] for c in workbook["Lists"].columns}
    assert columns["Status"] == ["planned", "in progress", "done", "blocked", "not applicable"]
    assert "Communal CCS" in columns["Level"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_filled_template_is_read_back_in_either_language(
    client_for, mopti_focal_point, mali, language
):
    committee = install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))
    with translation.override(language):
        _response, workbook = template(client_for(mopti_focal_point), "members", language)
        lists = {
            c[0].value: [x.value for x in c[1:] if x.value] for c in workbook.worksheets[2].columns
        }
        sheet = workbook.active
        header = [c.value for c in sheet[1]]
        values = {
            header[0]: "Mopti",
            header[1]: "Djenné",
            header[2]: lists[header[2]][-1],  # the communal level, as the list shows it
            header[3]: "Awa Diallo",
            header[4]: lists[header[4]][0],
            header[9]: lists[header[9]][4],  # women's association
            header[10]: lists[header[10]][2],  # secretary
        }
        sheet.append([values.get(h) for h in header])
        buffer = io.BytesIO()
        workbook.save(buffer)
        report = run_import(
            user=mopti_focal_point, kind="members", data=buffer.getvalue(), apply=True
        )
    assert (report.errors, report.written) == ([], 1)
    membership = Membership.objects.get(committee=committee)
    assert (membership.person.sex, membership.category.code, membership.function) == (
        "F",
        "women",
        "secretary",
    )


def test_it_takes_french_labels_and_codes_whatever_the_case_and_accents(mopti_focal_point, mali):
    committee = install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))
    data = xlsx(
        [
            ["REGION", "commune", "Niveau", "Nom complet", "sexe", "Catégorie", "FONCTION"],
            ["Mopti", "Djenne", "ccs communal", "Awa Diallo", "F", "femmes", "secrétaire"],
            ["Mopti", "Djenne", "", "Oumar Sow", "H", "Jeunes", "Président"],
            ["Mopti", "Djenne", "CCSC", "Fanta Keïta", "Femme", "WOMEN", "vice-presidente"],
            ["Mopti", "Djenne", "communal", "Ali Maïga", "masculin", "elus", "MEMBRE"],
            ["Mopti", "Djenne", "communal", "Issa Cissé", "homme", "fds", "rapporteur"],
        ]
    )
    report = run_import(user=mopti_focal_point, kind="members", data=data, apply=True)
    assert (report.errors, report.written) == ([], 5)
    seats = {
        m.person.full_name: (m.person.sex, m.category.code, m.function)
        for m in Membership.objects.filter(committee=committee).select_related("person")
    }
    assert seats == {
        "Awa Diallo": ("F", "women", "secretary"),
        "Oumar Sow": ("M", "youth", "chair"),
        "Fanta Keïta": ("F", "women", "vice_chair"),
        "Ali Maïga": ("M", "elected", "member"),
        "Issa Cissé": ("M", "fds", "secretary"),
    }


def test_an_unknown_or_ambiguous_value_names_the_allowed_ones_in_french(mopti_focal_point, mali):
    install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))
    data = xlsx(
        [
            ["Région", "Commune", "Nom complet", "Sexe", "Catégorie", "Fonction"],
            ["Mopti", "Djenné", "Awa Diallo", "F", "association", "membre"],  # two associations
            ["Mopti", "Djenné", "Oumar Sow", "M", "fds", "trésorier"],
        ]
    )
    with translation.override("fr"):
        report = run_import(user=mopti_focal_point, kind="members", data=data, apply=False)
    assert [line for line, _m in report.errors] == [2, 3]
    assert report.errors[0][1].startswith("catégorie inconnu(e) : « association »")
    assert "« Association des chasseurs »" in report.errors[0][1]
    assert report.errors[1][1].startswith("fonction inconnu(e) : « trésorier »")
    assert "« secrétaire / rapporteur »" in report.errors[1][1]


def test_a_file_without_the_required_columns_says_which_are_missing(mopti_focal_point, mali):
    data = xlsx([["Région", "Commune", "Sexe"], ["Mopti", "Djenné", "F"]])
    with translation.override("fr"):
        report = run_import(user=mopti_focal_point, kind="members", data=data, apply=False)
    assert report.errors == [
        (
            1,
            "La première ligne doit nommer les colonnes ; il manque : « Nom complet »,"
            " « Catégorie ».",
        )
    ]


def test_step_records_take_french_step_names_and_statuses(mopti_focal_point, mali):
    committee = install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))
    step = committee.methodology_version.steps.get(code="training")
    data = xlsx(
        [
            ["Région", "Commune", "Étape", "Statut", "Réalisée le"],
            ["Mopti", "Djenné", step.name.upper(), "Réalisée", "05/05/2021"],
        ]
    )
    report = run_import(user=mopti_focal_point, kind="step_records", data=data, apply=True)
    assert (report.errors, report.written) == ([], 1)
    record = committee.step_records.get(step=step)
    assert (record.status, record.done_on) == ("done", dt.date(2021, 5, 5))
