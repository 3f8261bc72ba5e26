"""Factories for sessions, concerns and recommendations."""

import datetime as dt

import factory

from siccs.meetings.models import (
    Addressee,
    Concern,
    ConcernCategory,
    ConcernSource,
    Recommendation,
    Session,
)


def concern_category(
    code: str = "banditry", name: str = "Banditisme et coupeurs de route"
) -> ConcernCategory:
    return ConcernCategory.objects.get_or_create(code=code, defaults={"name": name})[0]


def addressee(name: str = "Gendarmerie nationale") -> Addressee:
    return Addressee.objects.get_or_create(name=name)[0]


class SessionFactory(factory.django.DjangoModelFactory):
    """An ordinary session; pass `committee=`."""

    class Meta:
        model = Session

    held_on = dt.date(2021, 7, 1)
    place = "Salle de la mairie"


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    category = factory.LazyFunction(concern_category)
    received_on = dt.date(2021, 6, 20)
    title = factory.Sequence(lambda n: f"Vols de bétail signalés {n}")
    source = ConcernSource.SESSION


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    text = "Renforcer les patrouilles sur l'axe principal"
    addressee = factory.LazyFunction(addressee)
    adopted_on = factory.LazyAttribute(lambda r: r.session.held_on)
