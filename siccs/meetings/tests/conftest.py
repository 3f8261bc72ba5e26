"""A Gao communal committee installed in June 2021, with six members, for meetings tests."""

from __future__ import annotations

import datetime as dt

import pytest

from siccs.committees.models import Sex
from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    category,
    install,
)

INSTALLED_ON = dt.date(2021, 6, 1)


def seat(committee, *, sex=Sex.MALE, code="civil-society", name="Moussa Touré", **extra):
    return MembershipFactory(
        committee=committee,
        category=category(code),
        person=PersonFactory(full_name=name, sex=sex),
        **extra,
    )


@pytest.fixture
def committee(mali):
    return install(CommitteeFactory(unit=mali.gao_commune), INSTALLED_ON)


@pytest.fixture
def members(committee):
    """Two women, two FDS, six in all, seated from 1 May 2021."""
    return [
        seat(committee, sex=Sex.FEMALE, code="women", name="Fatoumata Maïga"),
        seat(committee, sex=Sex.FEMALE, code="civil-society", name="Aïssata Cissé"),
        seat(committee, code="fds", name="Commandant Baba Sidibé"),
        seat(committee, code="fds", name="Adjudant Ibrahim Diallo"),
        seat(committee, code="elected", name="Hamadou Touré"),
        seat(committee, code="administration", name="Oumar Coulibaly"),
    ]


@pytest.fixture
def record(gao_secretary):
    """`record(committee, held_on, presences)`: a session recorded through the service."""
    from siccs.meetings import services

    def make(committee, held_on, presences, **extra):
        return services.session_record(
            user=extra.pop("user", gao_secretary),
            committee=committee,
            held_on=held_on,
            attendance={m.pk: p for m, p in presences.items()},
            **extra,
        )

    return make


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploaded minutes and evidence go to a temporary directory, not var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


@pytest.fixture
def concern(committee, gao_secretary, mali):
    """`concern(title=..., code=...)`: a concern registered through the service."""
    from siccs.meetings import services
    from siccs.meetings.models import ConcernCategory

    def make(title="Vols de bétail à Bagoundjé", code="cattle-theft", **extra):
        return services.concern_register(
            user=extra.pop("user", gao_secretary),
            committee=extra.pop("committee", committee),
            category=ConcernCategory.objects.get(code=code),
            title=title,
            source=extra.pop("source", "session"),
            received_on=extra.pop("received_on", dt.date(2021, 6, 20)),
            unit=extra.pop("unit", mali.gao_commune),
            **extra,
        )

    return make
