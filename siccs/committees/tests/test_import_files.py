"""Import files as they arrive from the field: Windows encodings, a new edition of a list
already imported, a decompression bomb, duplicated lines."""

import datetime as dt
import resource

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from siccs.committees import services
from siccs.committees.imports import run_import
from siccs.committees.models import CommitteeImport, Membership
from siccs.committees.tests.factories import CommitteeFactory, category, install
from siccs.committees.tests.test_import import URL, captured_on_commit, csv_bytes, xlsx
from siccs.core.tests.hostile_walker import xlsx_bomb
from siccs.rollout.models import StepRecord, StepStatus

HEADER = ["Région", "Commune", "Nom complet", "Sexe", "Catégorie", "Fonction", "Structure"]


def djenne(mali):
    return install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))


def test_a_csv_saved_by_excel_in_windows_1252_keeps_its_accents(mopti_focal_point, mali):
    committee = djenne(mali)
    data = csv_bytes(
        [
            HEADER,
            [
                "Mopti",
                "Djenné",
                "Aïssata Maïga",
                "Féminin",
                "Association de femmes",
                "Secrétaire",
                "Coordination des femmes de Djenné",
            ],
        ],
        encoding="cp1252",
    )
    assert "é".encode("cp1252") in data and b"\xc3" not in data  # not UTF-8
    report = run_import(user=mopti_focal_point, kind="members", data=data, apply=True)
    assert (report.errors, report.written) == ([], 1)
    person = Membership.objects.get(committee=committee).person
    assert (person.full_name, person.organisation) == (
        "Aïssata Maïga",
        "Coordination des femmes de Djenné",
    )


def test_a_csv_in_no_known_encoding_names_the_encodings_tried(mopti_focal_point, mali):
    djenne(mali)
    data = ";".join(HEADER).encode() + b"\nMopti;Djenn\x81\x8d;A\x90\x9d;F;femmes;membre;x\n"
    with translation.override("fr"):
        report = run_import(user=mopti_focal_point, kind="members", data=data, apply=True)
    ((line, message),) = report.errors
    assert line == 1 and "UTF-8, UTF-16, Windows-1252" in message
    assert not Membership.objects.exists()


def test_a_new_edition_of_the_member_list_updates_adds_and_keeps_without_doubles(
    mopti_focal_point, mali
):
    committee = djenne(mali)
    first = xlsx(
        [
            HEADER,
            ["Mopti", "Djenné", "Awa Diallo", "F", "femmes", "membre", "Coordination"],
            ["Mopti", "Djenné", "Oumar Sow", "H", "jeunes", "président", "CNJ"],
        ]
    )
    assert run_import(user=mopti_focal_point, kind="members", data=first, apply=True).written == 2
    second = xlsx(
        [
            HEADER,
            ["Mopti", "Djenne", "awa diallo", "F", "femmes", "secrétaire", ""],  # new function
            ["Mopti", "Djenné", "Oumar Sow", "H", "Jeunesse", "Président", "CNJ"],  # the same
            ["Mopti", "Djenné", "Modibo Kanté", "H", "FDS", "membre", "Police"],  # new
        ]
    )
    with translation.override("fr"):
        preview = run_import(user=mopti_focal_point, kind="members", data=second, apply=False)
    assert [line.action for line in preview.lines] == ["update", "unchanged", "create"]
    report = run_import(user=mopti_focal_point, kind="members", data=second, apply=True)
    assert (report.errors, report.written) == ([], 2)  # the unchanged line writes nothing
    seats = {
        m.person.full_name: (m.function, m.person.organisation)
        for m in Membership.objects.filter(committee=committee).select_related("person")
    }
    assert seats == {
        "Awa Diallo": ("secretary", "Coordination"),  # an empty cell keeps what is recorded
        "Oumar Sow": ("chair", "CNJ"),
        "Modibo Kanté": ("member", "Police"),
    }


