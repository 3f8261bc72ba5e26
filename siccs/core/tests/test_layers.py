"""The layer contracts (docs/development/layers.md): the code keeps them, and an import
that breaks the order, closes a cycle or reaches for a private name breaks the lint.

The breaking imports are written into a copy of the code, as a developer would write
them, and the real `lint-imports` is run on that copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo"],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _add_line(module: Path, line: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def _copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python code and the contracts, copied (no templates, data or locales)."""
    copy = tmp_path_factory.mktemp("code")
    ignore = shutil.ignore_patterns("locale", "static", "templates", "__pycache__", "*.mo")
    for package in ("siccs", "tools"):
        shutil.copytree(ROOT / package, copy / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The lint's report on a copy of the code where a developer wrote three wrong
    things at once; one run serves the tests below."""
    copy = _copy(tmp_path_factory)
    # 1. core reaching up to the dashboard.
    _add_line(copy / "siccs/core/dates.py", "from siccs.dashboard import selectors  # noqa")
    # 2. Citizens already read meetings' concerns; meetings reading citizens closes a cycle.
    _add_line(copy / "siccs/meetings/services.py", "import siccs.citizens.models  # noqa")
    # 3. Private names of other modules, by attribute and by import.
    _add_line(copy / "siccs/territory/importers.py", "from siccs.territory import services")
    _add_line(copy / "siccs/territory/importers.py", "CHECK = services._check_in_force")
    _add_line(copy / "siccs/committees/views.py", "from siccs.core.fields import _fernet")
    result = _lint(copy)
    assert result.returncode != 0
    return result.stdout + result.stderr


def test_the_code_keeps_its_layer_contracts():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_importing_an_app_above_it_breaks_the_layers(broken):
    assert "siccs.core is not allowed to import siccs.dashboard" in broken
    assert "siccs.core.dates -> siccs.dashboard.selectors" in broken


def test_two_apps_of_one_row_importing_each_other_break_the_no_cycle_contract(broken):
    assert "No two apps import each other BROKEN" in broken


def test_a_private_name_of_another_module_breaks_the_private_names_contract(broken):
    assert "siccs.territory.services._check_in_force" in broken
    assert "from siccs.core.fields import _fernet" in broken


def test_an_exception_for_an_import_that_no_longer_exists_breaks_the_lint(tmp_path_factory):
    # The list of tolerated imports only shrinks: once an import is fixed, its entry is an
    # error. The transparency page drew the dashboard's map by importing it; it no longer
    # does, so tolerating that import again is refused.
    copy = _copy(tmp_path_factory)
    contracts = copy / "pyproject.toml"
    stale = '"siccs.citizens.views -> siccs.dashboard.maps",'
    contracts.write_text(
        contracts.read_text(encoding="utf-8").replace(
            '"siccs.*.demo -> siccs.**",', f'"siccs.*.demo -> siccs.**",\n    {stale}', 1
        ),
        encoding="utf-8",
    )
    result = _lint(copy)
    assert result.returncode != 0
    assert "No matches for ignored import" in result.stdout + result.stderr
    assert "siccs.citizens.views -> siccs.dashboard.maps" in result.stdout + result.stderr
