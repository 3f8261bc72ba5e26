"""Reading through the API: the pages' own selectors, filters, paging, ETag and errors
in one translated shape."""

from __future__ import annotations

import pytest
from django.test import Client

from siccs.api.tests.conftest import token_client
from siccs.committees.selectors import committee_search
from siccs.dashboard.tests import world as dashboard_world

ON = dashboard_world.BEFORE.isoformat()


@pytest.fixture
def small_world(mali, partner):
    return dashboard_world.build(mali, partner=partner)


def test_it_gives_the_state_of_committees_on_a_date_as_the_pages_do(small_world, national_analyst):
    body = token_client(national_analyst).get("/api/v1/committees", {"on": ON}).json()
    states = {c["name"]: c["state"] for c in body["items"]}
    expected = {
        c.name: c.state for c in committee_search(user=national_analyst, on=dashboard_world.BEFORE)
    }
    assert states == expected
    assert states["CCSR de Mopti"] == "functional" and states["CCS de Djenné"] == "stalled"


def test_it_filters_by_territory_pcode_or_id_and_state(small_world, national_analyst, mali):
    client = token_client(national_analyst)
    by_pcode = client.get("/api/v1/committees", {"on": ON, "territory": "ML05"}).json()
    by_id = client.get("/api/v1/committees", {"on": ON, "territory": mali.mopti.pk}).json()
    assert by_pcode["items"] == by_id["items"]
    assert {c["unit"]["pcode"][:4] for c in by_pcode["items"]} == {"ML05"}
    stalled = client.get("/api/v1/committees", {"on": ON, "state": "stalled"}).json()
    assert [c["name"] for c in stalled["items"]] == ["CCS de Djenné"]


def test_it_pages_long_lists(small_world, national_analyst):
    client = token_client(national_analyst)
    first = client.get("/api/v1/committees", {"on": ON, "page_size": 3}).json()
    assert first["count"] == 4 and len(first["items"]) == 3 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["items"]) == 1 and second["next"] is None
    assert second["previous"].endswith("page=1") or "page=1" in second["previous"]


def test_it_answers_304_when_nothing_changed_since_the_etag(small_world, national_analyst):
    client = token_client(national_analyst)
    first = client.get("/api/v1/committees", {"on": ON})
    etag = first["ETag"]
    assert etag and first["Cache-Control"] == "private, no-cache"
    again = client.get("/api/v1/committees", {"on": ON}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    small_world.gao.name = "CCS de Gao (renommé)"
    small_world.gao.save()
    changed = client.get("/api/v1/committees", {"on": ON}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_it_shows_a_partner_only_the_committees_its_partner_supports(small_world, partner_viewer):
    client = token_client(partner_viewer)
    names = [c["name"] for c in client.get("/api/v1/committees", {"on": ON}).json()["items"]]
    assert names == ["CCS de Djenné"]
    # Concerns have no partner rule: none, only the dashboard's counts.
    assert client.get("/api/v1/concerns").json()["count"] == 0


def test_it_answers_404_for_a_committee_outside_the_scope(small_world, mopti_focal_point):
    client = token_client(mopti_focal_point)
    response = client.get(f"/api/v1/committees/{small_world.gao.pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json() == {
        "type": "urn:siccs:problem:not-found",
        "title": "Introuvable",
        "status": 404,
        "detail": "Il n'y a rien ici que vous puissiez voir.",
        "instance": f"/api/v1/committees/{small_world.gao.pk}",
    }
    # An unseen territory in a filter says the same whether it exists or not.
    unknown = client.get("/api/v1/committees", {"territory": "ML07"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "territory"


def test_it_speaks_the_language_of_the_request(national_analyst):
    english = token_client(national_analyst, HTTP_ACCEPT_LANGUAGE="en").get(
        "/api/v1/committees", {"on": "0999-01-01"}
    )
    assert english.status_code == 422
    body = english.json()
    assert body["title"] == "Invalid request" and english["Content-Language"] == "en"
    assert body["errors"][0]["loc"] == ["query", "on"]
    french = token_client(national_analyst).get("/api/v1/committees", {"on": "0999-01-01"})
    assert french.json()["title"] == "Requête invalide"


def test_it_answers_401_and_405_as_problems(national_analyst):
    anonymous = Client().get("/api/v1/committees")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"].startswith("Bearer")
    assert anonymous.json()["type"] == "urn:siccs:problem:unauthenticated"
    wrong = Client(HTTP_AUTHORIZATION="Bearer siccs_not-a-token").get("/api/v1/committees")
    assert wrong.status_code == 401
    method = token_client(national_analyst).delete("/api/v1/committees")
    assert method.status_code == 405 and method["Allow"] == "GET"
    assert method.json()["type"] == "urn:siccs:problem:method-not-allowed"


def test_it_gives_the_history_of_a_unit(small_world, national_analyst, mali):
    client = token_client(national_analyst)
    cercle = client.get(f"/api/v1/territory/units/{mali.djenne_cercle.pk}").json()
    assert [(v["parent_id"], v["valid_to"]) for v in cercle["versions"]] == [
        (mali.mopti.pk, "2024-09-01"),
        (small_world.douentza.pk, None),
    ]
    mopti = client.get(f"/api/v1/territory/units/{mali.mopti.pk}").json()
    events = [(e["kind"], e["date"], e["result_ids"]) for e in mopti["events"]]
    # The shipped history: Douentza carved out of Mopti in 2020, then the test's reform.
    assert ("creation", "2020-11-25", [small_world.douentza.pk]) in events
    assert events[-1] == ("split", "2024-09-01", [small_world.douentza.pk])


def test_it_reads_indicators_with_the_dashboards_figures(small_world, national_analyst):
    body = token_client(national_analyst).get("/api/v1/indicators", {"on": ON}).json()
    assert body["committees"] == 4 and body["states"]["functional"] == 1
    assert body["concerns_received"] == 4 and body["concerns_median_days"] == 7.0
    # Every region in force is listed, zeros included (regions created in 2020 have no
    # 2015 P-code); the committees are in Mopti and Gao.
    rows = body["by_region"]
    assert len(rows) == 20
    assert {r["pcode"] for r in rows if r["total"]} == {"ML05", "ML07"}


def test_it_reads_a_session_without_names_for_an_analyst(small_world, national_analyst):
    small_world.session.chair = "Amadou Diallo"
    small_world.session.save()
    body = token_client(national_analyst).get(f"/api/v1/sessions/{small_world.session.pk}").json()
    assert body["chair"] is None
    assert body["figures"]["present"] == 2 and body["figures"]["guest_men"] == 2


@pytest.mark.parametrize(
    "url",
    ["/api/v1/committees", "/api/v1/sessions", "/api/v1/concerns", "/api/v1/recommendations"],
)
def test_it_reads_a_list_in_a_fixed_number_of_queries(
    small_world, national_admin, url, django_assert_max_num_queries
):
    client = token_client(national_admin)
    with django_assert_max_num_queries(14):
        assert client.get(url, {"page_size": 200}).status_code == 200
