import factory

from siccs.territory.models import AdministrativeUnit, Level


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    name = factory.Sequence(lambda n: f"Unité {n}")
    level = Level.COMMUNE


def shipped(name: str, level: int = Level.REGION) -> AdministrativeUnit:
    """A unit loaded by the migration (the country or one of the 20 first-level units)."""
    return AdministrativeUnit.objects.get(name=name, level=level)
