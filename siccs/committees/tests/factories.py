"""Factories for committees and their members."""

import datetime as dt

import factory

from siccs.committees.models import (
    Committee,
    CommitteeLevel,
    MemberCategory,
    Membership,
    Person,
    Sex,
)
from siccs.rollout.models import MethodologyVersion, StepRecord, StepStatus
from siccs.rollout.tests.factories import MethodologyVersionFactory


def communal_level() -> CommitteeLevel:
    level, _ = CommitteeLevel.objects.get_or_create(
        code="communal",
        defaults={
            "name": "CCS communal",
            "acronym": "CCSC",
            "unit_level": 4,
            "chair_office": "Maire",
        },
    )
    return level


def default_version() -> MethodologyVersion:
    return (
        MethodologyVersion.objects.filter(is_published=True).order_by("-number").first()
        or MethodologyVersionFactory()
    )


class CommitteeFactory(factory.django.DjangoModelFactory):
    """A communal committee; pass `unit=` (a commune of the `mali` fixture)."""

    class Meta:
        model = Committee

    name = factory.LazyAttribute(lambda c: f"CCS de {c.unit.name}")
    level = factory.LazyFunction(communal_level)
    methodology_version = factory.LazyFunction(default_version)
    planned_on = dt.date(2021, 1, 4)


def install(committee: Committee, on: dt.date) -> Committee:
    """Mark every step up to the installation as done on `on`."""
    for step in committee.methodology_version.steps.order_by("order"):
        StepRecord.objects.update_or_create(
            committee=committee, step=step, defaults={"status": StepStatus.DONE, "done_on": on}
        )
        if step.marks_installation:
            break
    return committee


def category(code: str = "civil-society", name: str = "Société civile") -> MemberCategory:
    return MemberCategory.objects.get_or_create(code=code, defaults={"name": name})[0]


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Fatoumata Koné {n}")
    sex = Sex.FEMALE
    phone = "+22376000000"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    category = factory.LazyFunction(category)
    start_on = dt.date(2021, 5, 1)
