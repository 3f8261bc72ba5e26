"""Which tests the PostgreSQL run keeps (conftest.runs_on_every_database): those that reach
the database, browser journeys only when marked `postgres_too`."""

from __future__ import annotations

import pytest

from conftest import runs_on_every_database


class Item:
    """What the rule reads of a collected test: its fixtures and its markers."""

    def __init__(self, *fixtures: str, marks: tuple[str, ...] = ()) -> None:
        # Every test has pytest-django's autouse fixtures, django_db_blocker among them.
        self.fixturenames = ["django_db_blocker", "monkeypatch", *fixtures]
        self.marks = marks

    def get_closest_marker(self, name: str) -> object | None:
        return name if name in self.marks else None


@pytest.mark.parametrize(
    "item",
    [Item("db"), Item("transactional_db"), Item("django_db_setup"), Item(marks=("django_db",))],
    ids=["db", "transactional", "module-fixture", "marker"],
)
def test_a_test_that_reaches_the_database_runs_on_postgresql_too(item):
    assert runs_on_every_database(item)


def test_a_test_without_a_database_runs_once():
    assert not runs_on_every_database(Item("settings", "tmp_path"))


def test_a_browser_journey_runs_once_unless_marked_postgres_too():
    assert not runs_on_every_database(Item("live_server", "_playwright_browser", "phone_page"))
    assert not runs_on_every_database(Item("transactional_db", marks=("browser",)))
    assert runs_on_every_database(Item("live_server", marks=("browser", "postgres_too")))
