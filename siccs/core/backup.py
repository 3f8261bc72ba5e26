"""Backups that restore: the database, the private files, and proof that the keys read them.

A backup is one tar archive:
- `manifest.json`: when, which database, the row count of every table and the SHA-256 of
  every file as they were in the backup, and fingerprints of the keys in use (never the
  keys: a stolen backup must not carry what decrypts it);
- `database.dump` (PostgreSQL, `pg_dump --format=custom`, taken in the same snapshot as
  the counts) or `database.sqlite3` (SQLite's online backup API);
- `files/`: the private media (evidence, minutes, reports).

`restore` puts the three back, keeps the files it replaces aside, then checks the counts,
the files and that FIELD_ENCRYPTION_KEY reads every encrypted value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone

from siccs.core.fields import key_fingerprint, unreadable_values

FORMAT = 1


class BackupError(Exception):
    pass


def files_root() -> Path:
    """The private media folder (where the default storage writes)."""
    return Path(storages["default"].location)


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def file_hashes(root: Path) -> dict[str, str]:
    hashes = {}
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest = hashlib.sha256()
                with path.open("rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
                hashes[path.relative_to(root).as_posix()] = digest.hexdigest()
    return hashes


def _pg_env() -> dict[str, str]:
    params = connection.settings_dict
    env = dict(os.environ)
    for var, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if params.get(key):
            env[var] = str(params[key])
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def backup_create(*, output_dir: Path) -> Path:
    """Write a backup archive in `output_dir` and return its path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"siccs-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory(prefix="siccs-backup-") as work:
        work_dir = Path(work)
        if connection.vendor == "postgresql":
            dump, counts = work_dir / "database.dump", _pg_dump(work_dir / "database.dump")
        elif connection.vendor == "sqlite":
            dump, counts = (
                work_dir / "database.sqlite3",
                _sqlite_dump(work_dir / "database.sqlite3"),
            )
        else:
            raise BackupError(f"No backup for a {connection.vendor} database.")
        root = files_root()
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "tables": counts,
            "files": file_hashes(root),
            "keys": [key_fingerprint(key) for key in settings.FIELD_ENCRYPTION_KEYS],
            "index_key": key_fingerprint(settings.FIELD_INDEX_KEY),
        }
        (work_dir / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(work_dir / "manifest.json", arcname="manifest.json")
            tar.add(dump, arcname=dump.name)
            if root.is_dir():
                tar.add(root, arcname="files")
        partial.rename(archive)  # a backup cut short never looks complete
    os.chmod(archive, 0o600)
    return archive


def _pg_dump(target: Path) -> dict[str, int]:
    """Dump and count in one snapshot, so that the counts are those of the dump."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                connection.settings_dict["NAME"],
            ]
        )
    return counts


def _sqlite_dump(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        tables = cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        return {
            name: cursor.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for (name,) in sorted(tables)
        }
    finally:
        copy.close()


def backup_restore(*, archive: Path) -> dict[str, Any]:
    """Replace the database and the private files by those of `archive`, then check them.
    Returns {"manifest", "tables", "files", "unreadable", "kept_aside"}: differences found
    (empty when the restore is exact) and where the replaced files were put."""
    with tempfile.TemporaryDirectory(prefix="siccs-restore-") as work:
        work_dir = Path(work)
        with tarfile.open(archive) as tar:
            tar.extractall(work_dir, filter="data")
        manifest = json.loads((work_dir / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError("This archive is not a SI-CCS backup of a known format.")
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"This backup is of a {manifest['database']} database; DATABASE_URL names a "
                f"{connection.vendor} one."
            )
        if connection.vendor == "postgresql":
            _pg_restore(work_dir / "database.dump")
        else:
            _sqlite_restore(work_dir / "database.sqlite3")
        kept_aside = _files_restore(work_dir / "files")
    return {
        "manifest": manifest,
        **backup_verify(manifest),
        "kept_aside": kept_aside,
    }


def backup_verify(manifest: dict[str, Any]) -> dict[str, Any]:
    """What differs between the database and files now and the manifest, and which
    encrypted values the keys in use cannot read."""
    counts = table_counts()
    tables = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    now = file_hashes(files_root())
    files = sorted(
        name
        for name in set(now) | set(manifest["files"])
        if now.get(name) != manifest["files"].get(name)
    )
    return {"tables": tables, "files": files, "unreadable": unreadable_values()}


def _pg_restore(dump: Path) -> None:
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )


def _sqlite_restore(copy_path: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(copy_path)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()


def _files_restore(source: Path) -> str:
    """Put the backup's files in place; the current folder is kept aside, not deleted."""
    root = files_root()
    kept_aside = ""
    if root.exists() and any(root.iterdir()):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = root.with_name(f"{root.name}.before-restore-{stamp}")
        root.rename(aside)
        kept_aside = str(aside)
    root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, root, dirs_exist_ok=True)
    return kept_aside
