"""Every meetings URL, walked as users who must not see Gao's data (the project-wide walker
runs the same check on every app; this one keeps the meetings pages honest on their own)."""

from __future__ import annotations

import pytest

from siccs.core.tests import scope_walker


@pytest.fixture
def world(mali, gao_secretary):
    return scope_walker.build_world(mali)


@pytest.fixture
def users(mopti_focal_point, national_analyst, partner_viewer):
    return {"outsider": mopti_focal_point, "analyst": national_analyst, "partner": partner_viewer}


def test_it_hides_gao_meetings_from_outsiders_and_names_from_viewers(world, users):
    assert scope_walker.violations(world, users, prefixes=("sessions/",)) == []


def test_it_walks_every_meetings_url():
    names = {r.name for r in scope_walker.routes() if r.name.startswith("meetings:")}
    assert len(names) == 20
