"""Citizen channel tests: tasks run at once, SMS go to the console backend,
and a small world of committees (Bandiagara communal, Gao regional)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.meetings.tests.factories import concern_category


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SMS_BACKEND = "siccs.citizens.sms.ConsoleSmsBackend"


@pytest.fixture
def ccs(mali):
    """A communal committee in Bandiagara; Gao has only a regional one; Djenné none at all."""
    bandiagara = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 6, 1))
    gao_region = CommitteeFactory(unit=mali.gao, name="CCS régional de Gao")
    return SimpleNamespace(
        bandiagara=bandiagara,
        gao_region=gao_region,
        banditry=concern_category(),
        theft=concern_category("cattle-theft", "Vol de bétail"),
    )


@pytest.fixture
def sec_bandiagara(mali):
    from conftest import persona
    from siccs.accounts.scoping import Role

    return persona("sec.bandiagara", Role.SECRETARY, mali.bandiagara)
