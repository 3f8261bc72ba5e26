"""Every environment variable the settings read is in the table of docs/operations.md:
an administrator deploying the platform learns the knobs from that page, not from the
code, so a new variable without its line there fails here."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READERS = re.compile(
    r"""(?:env(?:str|bool|int|list|float)?|environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_read() -> set[str]:
    found: set[str] = set()
    for path in [ROOT / "siccs" / "settings.py", *ROOT.glob("siccs/*/conf.py")]:
        found |= set(READERS.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_settings_read_variables():
    # The pattern must keep seeing the readers, or the next test proves nothing.
    assert {"DATABASE_URL", "SECRET_KEY", "SITE_URL"} <= variables_read()


def test_every_variable_is_in_the_operations_table():
    table = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    missing = sorted(v for v in variables_read() if f"`{v}`" not in table)
    assert not missing, f"not documented in docs/operations.md: {missing}"