def test_a_new_edition_of_step_records_updates_the_recorded_steps(mopti_focal_point, mali):
    committee = djenne(mali)
    data = xlsx(
        [
            ["Région", "Commune", "Étape", "Statut", "Réalisée le", "Motif du blocage"],
            ["Mopti", "Djenné", "training", "bloquée", "", "FDS en opération"],
        ]
    )
    with translation.override("fr"):
        preview = run_import(user=mopti_focal_point, kind="step_records", data=data, apply=False)
    assert preview.lines[0].action in ("create", "update")
    assert run_import(user=mopti_focal_point, kind="step_records", data=data, apply=True).written
    record = StepRecord.objects.get(committee=committee, step__code="training")
    assert (record.status, record.blocked_reason) == (StepStatus.BLOCKED, "FDS en opération")
    assert StepRecord.objects.filter(committee=committee, step__code="training").count() == 1


def test_a_decompression_bomb_is_refused_before_it_is_inflated_or_stored(
    client_for, mopti_focal_point, mali, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    djenne(mali)
    bomb = xlsx_bomb()
    assert len(bomb) < settings.UPLOAD_MAX_BYTES
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with captured_on_commit(execute=True):
        response = client_for(mopti_focal_point).post(
            URL, {"kind": "members", "file": SimpleUploadedFile("membres.xlsx", bomb)}
        )
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert response.status_code == 200
    assert "bombe de décompression" in response.content.decode()
    assert not CommitteeImport.objects.exists() and not list(tmp_path.rglob("*"))
    assert grown_mb < 100
    # The worker's reader refuses it the same way, should one reach it.
    with translation.override("fr"):
        report = run_import(user=mopti_focal_point, kind="members", data=bomb, apply=True)
    assert "bombe de décompression" in report.file_error
    assert not Membership.objects.exists()


def test_a_person_twice_in_one_file_is_an_error_and_nothing_is_written(mopti_focal_point, mali):
    committee = djenne(mali)
    data = xlsx(
        [
            HEADER,
            ["Mopti", "Djenné", "Awa Diallo", "F", "femmes", "membre", ""],
            ["Mopti", "Djenné", "Oumar Sow", "H", "jeunes", "membre", ""],
            ["Mopti", "Djenné", "AWA  DIALLO", "F", "femmes", "secrétaire", ""],
        ]
    )
    with translation.override("fr"):
        report = run_import(user=mopti_focal_point, kind="members", data=data, apply=True)
    assert report.errors == [(4, "AWA  DIALLO figure déjà à la ligne 2 de ce fichier.")]
    assert not Membership.objects.filter(committee=committee).exists()


def test_the_same_step_twice_in_one_file_is_an_error(mopti_focal_point, mali):
    step = djenne(mali).methodology_version.steps.get(code="training")
    data = xlsx(
        [
            ["Région", "Commune", "Étape", "Statut"],
            ["Mopti", "Djenné", "training", "en cours"],
            ["Mopti", "Djenné", step.name, "en cours"],
        ]
    )
    with translation.override("fr"):
        report = run_import(user=mopti_focal_point, kind="step_records", data=data, apply=True)
    assert report.errors == [(3, "Cette étape de ce comité figure déjà à la ligne 2.")]


def test_a_member_already_sitting_is_not_seated_twice_by_a_second_import(mopti_focal_point, mali):
    committee = djenne(mali)
    services.membership_add(
        user=mopti_focal_point,
        committee=committee,
        category=category("women", "Association de femmes"),
        full_name="Awa Diallo",
        sex="F",
    )
    data = xlsx([HEADER, ["Mopti", "Djenné", "Awa Diallo", "F", "femmes", "membre", ""]])
    for _ in range(2):
        report = run_import(user=mopti_focal_point, kind="members", data=data, apply=True)
        assert report.errors == [] and report.unchanged == 1
    assert Membership.objects.filter(committee=committee).count() == 1


def test_a_template_sent_back_empty_says_so(mopti_focal_point, mali):
    with translation.override("fr"):
        report = run_import(
            user=mopti_focal_point, kind="members", data=xlsx([HEADER]), apply=False
        )
    assert report.errors == [(1, "Le fichier n'a aucune ligne sous les noms de colonnes.")]
