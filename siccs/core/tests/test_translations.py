"""Every string marked for translation has its French translation, and catalogues are current."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from siccs.core.tests import catalogues

SICCS = Path(settings.BASE_DIR) / "siccs"
APPS_WITH_CATALOGUES = sorted(
    p.parent.parent.parent.parent.name for p in SICCS.glob("*/locale/fr/LC_MESSAGES/django.po")
)


def entries(po_text: str) -> dict[str, str]:
    """msgid (with its context) → msgstr (plural forms joined), header excluded; fuzzy
    entries collected under `__fuzzy__`."""
    result: dict[str, str] = {}
    for entry in catalogues.parse(po_text):
        key = str(entry.key)
        if entry.fuzzy:
            result["__fuzzy__"] = result.get("__fuzzy__", "") + key[:80]
        result[key] = "".join(entry.translations) if all(entry.translations) else ""
    return result


def test_it_knows_the_catalogues_of_the_platform_apps():
    assert {"core", "accounts", "audit"} <= set(APPS_WITH_CATALOGUES)


@pytest.mark.parametrize("app", APPS_WITH_CATALOGUES)
def test_it_translates_every_string_into_french(app):
    po = (SICCS / app / "locale/fr/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    found = entries(po)
    assert "__fuzzy__" not in found, f"fuzzy entries left in {app}: {found.get('__fuzzy__')}"
    untranslated = [msgid for msgid, msgstr in found.items() if not msgstr]
    assert untranslated == []


@pytest.mark.parametrize("app", APPS_WITH_CATALOGUES)
def test_it_has_a_catalogue_that_matches_the_source(app, tmp_path):
    # Extract the strings again from a copy of the app: a string added without
    # updating the catalogue (and so without a French translation) fails here.
    copy = tmp_path / app
    shutil.copytree(SICCS / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "makemessages",
            "-l",
            "fr",
            "--ignore=tests/*",
            "--no-obsolete",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
        timeout=120,
    )
    fresh = set(entries((copy / "locale/fr/LC_MESSAGES/django.po").read_text(encoding="utf-8")))
    current = set(
        entries((SICCS / app / "locale/fr/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    )
    assert fresh - current == set(), "run `make messages` and translate the new strings"
