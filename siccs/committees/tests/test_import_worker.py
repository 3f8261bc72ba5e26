"""Imports run by the task worker: progress shown, the same file recognised, messages in
the language of the person who sent the file, nothing written before confirming."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from siccs.committees.imports import read_rows, validate
from siccs.committees.models import CommitteeImport, ImportStatus, Membership
from siccs.committees.tasks import committee_import_abandoned, committee_import_run
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.committees.tests.test_import import URL, captured_on_commit, xlsx

HEADER = ["Région", "Commune", "Nom complet", "Sexe", "Catégorie", "Fonction"]


@pytest.fixture
def stored_files(settings, tmp_path):
    """Uploaded files in a temporary folder; tasks stay queued for the worker."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture
def djenne_committee(mali):
    import datetime as dt

    return install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))


def members_file(n=3):
    return xlsx(
        [HEADER, *[["Mopti", "Djenné", f"Membre {i}", "F", "femmes", "membre"] for i in range(n)]]
    )


def post_file(client, data, name="membres.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with captured_on_commit(execute=True):
        return client.post(URL, {"kind": "members", "file": SimpleUploadedFile(name, data)})


def detail_url(job):
    return reverse("committees:committee_import_detail", kwargs={"committee_import_id": job.pk})


def test_the_file_waits_for_the_worker_and_its_page_refreshes_politely(
    client_for, mopti_focal_point, djenne_committee, stored_files
):
    client = client_for(mopti_focal_point)
    response = post_file(client, members_file())
    job = CommitteeImport.objects.get()
    assert response.url == detail_url(job)
    # Queued for the worker, not run inside the request.
    assert DBTaskResult.objects.filter(task_path__endswith="committee_import_run").count() == 1
    assert job.status == ImportStatus.CHECKING
    page = client.get(detail_url(job)).content.decode()
    assert "en cours de vérification" in page
    assert 'hx-trigger="every 2s"' in page
    assert '<meta http-equiv="refresh" content="5">' in page  # without JavaScript
    assert '<progress max="100" value="0">' in page

    assert committee_import_run.call(job.pk) == ImportStatus.READY
    job.refresh_from_db()
    assert (job.status, job.progress) == (ImportStatus.READY, 100)
    page = client.get(detail_url(job), HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in page  # finished checking: no more polling
    assert "Confirmer l'import" in page
    assert not Membership.objects.exists()

    with captured_on_commit(execute=True):
        client.post(
            reverse("committees:committee_import_confirm", kwargs={"committee_import_id": job.pk})
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.WRITING
    assert escape("en cours d'enregistrement") in client.get(detail_url(job)).content.decode()
    assert committee_import_run.call(job.pk) == ImportStatus.DONE
    assert Membership.objects.filter(committee=djenne_committee).count() == 3
    job.refresh_from_db()
    assert job.file == ""  # the stored file, with members' names, is gone
    assert not list(stored_files.rglob("*.xlsx"))


def test_progress_is_reported_as_rows_are_checked(mopti_focal_point, djenne_committee):
    rows = read_rows(members_file(200), "members")
    seen = []
    report, writes = validate("members", rows, mopti_focal_point, progress=seen.append)
    assert report.ok and len(writes) == 200
    assert seen[0] == 0 and seen == sorted(seen) and 90 <= seen[-1] < 100 and len(seen) >= 10


def test_the_same_file_sent_twice_is_recognised(
    client_for, mopti_focal_point, djenne_committee, stored_files
):
    client = client_for(mopti_focal_point)
    data = members_file()
    first = post_file(client, data)
    job = CommitteeImport.objects.get()
    again = post_file(client, data, name="copie.xlsx")
    assert again.url == first.url
    assert CommitteeImport.objects.count() == 1
    page = client.get(again.url).content.decode()
    assert "Vous avez déjà envoyé ce même fichier" in page

    committee_import_run.call(job.pk)
    job.refresh_from_db()
    job.status = ImportStatus.WRITING
    job.save(update_fields=["status"])
    committee_import_run.call(job.pk)
    # Once imported, sending it again leads to that import, and writes nothing twice.
    assert post_file(client, data).url == first.url
    assert Membership.objects.count() == 3
    # Another file is another import.
    post_file(client, members_file(4))
    assert CommitteeImport.objects.count() == 2


def test_errors_are_in_the_language_of_the_person_who_sent_the_file(
    client_for, mopti_focal_point, djenne_committee, stored_files
):
    get_user_model().objects.filter(pk=mopti_focal_point.pk).update(preferred_language="en")
    client = client_for(mopti_focal_point)
    post_file(client, xlsx([HEADER, ["Mopti", "Djenné", "Awa Diallo", "F", "femmes", "trésorier"]]))
    job = CommitteeImport.objects.get()
    assert job.language == "en"
    with translation.override("fr"):  # the worker's own language does not matter
        assert committee_import_run.call(job.pk) == ImportStatus.REJECTED
    job.refresh_from_db()
    assert job.report["lines"][0][2].startswith("Unknown function « trésorier »")


def test_an_import_is_seen_by_its_author_only(
    client_for, mopti_focal_point, national_admin, djenne_committee, stored_files
):
    post_file(client_for(mopti_focal_point), members_file())
    job = CommitteeImport.objects.get()
    assert client_for(national_admin).get(detail_url(job)).status_code == 404


def test_an_import_the_worker_gave_up_says_it_failed(
    client_for, mopti_focal_point, djenne_committee, stored_files
):
    client = client_for(mopti_focal_point)
    post_file(client, members_file())
    job = CommitteeImport.objects.get()
    committee_import_abandoned(job.pk, reason="Le worker s'est arrêté 3 fois.")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.file == ""
    assert escape("Le worker s'est arrêté 3 fois.") in client.get(detail_url(job)).content.decode()
    assert not Membership.objects.exists()


def test_a_file_that_is_no_table_is_refused_on_the_form(
    client_for, mopti_focal_point, djenne_committee, stored_files
):
    response = post_file(client_for(mopti_focal_point), b"%PDF-1.4 not a table", "membres.xlsx")
    assert response.status_code == 200
    assert "document PDF" in response.content.decode()
    assert not CommitteeImport.objects.exists()
