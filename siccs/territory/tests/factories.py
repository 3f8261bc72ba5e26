import factory

from siccs.territory.models import AdministrativeUnit, Level


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    name = factory.Sequence(lambda n: f"Unité {n}")
    level = Level.COMMUNE
