"""manage.py backup then restore gives back the same rows and files, readable."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from siccs.committees.models import Person
from siccs.committees.tests.factories import PersonFactory
from siccs.core.backup import file_hashes, files_root, table_counts
from siccs.dashboard.models import ProgressReport, ReportStatus


@pytest.fixture
def private_files(settings, tmp_path) -> Path:
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root


@pytest.fixture
def world(transactional_db, mali, national_admin, private_files):
    """Committed rows (pg_dump sees only those), phones, and a report with its files."""
    for i in range(3):
        PersonFactory(full_name=f"Membre {i}", phone=f"+2237600000{i}")
    report = ProgressReport.objects.create(
        on=dt.date(2021, 6, 25),
        unit=mali.country,
        status=ReportStatus.DONE,
        created_by=national_admin,
    )
    report.pdf.save("etat.pdf", ContentFile(b"%PDF-1.7 rapport"), save=False)
    report.xlsx.save("etat.xlsx", ContentFile(b"PK tableaux"), save=False)
    report.save()
    return report


def _backup(tmp_path: Path) -> Path:
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "backups"), stdout=out)
    return Path(out.getvalue().strip())


def test_backup_then_restore_gives_identical_rows_and_files(world, tmp_path):
    counts, files = table_counts(), file_hashes(files_root())
    archive = _backup(tmp_path)
    assert archive.name.startswith("siccs-backup-") and archive.stat().st_mode & 0o077 == 0

    # After the backup, a bad day: rows deleted and added, a file lost, another changed.
    Person.objects.filter(full_name="Membre 0").delete()
    PersonFactory(full_name="Ajout d'après", phone="+22366999999")
    PersonFactory(full_name="Autre ajout", phone="+22366999998")
    Path(world.pdf.path).unlink()
    Path(world.xlsx.path).write_bytes(b"abime")
    assert table_counts() != counts

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "Rows and files identical to the backup; every phone reads." in out.getvalue()
    assert table_counts() == counts
    assert file_hashes(files_root()) == files
    assert sorted(Person.objects.values_list("phone", flat=True)) == [
        "+22376000000",
        "+22376000001",
        "+22376000002",
    ]
    assert "kept in" in out.getvalue()  # the damaged files are kept aside, not deleted


def test_a_restore_with_other_keys_says_the_phones_cannot_be_read(world, tmp_path, settings):
    archive = _backup(tmp_path)
    settings.FIELD_ENCRYPTION_KEYS = ["a-key-that-never-encrypted-anything-0123456789"]
    err = io.StringIO()
    with pytest.raises(CommandError, match="FIELD_ENCRYPTION_KEY"):
        call_command("restore", str(archive), "--yes", stderr=err)
    assert "committees.Person.phone: 3 values the keys of FIELD_ENCRYPTION_KEY cannot read" in (
        err.getvalue()
    )


def test_restore_asks_for_confirmation(world, tmp_path):
    archive = _backup(tmp_path)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
