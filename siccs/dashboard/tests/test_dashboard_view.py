"""The dashboard page: figures linked to their lists, a fixed number of queries."""

import pytest
from django.urls import reverse

from siccs.dashboard.tests.world import BEFORE, build


def test_it_is_where_logged_in_users_land(client, national_admin):
    national_admin.set_password("demo-password-1")
    national_admin.save()
    response = client.post(
        reverse("login"),
        {"username": national_admin.username, "password": "demo-password-1"},
        follow=True,
    )
    # National roles land on the dashboard through their home (siccs.home).
    assert response.redirect_chain[-1][0] == reverse("dashboard:dashboard")


def test_it_is_in_the_menu(client_for, mopti_focal_point):
    response = client_for(mopti_focal_point).get(reverse("dashboard:dashboard"))
    assert f'href="{reverse("dashboard:dashboard")}"' in response.content.decode()


def test_it_answers_in_at_most_15_queries(
    mali, client_for, national_admin, partner, django_assert_max_num_queries
):
    build(mali, partner=partner)
    client = client_for(national_admin)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("dashboard:dashboard"), {"on": BEFORE.isoformat()})
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("dashboard:dashboard"), {"on": BEFORE.isoformat(), "region": mali.mopti.pk}
        )
    assert response.status_code == 200


@pytest.mark.serial  # the figures kept: see test_cache.py
def test_a_computed_page_with_its_cache_check_answers_in_at_most_15_queries(
    transactional_db, mali, client_for, national_admin, partner, django_assert_max_num_queries
):
    # Outside a test transaction, as in production: the page asks the database whether
    # anything changed (dashboard.cache) before and after computing its figures, and the
    # satisfaction table is read with the other figures, not by a query of its own.
    from siccs.dashboard import cache
    from siccs.dashboard.tests.world import satisfaction_answers

    build(mali, partner=partner)
    satisfaction_answers(mali)
    cache.forget()
    client = client_for(national_admin)
    with django_assert_max_num_queries(15) as computed:
        response = client.get(reverse("dashboard:dashboard"), {"on": BEFORE.isoformat()})
    html = response.content.decode()
    assert 'id="satisfaction"' in html and "Bandiagara" in html.split('id="satisfaction"')[1]
    assert any("pg_current_snapshot" in q["sql"] or "data_version" in q["sql"] for q in computed)
    with django_assert_max_num_queries(5):  # the figures kept: session, user, cache check
        response = client.get(reverse("dashboard:dashboard"), {"on": BEFORE.isoformat()})
    assert response.content.decode().count("Bandiagara") == html.count("Bandiagara")


def test_every_state_figure_links_to_the_list_filtered_the_same_way(
    mali, client_for, national_admin
):
    build(mali)
    html = (
        client_for(national_admin)
        .get(reverse("dashboard:dashboard"), {"on": BEFORE.isoformat()})
        .content.decode()
    )
    list_url = reverse("committees:committee_list")
    assert f'href="{list_url}?on=2021-06-25&amp;state=stalled"' in html
    assert f"{list_url}?on=2021-06-25&amp;state=functional&amp;region={mali.mopti.pk}" in html


def test_the_committees_list_shows_what_the_figure_counts(mali, client_for, national_admin):
    build(mali)
    client = client_for(national_admin)
    response = client.get(
        reverse("committees:committee_list"),
        {"on": BEFORE.isoformat(), "state": "stalled"},
    )
    assert "CCS de Djenné" in response.content.decode()
    assert "CCSR de Mopti" not in response.content.decode()


def test_a_focal_point_dashboard_never_counts_gao(mali, client_for, mopti_focal_point):
    build(mali)
    html = (
        client_for(mopti_focal_point)
        .get(reverse("dashboard:dashboard"), {"on": BEFORE.isoformat(), "region": mali.gao.pk})
        .content.decode()
    )
    # The region filter is for national users: Gao stays out of the focal point's figures.
    list_url = reverse("committees:committee_list")
    assert f"{list_url}?on=2021-06-25&amp;state=planned&amp;region={mali.gao.pk}" not in html
    assert ">Gao<" not in html
    # Mopti regional and Bandiagara; Djenné is in Douentza's territory today.
    assert f'<a class="card" href="{list_url}?on=2021-06-25"><strong>2</strong>' in html


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_renders_in_both_languages(mali, client_for, national_admin, language):
    build(mali)
    client = client_for(national_admin)
    client.cookies["django_language"] = language
    response = client.get(reverse("dashboard:dashboard"), headers={"accept-language": language})
    assert response.status_code == 200


def test_the_target_card_links_plural_states_and_the_date_field_shows_today(
    mali, national_admin, client_for
):
    import datetime as dt

    html = client_for(national_admin).get("/dashboard/").content.decode()
    assert ">installés</a> · <a" in html and ">fonctionnels</a>" in html
    assert f'value="{dt.date.today().isoformat()}"' in html
