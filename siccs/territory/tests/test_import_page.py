"""The upload page: national administrators only; the import runs in a task, never in the request."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import shared_data
from siccs.territory.models import AdministrativeUnit, ImportJob, ImportStatus

COD_CSV = shared_data("mali-cod-ab-2015", "mli_adminboundaries_tabulardata.csv")
UPLOAD = reverse("territory:import_upload")


@pytest.fixture(autouse=True)
def _tasks_run_at_once(immediate_tasks):
    """Every test here runs the worker's task inside the request."""


def upload(client, name: str, content: bytes, **extra):
    return client.post(UPLOAD, {"files": [SimpleUploadedFile(name, content)], **extra})


def test_it_shows_the_upload_page_and_the_link_to_administrators_only(
    client_for, national_admin, mopti_focal_point
):
    client = client_for(national_admin)
    assert client.get(UPLOAD).status_code == 200
    assert UPLOAD in client.get(reverse("territory:unit_index")).content.decode()
    client = client_for(mopti_focal_point)
    assert UPLOAD not in client.get(reverse("territory:unit_index")).content.decode()
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, "x.csv", COD_CSV.read_bytes()).status_code == 403
    assert not ImportJob.objects.exists()


def test_it_hides_jobs_from_everyone_but_administrators(
    client_for, national_admin, national_analyst, mali
):
    job = ImportJob.objects.create(unit=mali.country, original_names=["a.csv"])
    url = reverse("territory:import_job_detail", args=[job.pk])
    assert client_for(national_analyst).get(url).status_code == 403
    assert client_for(national_admin).get(url).status_code == 200


