"""Phone numbers encrypted at rest: several keys, rotation, and no silent loss of a value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from siccs.citizens.models import CitizenReport, OutboundSms
from siccs.citizens.services import gateway_secret_hash
from siccs.citizens.tests.factories import CitizenReportFactory
from siccs.committees.models import Person
from siccs.committees.tests.factories import PersonFactory
from siccs.core.checks import field_encryption_keys
from siccs.core.fields import UndecryptableValue, blind_index
from siccs.partners.models import PartnerContact
from siccs.partners.tests.factories import PartnerFactory

ROOT = Path(__file__).resolve().parents[3]
OLD = "old-key-of-the-c-rss-2024-kept-in-the-safe-0123456789"
NEW = "new-key-of-the-c-rss-2026-after-the-rotation-987654321"


def _stored(model, field: str, pk) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def old_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    settings.FIELD_INDEX_KEY = OLD
    return settings


def test_it_stores_phones_encrypted(mali, old_key):
    person = PersonFactory(phone="+22376123456")
    assert "76123456" not in _stored(Person, "phone", person.pk)
    assert Person.objects.get(pk=person.pk).phone == "+22376123456"


def test_it_reads_old_values_once_a_new_key_is_put_in_front(mali, old_key):
    person = PersonFactory(phone="+22376123456")
    old_key.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    assert Person.objects.get(pk=person.pk).phone == "+22376123456"
    newcomer = PersonFactory(phone="+22366000001")
    old_key.FIELD_ENCRYPTION_KEYS = [NEW]
    assert Person.objects.get(pk=newcomer.pk).phone == "+22366000001"


def test_rotation_with_two_keys_keeps_every_phone_readable(mali, old_key, capsys):
    people = [PersonFactory(phone=f"+2237600000{i}") for i in range(3)]
    PersonFactory(phone="")
    report = CitizenReportFactory(commune=mali.bandiagara, reporter_phone="+22370111222")
    outbound = OutboundSms.objects.create(
        to_phone="+22370111222", to_index=blind_index("+22370111222"), text="CCS"
    )
    contact = PartnerContact.objects.create(
        partner=PartnerFactory(), name="Awa Traoré", phone="+22379555666"
    )
    secret_hash = gateway_secret_hash("gateway-secret")
    before = _stored(Person, "phone", people[0].pk)

    # Step 1: the new key goes first, the old one stays after it; step 2: rotate.
    old_key.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    call_command("rotate_field_key")
    assert "committees.Person.phone: 3 re-encrypted" in capsys.readouterr().out
    assert _stored(Person, "phone", people[0].pk) != before

    # Step 3: the old key is removed; the indexes keep their key (FIELD_INDEX_KEY).
    old_key.FIELD_ENCRYPTION_KEYS = [NEW]
    assert sorted(Person.objects.exclude(phone="").values_list("phone", flat=True)) == [
        "+22376000000",
        "+22376000001",
        "+22376000002",
    ]
    assert CitizenReport.objects.get(pk=report.pk).reporter_phone == "+22370111222"
    assert OutboundSms.objects.get(pk=outbound.pk).to_phone == "+22370111222"
    assert PartnerContact.objects.get(pk=contact.pk).phone == "+22379555666"
    assert CitizenReport.objects.get(pk=report.pk).phone_index == blind_index("+22370111222")
    assert gateway_secret_hash("gateway-secret") == secret_hash
    call_command("rotate_field_key", "--check")
    assert "0 on an old key, 3 already on the first key, 0 unreadable" in capsys.readouterr().out


def test_an_undecryptable_value_raises_and_is_never_overwritten(mali, old_key, capsys):
    person = PersonFactory(phone="+22376123456", full_name="Oumar")
    stored = _stored(Person, "phone", person.pk)
    old_key.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key was dropped too early

    with pytest.raises(UndecryptableValue, match=r"committees\.Person\.phone"):
        Person.objects.get(pk=person.pk)
    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("rotate_field_key")
    assert f"committees.Person.phone: no key reads the value of rows {person.pk}" in (
        capsys.readouterr().err
    )
    Person.objects.filter(pk=person.pk).update(full_name="Oumar Maïga")
    assert _stored(Person, "phone", person.pk) == stored

    old_key.FIELD_ENCRYPTION_KEYS = [NEW, OLD]  # the key is found again: nothing was lost
    assert Person.objects.get(pk=person.pk).phone == "+22376123456"


def test_it_refuses_to_encrypt_without_a_key(mali, settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY"):
        PersonFactory(phone="+22376123456")


def test_the_deployment_check_wants_a_key_of_its_own(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    assert [m.id for m in field_encryption_keys()] == ["core.E001"]
    settings.FIELD_ENCRYPTION_KEYS = [settings.DEVELOPMENT_KEY]
    assert "core.E002" in [m.id for m in field_encryption_keys()]
    settings.FIELD_ENCRYPTION_KEYS = ["short"]
    settings.FIELD_INDEX_KEY = "short"
    assert [m.id for m in field_encryption_keys()] == ["core.W003"]
    settings.FIELD_ENCRYPTION_KEYS = [NEW, settings.SECRET_KEY]
    assert "core.W004" in [m.id for m in field_encryption_keys()]
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    settings.FIELD_INDEX_KEY = OLD
    assert field_encryption_keys() == []


def test_check_deploy_fails_without_a_field_key_in_production(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-production-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "ccs.example.ml",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "core.E001" in result.stdout + result.stderr
