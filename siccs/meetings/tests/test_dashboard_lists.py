"""The lists behind the dashboard's figures count what the dashboard counts, for the same
date and region, the region taken as the territory stood on that date.

The world is the dashboard's (siccs/dashboard/tests/world.py): on 1 September 2024 the
Djenné cercle leaves Mopti for the new Douentza region. Here the Djenné committee also
meets, receives concerns and adopts a recommendation before and after the reform.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from siccs.dashboard.presentation import activity_links
from siccs.dashboard.selectors import dashboard_figures
from siccs.dashboard.tests.world import AFTER, BEFORE, build
from siccs.meetings import denormalised
from siccs.meetings.models import (
    ConcernStatus,
    ConcernStatusChange,
    FollowUp,
    RecommendationStatus,
)
from siccs.meetings.tests.factories import ConcernFactory, RecommendationFactory, SessionFactory


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)


@pytest.fixture
def world(mali):
    world = build(mali)
    djenne = world.djenne
    # Sessions of Djenné: in Mopti's time, and in Douentza's (inside the 24 months).
    world.djenne_2021 = SessionFactory(committee=djenne, held_on=dt.date(2021, 6, 15))
    world.djenne_2024 = SessionFactory(committee=djenne, held_on=dt.date(2024, 11, 5))
    # A recommendation adopted in 2021, done in 2024.
    recommendation = RecommendationFactory(session=world.djenne_2021)
    FollowUp.objects.create(
        recommendation=recommendation, on=dt.date(2024, 10, 1), status=RecommendationStatus.DONE
    )
    # Concerns of Djenné: one answered in June 2021, one received after the reform, and a
    # duplicate merged into the first (counted once by the dashboard).
    answered = ConcernFactory(committee=djenne, received_on=dt.date(2021, 6, 12))
    ConcernStatusChange.objects.create(
        concern=answered, status=ConcernStatus.ANSWERED, at=_at(dt.date(2021, 6, 18))
    )
    ConcernFactory(committee=djenne, received_on=dt.date(2021, 6, 14), duplicate_of=answered)
    ConcernFactory(committee=djenne, received_on=dt.date(2024, 12, 2))
    denormalised.refresh_all()
    return world


def _cases(mali, world):
    """(date, region) pairs, the Djenné cercle counting under Mopti, then Douentza."""
    return [
        (BEFORE, None),
        (BEFORE, mali.mopti),
        (BEFORE, mali.gao),
        (BEFORE, world.douentza),
        (AFTER, None),
        (AFTER, mali.mopti),
        (AFTER, world.douentza),
    ]


def _count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_it_counts_the_sessions_of_the_dashboard_figure_for_each_date_and_region(
    mali, world, national_admin, client_for
):
    client = client_for(national_admin)
    seen = []
    for on, region in _cases(mali, world):
        figures = dashboard_figures(user=national_admin, on=on, region=region)
        url = activity_links(figures)["sessions"]
        assert "from=" in url and f"to={on.isoformat()}" in url
        count = _count(client, url)
        assert count == figures["sessions_total"], (on, region)
        seen.append(count)
    # Hand-counted: June 2021 has Mopti, Gao and Djenné's sessions; after the reform only
    # Djenné's of November 2024 lies in the 24 months, under Douentza.
    assert seen == [3, 2, 1, 0, 1, 0, 1]


def test_it_puts_a_moved_commune_under_the_region_of_the_end_date(
    mali, world, national_admin, client_for
):
    client = client_for(national_admin)
    url = reverse("meetings:session_list")
    whole = {"from": "2021-01-01"}
    # The same period, read with the structure of 2021 or with today's one.
    in_mopti_2021 = _count(
        client, f"{url}?{urlencode({**whole, 'to': '2021-12-31', 'region': mali.mopti.pk})}"
    )
    in_douentza_2025 = _count(
        client, f"{url}?{urlencode({**whole, 'to': AFTER, 'region': world.douentza.pk})}"
    )
    in_mopti_2025 = _count(
        client, f"{url}?{urlencode({**whole, 'to': AFTER, 'region': mali.mopti.pk})}"
    )
    assert in_mopti_2021 == 2  # Mopti regional and Djenné, June 2021
    assert in_douentza_2025 == 2  # Djenné's two sessions, both under Douentza now
    assert in_mopti_2025 == 1  # Mopti regional only


def test_it_counts_the_concerns_of_the_dashboard_figures(mali, world, national_admin, client_for):
    client = client_for(national_admin)
    url = reverse("meetings:concern_search")
    seen = []
    for on, region in _cases(mali, world):
        figures = dashboard_figures(user=national_admin, on=on, region=region)
        query = {"to": on.isoformat(), **({"region": region.pk} if region else {})}
        received = _count(client, f"{url}?{urlencode(query)}")
        answered = _count(client, f"{url}?{urlencode({**query, 'answered': 1})}")
        assert received == figures["concerns"]["received"], (on, region)
        assert answered == figures["concerns"]["answered"], (on, region)
        seen.append((received, answered))
    # Mopti's three (two answered by 25 June), Gao's one, Djenné's (the duplicate left
    # out); after the reform Djenné's two go to Douentza.
    assert seen == [(5, 3), (4, 3), (1, 0), (0, 0), (6, 4), (3, 3), (2, 1)]


def test_it_counts_the_recommendations_of_the_board_as_the_dashboard(
    mali, world, national_admin, client_for
):
    client = client_for(national_admin)
    seen = []
    for on, region in _cases(mali, world):
        figures = dashboard_figures(user=national_admin, on=on, region=region)
        links = activity_links(figures)
        adopted = client.get(links["recommendations"]).context["figures"]["total"]
        done = client.get(links["recommendations_done"]).context["figures"]["total"]
        assert adopted == figures["recommendations"]["adopted"], (on, region)
        assert done == figures["recommendations"]["done"], (on, region)
        seen.append((adopted, done))
    assert seen == [(3, 1), (3, 1), (0, 0), (0, 0), (3, 3), (2, 2), (1, 1)]


def test_the_board_takes_the_region_as_it_stood_on_its_date(
    mali, world, national_admin, client_for
):
    client = client_for(national_admin)
    url = reverse("meetings:board")

    def texts(on, region):
        response = client.get(url, {"on": on.isoformat(), "region": region.pk})
        return [r.session.committee_id for r in response.context["page"]]

    assert world.djenne.pk in texts(BEFORE, mali.mopti)
    assert world.djenne.pk not in texts(AFTER, mali.mopti)
    assert texts(AFTER, world.douentza) == [world.djenne.pk]
    assert texts(BEFORE, world.douentza) == []


def test_the_session_list_shows_its_active_filters(mali, world, national_admin, client_for):
    response = client_for(national_admin).get(
        reverse("meetings:session_list"),
        {"from": "2021-06-01", "to": "2021-06-25", "region": mali.mopti.pk, "kind": "ordinary"},
    )
    html = response.content.decode()
    assert 'value="2021-06-01"' in html and 'value="2021-06-25"' in html
    assert f'<option value="{mali.mopti.pk}" selected>' in html
    assert '<option value="ordinary" selected>' in html
    count = html.split('id="list-count">', 1)[1].split("</p>", 1)[0]
    assert "Mopti" in count and "2021" in count
    assert response.context["page"].paginator.count == 2


def test_a_period_ending_before_it_starts_lists_nothing_and_says_why(
    mali, world, national_admin, client_for
):
    response = client_for(national_admin).get(
        reverse("meetings:session_list"), {"from": "2021-07-01", "to": "2021-06-01"}
    )
    assert response.context["page"].paginator.count == 0
    assert response.context["form"].errors["to"]


def test_the_session_list_stays_a_fixed_number_of_queries_with_a_region(
    mali, world, national_admin, client_for, django_assert_max_num_queries
):
    client = client_for(national_admin)
    for day in range(1, 20):
        SessionFactory(committee=world.djenne, held_on=dt.date(2024, 10, day))
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("meetings:session_list"),
            {"from": "2024-01-01", "to": AFTER.isoformat(), "region": world.douentza.pk},
        )
    assert response.context["page"].paginator.count == 20