def test_it_plans_an_uploaded_csv_then_writes_it_once_confirmed(
    client_for, national_admin, django_capture_on_commit_callbacks
):
    client = client_for(national_admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(client, "mli_adminboundaries_tabulardata.csv", COD_CSV.read_bytes())
    assert len(callbacks) == 1  # the task is queued once the upload is committed
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    assert job.status == ImportStatus.PLANNED and job.started_at and job.finished_at
    assert job.created_by == national_admin and not job.report["applied"]
    assert not AdministrativeUnit.objects.filter(pcode_edition="2015-04-08").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Rien n’est encore écrit" in page and "Confirmer et écrire" in page
    assert "hx-trigger" not in page  # planned: no more polling
    # A first load: the date is the edition's, no legal reference is needed.
    assert 'value="2015-04-08"' in page and 'name="baseline" checked' in page.replace(
        'id="id_baseline" ', ""
    )

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(response["Location"], {"on": "2015-04-08", "baseline": "on"})
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.report["applied"]
    assert job.confirmed_by == national_admin and job.effective_on.isoformat() == "2015-04-08"
    assert AdministrativeUnit.objects.filter(pcode_edition="2015-04-08", level=4).count() == 701
    assert "L’import est terminé" in client.get(response["Location"]).content.decode()


def test_it_asks_a_reform_for_its_legal_reference(
    client_for, national_admin, django_capture_on_commit_callbacks
):
    client = client_for(national_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "t.csv", COD_CSV.read_bytes())
    page = client.post(response["Location"], {"on": "2015-04-08"})
    assert page.status_code == 200
    assert "Indiquez la référence légale" in page.content.decode()
    assert ImportJob.objects.get().status == ImportStatus.PLANNED


def test_it_reports_errors_in_french_and_writes_nothing(
    client_for, national_admin, django_capture_on_commit_callbacks
):
    client = client_for(national_admin)
    before = AdministrativeUnit.objects.count()
    broken = "admin1Name_fr,admin1Pcode,admin2Name_fr,admin2Pcode,validOn\nSégou,ML04,Bla,ML0403,2015-04-08\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "cercles.csv", broken.encode("latin-1"))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    assert AdministrativeUnit.objects.count() == before
    page = client.get(response["Location"]).content.decode()
    assert "1 erreur trouvée : rien n’a été écrit." in page
    assert "cercles.csv, ligne 2" in page and "encodé en UTF-8" in page


def test_it_polls_while_the_job_waits_and_answers_htmx_with_the_fragment(
    client_for, national_admin, mali
):
    job = ImportJob.objects.create(
        unit=mali.country, original_names=["a.csv"], created_by=national_admin
    )
    url = reverse("territory:import_job_detail", args=[job.pk])
    client = client_for(national_admin)
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<html" in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="job-status"') and "<html" not in fragment


def test_it_refuses_the_job_if_its_author_lost_the_administrator_role(national_admin, mali):
    from siccs.territory.tasks import import_job_run

    job = ImportJob.objects.create(unit=mali.country, original_names=[], created_by=national_admin)
    national_admin.assignments.update(active=False)
    import_job_run.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED


def test_a_person_decides_a_doubtful_match_and_the_plan_is_written_with_it(
    client_for, national_admin, django_capture_on_commit_callbacks
):
    client = client_for(national_admin)
    with django_capture_on_commit_callbacks(execute=True):
        first = upload(client, "t.csv", COD_CSV.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(first["Location"], {"on": "2015-04-08", "baseline": "on"})
    femaye = AdministrativeUnit.objects.get(pcode="ML050505")
    # The next edition, a table without shapes: Femaye renamed and recoded, nothing else
    # telling whether it is the same commune.
    later = (
        COD_CSV.read_text(encoding="utf-8")
        .replace("2015-04-08", "2024-10-01")
        .replace("Femaye,ML050505", "Fémaye-Ouro,ML050599")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "t2024.csv", later.encode())
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportStatus.PLANNED, job.report["errors"]
    (doubt,) = job.report["doubts"]
    assert doubt["key"] == "r:ML050599" and doubt["options"][0][0] == str(femaye.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Correspondances douteuses" in page and "Femaye disparaît" in page

    data = {"on": "2024-10-01", "reference": "Arrêté n°2024-12 (exemple)"}
    refused = client.post(response["Location"], data)
    assert "Ce champ est obligatoire" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {**data, "decision_r_ML050599": str(femaye.pk)})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.report
    femaye.refresh_from_db()
    assert (femaye.name, femaye.pcode) == ("Fémaye-Ouro", "ML050599")
    assert not AdministrativeUnit.objects.filter(valid_to__isnull=False).exists()  # no retiring


def test_it_shows_the_plan_again_when_the_territory_changed_before_confirmation(
    client_for, national_admin, mali, django_capture_on_commit_callbacks
):
    from siccs.territory.models import Level
    from siccs.territory.tests.factories import UnitFactory

    table = (
        "admin0Name_fr,admin0Pcode,admin1Name_fr,admin1Pcode,admin2Name_fr,admin2Pcode,"
        "admin3Name_fr,admin3Pcode,validOn\n"
        "Mali,ML,Mopti,ML05,Djenne,ML0505,Djenne Commune,ML050503,2015-04-08\n"
        "Mali,ML,Mopti,ML05,Djenne,ML0505,Femaye,ML050505,2015-04-08\n"
    )
    client = client_for(national_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "djenne.csv", table.encode())
    job = ImportJob.objects.get()
    assert job.report["counts"]["created"] == 1  # Femaye
    # Someone records Femaye by hand meanwhile: the plan read is no longer the plan.
    UnitFactory(name="Femaye", level=Level.COMMUNE, parent=mali.djenne_cercle)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"on": "2015-04-08", "baseline": "on"})
    job.refresh_from_db()
    assert job.status == ImportStatus.PLANNED and job.report["needs"] == "review"
    assert job.report["counts"]["created"] == 0 and job.confirmed_by is None
    assert not AdministrativeUnit.objects.filter(pcode="ML050505").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Le territoire a changé depuis le plan" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"on": "2015-04-08", "baseline": "on"})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert AdministrativeUnit.objects.get(pcode="ML050505").name == "Femaye"
