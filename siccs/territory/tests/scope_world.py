"""Territory objects for the every-URL scope test."""

from siccs.territory.models import ImportJob, ImportStatus


def populate(world) -> None:
    gao = world.mali.gao_commune
    gao.name = f"Gao {world.SECRET}"
    gao.save()
    world.kwargs["unit_id"] = gao.pk
    world.queries.append({"region": world.mali.gao.pk, "unit": gao.pk})
    world.queries.append({"on": "2021-06-25"})
    # Imports concern the whole country: only national administrators may see them.
    job = ImportJob.objects.create(
        unit=world.mali.country,
        original_names=[f"gao-{world.SECRET}.csv"],
        status=ImportStatus.REJECTED,
        report={"errors": [{"where": world.SECRET, "message": world.SECRET}], "applied": False},
    )
    world.kwargs["import_job_id"] = job.pk
