"""The dashboard's figures are reused while nothing is written to the database, and never
after a write, however it was made (a service, a bulk update, another connection)."""

from __future__ import annotations

import datetime as dt

import pytest

from siccs.committees.models import Committee, CommitteeLevel
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.dashboard import cache
from siccs.dashboard.tests.world import BEFORE, build
from siccs.rollout.models import StepRecord, StepStatus
from siccs.rollout.services import step_record_update

# serial: on PostgreSQL the cache's key is the cluster-wide snapshot, which another
# worker's writes in its own test database would move between two requests.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.serial]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.forget()
    yield
    cache.forget()


def _installed(client):
    response = client.get("/dashboard/", {"on": BEFORE.isoformat()})
    assert response.status_code == 200
    return response.context["f"]["installed"]


def test_a_second_request_reuses_the_figures(mali, national_admin, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build(mali)
    client = client_for(national_admin)
    assert _installed(client) == 2
    # On PostgreSQL the state is the server's snapshot, which other databases of the same
    # server move too: try again until it stood still between the two requests.
    for _attempt in range(20):
        state = cache.database_state()
        assert _installed(client) == 2  # computed for this state, unless already kept
        with CaptureQueriesContext(connection) as captured:
            assert _installed(client) == 2
        if cache.database_state() == state:
            break
    else:
        pytest.fail("the database never stood still between two requests")
    # The session, the user, the assignments, the database's state: no figure is read.
    assert len(captured.captured_queries) <= 5, [q["sql"][:80] for q in captured]


def test_a_write_through_a_service_is_seen_at_once(mali, national_admin, client_for):
    world = build(mali)
    client = client_for(national_admin)
    assert _installed(client) == 2
    launch = world.gao.methodology_version.steps.get(marks_installation=True)
    record, _ = StepRecord.objects.get_or_create(committee=world.gao, step=launch)
    step_record_update(
        user=national_admin,
        record=record,
        status=StepStatus.DONE,
        actual_on=dt.date(2021, 6, 20),
        today=dt.date(2021, 6, 24),
    )
    assert _installed(client) == 3


def test_a_bulk_write_past_the_services_is_seen_too(mali, national_admin, client_for):
    world = build(mali)
    client = client_for(national_admin)
    assert _installed(client) == 2
    StepRecord.objects.filter(committee=world.bandiagara).update(done_on=None)
    assert _installed(client) == 1
    regional = CommitteeLevel.objects.get(code="regional")
    install(CommitteeFactory(unit=mali.gao, level=regional), dt.date(2021, 6, 1))
    assert _installed(client) == 2


def test_each_user_has_their_own_figures(
    mali, national_admin, mopti_focal_point, gao_secretary, client_for, client
):
    build(mali)
    assert _installed(client_for(national_admin)) == 2
    client.logout()
    # The Gao secretary's scope holds Gao's planned committee only.
    assert _installed(client_for(gao_secretary)) == 0
    client.logout()
    assert _installed(client_for(mopti_focal_point)) == 2
    assert Committee.objects.count() == 4


def test_nothing_is_kept_inside_a_transaction(mali, national_admin):
    from django.db import transaction

    calls = []
    with transaction.atomic():
        for _ in range(2):
            cache.kept_figures(
                lambda: calls.append(1) or {}, user=national_admin, on=BEFORE, region=None
            )
    assert len(calls) == 2
    for _ in range(2):
        cache.kept_figures(lambda: calls.append(1) or {}, user=national_admin, on=BEFORE)
    assert len(calls) == 3
