""" "Today" has one home: `siccs.core.dates.today()`, the date in Bamako.

`dt.date.today()` is the server's date, wrong when its clock zone is not Bamako's, and
`timezone.localdate()` written in forty places is forty chances to get it wrong; both
are kept out of the code (docs/development/dangerous-constructs.md). Tests may use
them (they set dates up as a person would). Comments and strings do not count.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HOME = ROOT / "siccs" / "core" / "dates.py"
SKIPPED = {tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT}
SKIPPED |= {tokenize.DEDENT, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}


def todays_written_by_hand(source: str) -> list[int]:
    """Lines calling `<...>date.today()` or `localdate()` without argument, in code."""
    tokens = [
        t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in SKIPPED
    ]
    lines = []
    for i, token in enumerate(tokens[:-2]):
        call = tokens[i + 1].string == "(" and tokens[i + 2].string == ")"
        if not call or token.type != tokenize.NAME:
            continue
        after_date = i >= 2 and tokens[i - 1].string == "." and tokens[i - 2].string == "date"
        if (token.string == "today" and after_date) or token.string == "localdate":
            lines.append(token.start[0])
    return lines


def _code_files() -> list[Path]:
    files = [*(ROOT / "siccs").rglob("*.py"), *(ROOT / "tools").rglob("*.py")]
    return sorted(f for f in files if f != HOME and "tests" not in f.relative_to(ROOT).parts)


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("on = on or dt.date.today()\n", [1]),
        ("import datetime\nx = datetime.date.today()\n", [2]),
        ("from datetime import date\n\nx = date.today()\n", [3]),
        ("x = timezone.localdate()\n", [1]),
        ("x = dates.today()\n", []),
        ("x = timezone.localdate(moment)\n", []),  # a date from a datetime: allowed
        ('"""Not `dt.date.today()`."""\n# nor timezone.localdate()\n', []),
    ],
)
def test_the_check_finds_a_hand_written_today_in_code_only(source, found):
    assert todays_written_by_hand(source) == found


def test_no_code_outside_core_dates_writes_today_by_hand():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _code_files()
        for line in todays_written_by_hand(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, (
        "Use `from siccs.core import dates` and `dates.today()` (today in Bamako): "
        + ", ".join(offenders)
    )


def test_the_home_of_today_is_where_the_check_looks():
    assert todays_written_by_hand(HOME.read_text(encoding="utf-8")), HOME
