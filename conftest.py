"""Shared test setup: a small Mali and the personas every test reuses.

Personas (see docs/development/testing.md): a national administrator, a national
analyst, a Mopti focal point, a Gao secretary (the outsider for Mopti), a partner
viewer, and anonymous visitors (the `client` fixture).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from siccs.accounts.scoping import Role
from siccs.accounts.tests.factories import AssignmentFactory, UserFactory
from siccs.territory.models import AdministrativeUnit, Level

# --- One database run for what depends on no database ---------------------------------

# Fixtures through which a test reaches the database (pytest-django's, and the live server).
# Not django_db_blocker: every test has it (autouse); a fixture built once per module asks
# for django_db_setup with it.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_setup",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def _uses_database(item: pytest.Item) -> bool:
    """Whether a test reaches the database, directly or through a fixture."""
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


def runs_on_every_database(item: pytest.Item) -> bool:
    """Whether a test belongs to the PostgreSQL run as well as the SQLite one: it reaches
    the database (directly or through a fixture) and is no browser journey, or it is marked
    `postgres_too`. Translations, charts, settings and the journeys in Chromium give the
    same answer on either database; the SQLite run covers them."""
    if item.get_closest_marker("postgres_too"):
        return True
    names = set(getattr(item, "fixturenames", ()))
    browser = item.get_closest_marker("browser") or "_playwright_browser" in names
    return _uses_database(item) and not browser


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, deselect what runs once already on SQLite (`runs_on_every_database`),
    unless SICCS_TEST_EVERYTHING=1 asks for the whole suite (docs/development/testing.md)."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine or os.environ.get("SICCS_TEST_EVERYTHING") == "1":
        return
    kept = [item for item in items if runs_on_every_database(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def shared_data(*parts: str) -> Path:
    """A file of the shared real data (never copied into the repository): beside the
    checkout in `../shared`, or where SICCS_SHARED_DATA points (a clone made elsewhere)."""
    candidates = [
        os.environ.get("SICCS_SHARED_DATA", ""),
        Path(__file__).resolve().parent.parent / "shared" / "data",
        "/work/shared/data",
    ]
    for base in candidates:
        if base and Path(base).is_dir():
            return Path(base).joinpath(*parts)
    raise FileNotFoundError("the shared data folder (../shared/data); set SICCS_SHARED_DATA")


def _reference_data() -> None:
    """What migrations ship (levels, categories, methodology, taxonomy): a browser test's
    flush of the database removes it, and the next test must find it again."""
    from siccs.committees.reference import ensure_reference_data as committees_reference
    from siccs.meetings.reference import ensure_reference_data as meetings_reference
    from siccs.rollout.reference import ensure_default_methodology

    if not AdministrativeUnit.objects.filter(level=Level.REGION).exists():
        from importlib import import_module

        from django.apps import apps

        shipped = import_module("siccs.territory.migrations.0003_shipped_regions")
        shipped.load_regions(apps, None)
        history = import_module("siccs.territory.migrations.0005_region_history")
        history.load_region_history(apps, None)
    ensure_default_methodology()
    committees_reference()
    meetings_reference()
    from siccs.notifications.reference import install_templates

    install_templates()


def _unit(
    name: str, level: int, parent: AdministrativeUnit | None = None, pcode: str = ""
) -> AdministrativeUnit:
    # The country and its regions are shipped by a migration: reuse them, one root only.
    unit = AdministrativeUnit.objects.filter(name=name, level=level, parent=parent).first()
    if unit is not None:
        AdministrativeUnit.objects.filter(pk=unit.pk).update(pcode=pcode)
        unit.pcode = pcode
        return unit
    return AdministrativeUnit.objects.create(name=name, level=level, parent=parent, pcode=pcode)


@pytest.fixture(autouse=True)
def _shipped_data_after_flush(request: pytest.FixtureRequest, django_db_blocker) -> None:
    """A transactional test (a browser journey, the live server, a demo load) ends by
    flushing every table, migration-shipped rows included. Before a test that reaches the
    database, put them back if a flush took them, so that every test finds the database its
    migrations made, whatever order the tests run in (pytest-xdist deals modules out to one
    worker per core in an order of its own). One query when nothing was flushed."""
    if _uses_database(request.node):
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            restore_shipped_data()


def restore_shipped_data() -> None:
    """What migrations ship, back if a flush took it (also for a fixture built once per
    module, which is set up before the autouse fixture above)."""
    if not AdministrativeUnit.objects.filter(level=Level.REGION).exists():
        _reference_data()


@pytest.fixture
def shipped_data(transactional_db) -> None:
    """What migrations ship, back after an earlier browser test flushed it (the demo loads
    over the shipped country and regions)."""
    _reference_data()


@pytest.fixture
def mali(db) -> SimpleNamespace:
    """Mali > {Mopti > Bandiagara cercle > Bandiagara commune, Gao > Gao cercle > Gao commune}."""
    return build_mali()


def build_mali() -> SimpleNamespace:
    """The small Mali of the `mali` fixture, for a fixture built once per module (inside
    `django_db_blocker.unblock()` and a transaction it rolls back)."""
    _reference_data()
    country = _unit("Mali", Level.COUNTRY, pcode="ML")
    mopti = _unit("Mopti", Level.REGION, country, "ML05")
    gao = _unit("Gao", Level.REGION, country, "ML07")
    bandiagara_cercle = _unit("Bandiagara", Level.CERCLE, mopti, "ML0501")
    bandiagara = _unit("Bandiagara", Level.COMMUNE, bandiagara_cercle, "ML050101")
    djenne_cercle = _unit("Djenné", Level.CERCLE, mopti, "ML0503")
    djenne = _unit("Djenné", Level.COMMUNE, djenne_cercle, "ML050301")
    gao_cercle = _unit("Gao", Level.CERCLE, gao, "ML0702")
    gao_commune = _unit("Gao", Level.COMMUNE, gao_cercle, "ML070201")
    return SimpleNamespace(
        country=country,
        mopti=mopti,
        gao=gao,
        bandiagara_cercle=bandiagara_cercle,
        bandiagara=bandiagara,
        djenne_cercle=djenne_cercle,
        djenne=djenne,
        gao_cercle=gao_cercle,
        gao_commune=gao_commune,
    )


def persona(username: str, role: str, unit: AdministrativeUnit, **extra):
    user = UserFactory(username=username)
    AssignmentFactory(user=user, role=role, unit=unit, **extra)
    return user


@pytest.fixture
def national_admin(mali):
    return persona("admin", Role.NATIONAL_ADMIN, mali.country)


@pytest.fixture
def national_analyst(mali):
    return persona("analyste", Role.NATIONAL_ANALYST, mali.country)


@pytest.fixture
def mopti_focal_point(mali):
    return persona("pf.mopti", Role.FOCAL_POINT, mali.mopti)


@pytest.fixture
def gao_secretary(mali):
    return persona("sec.gao", Role.SECRETARY, mali.gao_commune)


@pytest.fixture
def partner(db):
    return build_partner()


def build_partner():
    """The partner of the `partner` fixture (UNDP), outside a fixture."""
    from siccs.partners.models import Partner, PartnerKind

    return Partner.objects.create(
        name="Programme des Nations unies pour le développement",
        acronym="PNUD",
        kind=PartnerKind.MULTILATERAL,
    )


@pytest.fixture
def partner_viewer(mali, partner):
    return persona("ptf.pnud", Role.PARTNER_VIEWER, mali.country, partner=partner)


@pytest.fixture
def client_for(client):
    """`client_for(user)`: a test client logged in as `user`."""

    def make(user):
        client.force_login(user)
        return client

    return make


# --- Browser journeys (Playwright driving the system Chromium) -----------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class SerialLiveServer(WSGIServer):
    """The live server, answering one request at a time. With SQLite the test database is
    in memory, and the server shares the test's one connection: Django's threaded server
    lets two requests of a page (the page and its favicon, a fragment loaded by htmx) use
    it at once, which SQLite refuses ("bad parameter or other API misuse") now and then.
    Django closes each connection after its response when the server is not threaded, so
    a kept-alive browser connection never holds the others up."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Requests run in the server's thread, which LiveServerThread gives these already.
        self.connections_override = connections_override


