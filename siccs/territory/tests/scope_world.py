"""Territory objects for the every-URL scope test."""


def populate(world) -> None:
    gao = world.mali.gao_commune
    gao.name = f"Gao {world.SECRET}"
    gao.save()
    world.kwargs["unit_id"] = gao.pk
    world.queries.append({"region": world.mali.gao.pk, "unit": gao.pk})
