"""Notifications tests: tasks run at once, SMS go to the console backend, and a communal
committee in Gao with three members who have phones."""

import datetime as dt
from types import SimpleNamespace

import pytest

from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    install,
)


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SMS_BACKEND = "siccs.citizens.sms.ConsoleSmsBackend"
    settings.SMS_HOURLY_CEILING = 0


@pytest.fixture
def gao_ccs(mali):
    committee = install(
        CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao"), dt.date(2021, 5, 5)
    )
    members = [
        MembershipFactory(
            committee=committee,
            person=PersonFactory(full_name=name, phone=phone),
        )
        for name, phone in [
            ("Fatoumata Maïga", "+22376000001"),
            ("Baba Sidibé", "+22376000002"),
            ("Hamadou Touré", "+22376000003"),
        ]
    ]
    return SimpleNamespace(committee=committee, members=members)
