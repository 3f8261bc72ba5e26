"""The search box: what a user may see, found without accents or capitals, nothing else."""

from __future__ import annotations

import datetime as dt

import pytest

from siccs.citizens.tests.factories import CitizenReportFactory
from siccs.committees.reference import ensure_reference_data
from siccs.committees.tests.factories import CommitteeFactory, MembershipFactory, PersonFactory
from siccs.meetings.tests.factories import ConcernFactory, RecommendationFactory, SessionFactory
from siccs.rollout.reference import ensure_default_methodology
from siccs.search.folding import FOLD_FROM, FOLD_TO, Fold, fold
from siccs.territory.models import AdministrativeUnit

URL = "/search/"


@pytest.fixture(autouse=True)
def reference(db):
    ensure_reference_data()
    ensure_default_methodology()


@pytest.fixture
def world(mali):
    djenne = CommitteeFactory(unit=mali.djenne, name="CCS de Djenné")
    gao = CommitteeFactory(unit=mali.gao_commune, name="CCS de Gao")
    MembershipFactory(committee=djenne, person=PersonFactory(full_name="Aïssata Maïga"))
    MembershipFactory(committee=gao, person=PersonFactory(full_name="Aminata Maïga"))
    session = SessionFactory(committee=djenne, held_on=dt.date(2021, 7, 1))
    gao_session = SessionFactory(committee=gao, held_on=dt.date(2021, 7, 1))
    ConcernFactory(committee=djenne, title="Vols de bétail près du marché de Djenné")
    ConcernFactory(committee=gao, title="Vols de bétail sur la route de Bourem")
    RecommendationFactory(session=session, text="Créer un comité de vigilance au marché")
    RecommendationFactory(session=gao_session, text="Créer une brigade mobile au marché")
    return {"djenne": djenne, "gao": gao}


def titles(response, key: str) -> list[str]:
    groups = {g.key: g for g in response.context["groups"]}
    return [h.title for h in groups[key].hits] if key in groups else []


@pytest.mark.parametrize("typed", ["djenne", "DJENNE", "Djenné", "  djenné  ", "ccs djen"])
def test_it_finds_a_committee_without_accents_or_capitals(
    client_for, mopti_focal_point, world, typed
):
    response = client_for(mopti_focal_point).get(URL, {"q": typed})
    assert titles(response, "committees") == ["CCS de Djenné"]


def test_it_finds_a_committee_by_the_name_of_its_commune(client_for, mopti_focal_point, world):
    world["djenne"].name = "CCSC du cercle"
    world["djenne"].save()
    response = client_for(mopti_focal_point).get(URL, {"q": "djenne"})
    assert titles(response, "committees") == ["CCSC du cercle"]


def test_it_never_finds_what_lies_outside_the_users_scope(client_for, mopti_focal_point, world):
    client = client_for(mopti_focal_point)
    for typed in ("gao", "bourem", "brigade", "aminata"):
        response = client.get(URL, {"q": typed})
        assert response.context["groups"] == [], typed
        assert "Gao" not in response.content.decode().split('id="main"')[1]


def test_it_needs_every_word(client_for, national_admin, world):
    client = client_for(national_admin)
    found = titles(client.get(URL, {"q": "vols betail"}), "concerns")
    assert sorted(found) == [
        "Vols de bétail près du marché de Djenné",
        "Vols de bétail sur la route de Bourem",
    ]
    assert titles(client.get(URL, {"q": "betail bourem"}), "concerns") == [
        "Vols de bétail sur la route de Bourem"
    ]
    assert titles(client.get(URL, {"q": "vigilance marche"}), "recommendations") == [
        "Créer un comité de vigilance au marché"
    ]


def test_it_finds_members_only_for_those_who_may_see_names(
    client_for, mopti_focal_point, national_analyst, partner_viewer, world
):
    response = client_for(mopti_focal_point).get(URL, {"q": "maiga"})
    assert titles(response, "members") == ["Aïssata Maïga"]
    for user in (national_analyst, partner_viewer):
        response = client_for(user).get(URL, {"q": "maiga"})
        assert titles(response, "members") == []
        assert "Maïga" not in response.content.decode().split('id="main"')[1]


def test_it_finds_a_citizen_report_by_its_tracking_code_for_triage(
    client_for, mopti_focal_point, national_analyst, mali, world
):
    report = CitizenReportFactory(commune=mali.djenne)
    gao_report = CitizenReportFactory(commune=mali.gao_commune)
    client = client_for(mopti_focal_point)
    for typed in (report.tracking_code, report.tracking_code.replace("-", "").lower()):
        response = client.get(URL, {"q": typed})
        assert titles(response, "reports") == [report.tracking_code]
        assert f"/signalements/{report.pk}/" in response.content.decode()
    assert titles(client.get(URL, {"q": gao_report.tracking_code}), "reports") == []
    # Analysts read figures, not reports.
    analyst = client_for(national_analyst).get(URL, {"q": report.tracking_code})
    assert titles(analyst, "reports") == []


def test_it_finds_users_for_administrators_only(
    client_for, national_admin, mopti_focal_point, gao_secretary
):
    gao_secretary.first_name, gao_secretary.last_name = "Sékou", "Traoré"
    gao_secretary.save()
    assert titles(client_for(national_admin).get(URL, {"q": "sekou"}), "users") == ["Sékou Traoré"]
    assert titles(client_for(mopti_focal_point).get(URL, {"q": "sekou"}), "users") == []


def test_it_asks_for_two_characters(client_for, mopti_focal_point, world):
    response = client_for(mopti_focal_point).get(URL, {"q": "d"})
    assert response.context["groups"] == [] and response.context["too_short"]
    assert "au moins 2 caractères" in response.content.decode()


def test_it_searches_in_one_query_per_group(
    client_for, national_admin, world, django_assert_max_num_queries
):
    client = client_for(national_admin)
    client.get("/")
    with django_assert_max_num_queries(10):
        client.get(URL, {"q": "marche"})


def test_it_shows_the_box_in_the_header_of_every_page(client_for, mopti_focal_point):
    page = client_for(mopti_focal_point).get("/committees/").content.decode()
    assert 'role="search"' in page and 'action="/search/"' in page


def test_it_folds_the_same_way_in_python_and_in_the_database(mali):
    name = f"x {FOLD_FROM} Ségou N’Tossoni"
    AdministrativeUnit.objects.filter(pk=mali.gao.pk).update(name=name)
    folded = (
        AdministrativeUnit.objects.filter(pk=mali.gao.pk)
        .annotate(f=Fold("name"))
        .values_list("f", flat=True)
        .get()
    )
    assert folded == fold(name) == f"x {FOLD_TO} segou n'tossoni"


def test_the_scope_walker_searches_for_what_gao_hides(mali, gao_secretary):
    # The every-URL walk types these words in the search box as the Mopti outsider; as
    # the Gao secretary, they find the Gao objects, so the walk is not vacuous.
    from django.test import Client

    from siccs.core.tests import scope_walker

    world = scope_walker.build_world(mali)
    client = Client()
    client.force_login(gao_secretary)
    searched = [q for q in world.queries if "q" in q]
    assert len(searched) == 3
    found = {g.key for q in searched for g in client.get(URL, q).context["groups"]}
    assert {"committees", "members", "concerns", "recommendations", "reports"} <= found