LiveServerThread.server_class = SerialLiveServer


# Chromium on Linux draws its date and time inputs in the language of its interface, taken
# from LANGUAGE, not from the page's locale: without it (and the French interface of the
# chromium-l10n package, `make browsers`) a date input reads mm/dd/yyyy with AM/PM, so
# "25062021" typed as a French user types it became 5 February 2021.
CHROMIUM_ENV = {"LANGUAGE": "fr"}


def _assert_french_date_inputs(browser) -> None:
    """Fail the run at once when the browser's date inputs are not jj/mm/aaaa and hh:mm:
    every journey typing a date would otherwise store a wrong one."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_content('<input type="date" id="d"><input type="time" id="t">')
    page.locator("#d").press_sequentially("25062021")
    page.locator("#t").press_sequentially("0930")
    typed = (page.input_value("#d"), page.input_value("#t"))
    context.close()
    if typed != ("2021-06-25", "09:30"):
        pytest.fail(
            f"Chromium's date and time inputs are not French ({typed!r} for 25/06/2021 09:30):"
            " install its French interface with `make browsers` (package chromium-l10n)."
        )


@pytest.fixture(scope="session")
def _playwright_browser():
    # Playwright's sync API runs an event loop in this thread; Django must still allow ORM use.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env={**os.environ, **CHROMIUM_ENV}
        )
        _assert_french_date_inputs(browser)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(_playwright_browser, live_server, transactional_db):
    """A page the size of a small phone (360 × 740), French, against the live server."""
    context = _playwright_browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", base_url=live_server.url
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    # A CSP violation or script error is a failure of the journey, not a detail.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    """Background tasks run at once inside the request (as the worker would run them later),
    and stored files go to a temporary folder."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }


def browser_login(page, username: str, password: str = "demo-password-1") -> None:
    page.goto("/login/")
    page.locator("#id_username").press_sequentially(username)
    page.locator("#id_password").press_sequentially(password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
