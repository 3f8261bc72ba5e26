"""Settings come from the environment with safe defaults."""

import subprocess
import sys
from pathlib import Path

from siccs.settings import database_from_url

ROOT = Path(__file__).resolve().parents[3]


def test_it_reads_a_postgres_url():
    db = database_from_url("postgres://ccs:s%40cret@db.example:5433/siccs")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "siccs",
        "ccs",
        "s@cret",
        "db.example",
        "5433",
    )


def test_it_runs_sqlite_in_wal_mode():
    db = database_from_url("sqlite:////tmp/x.sqlite3")
    assert db["NAME"] == "/tmp/x.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_it_passes_the_deployment_checklist_when_configured_for_production(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-production-key-with-enough-entropy-1234567890",
        "FIELD_ENCRYPTION_KEY": "y" * 20 + "-field-key-with-enough-entropy-0987654321",
        "ALLOWED_HOSTS": "ccs.example.ml",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "SITE_URL": "https://ccs.example.ml",
        "SMS_BACKEND": "siccs.citizens.sms.HttpGatewayBackend",
        "SMS_GATEWAY_URL": "https://sms.example.ml/send",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_flags_the_development_key_in_production(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "x",
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
    assert "security.W009" in result.stdout + result.stderr
