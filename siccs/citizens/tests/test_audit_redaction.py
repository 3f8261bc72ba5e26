"""Keyed hashes written into the audit trail before they were marked personal are redacted
by the migration that marks them."""

import importlib

import pytest
from django.apps import apps

from siccs.audit.models import AuditEntry
from siccs.citizens import services

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "siccs.citizens.migrations.0004_phone_protection_and_sms_ceiling"
)


def test_the_migration_redacts_hashes_already_in_the_audit_trail(db):
    old = AuditEntry.objects.create(
        verb="purge",
        model="citizens.citizenreport",
        object_id="1",
        object_repr="ABC-DEF",
        changes={
            "phone_index": ["3f" * 32, ""],
            "gateway_message_id": ["body:0123456789abcdef", ""],
            "description": ["•••", "[supprimé]"],
        },
    )
    other = AuditEntry.objects.create(
        verb="update", model="committees.committee", object_id="1", changes={"name": ["a", "b"]}
    )
    migration.redact_hashes_in_audit(apps, None)
    old.refresh_from_db()
    assert old.changes == {
        "phone_index": ["•••", ""],
        "gateway_message_id": ["•••", ""],
        "description": ["•••", "[supprimé]"],
    }
    other.refresh_from_db()
    assert other.changes == {"name": ["a", "b"]}


def test_new_entries_never_hold_a_hash(ccs, mali):
    report = services.report_submit(channel="web", description="Vol", phone="76000001")
    entry = AuditEntry.objects.get(model="citizens.citizenreport", verb="create")
    assert entry.changes["phone_index"] == [None, "•••"]
    assert report.phone_index not in str(entry.changes)
