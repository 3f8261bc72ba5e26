"""A reporter's phone and a member's name planted in Gao: no API answer carries them to
a role that may not see them (the phone: to nobody), and reads of names are audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from siccs.api.tests.conftest import token_client
from siccs.audit.models import AuditEntry
from siccs.citizens.tests.factories import CitizenReportFactory
from siccs.committees.tests.factories import CommitteeFactory, MembershipFactory, PersonFactory
from siccs.core.tests import scope_walker
from siccs.meetings.tests.factories import ConcernFactory, RecommendationFactory, SessionFactory

PHONE = "+22376998877"
NAME = "Oumou Sangaré Témoin"


@pytest.fixture
def planted(mali):
    committee = CommitteeFactory(unit=mali.gao_commune, name="CCS de Gao")
    membership = MembershipFactory(
        committee=committee,
        person=PersonFactory(full_name=NAME, phone=PHONE, organisation=f"Association {NAME}"),
    )
    session = SessionFactory(committee=committee, chair=NAME, minutes_text=f"{NAME} a parlé")
    concern = ConcernFactory(
        committee=committee, description=f"Signalé par {NAME} ({PHONE})", source="citizen"
    )
    CitizenReportFactory(
        commune=mali.gao_commune, reporter_phone=PHONE, description="Vol", concern=concern
    )
    RecommendationFactory(session=session, responsible=NAME, due_on=dt.date(2021, 9, 1))
    return {"committee": committee, "membership": membership, "session": session}


def _api_gets(ids: dict[str, int]) -> list[str]:
    """Every readable API address, objects filled in with the planted ones."""
    urls = []
    for route in scope_walker.routes():
        if route.auth_scheme == "api-token" and route.name:
            world = scope_walker.World(mali=None, kwargs=ids)
            url = scope_walker.concrete_path(route, world)
            if url is not None:
                urls.append(url)
    return urls


def _everything(client, urls) -> str:
    seen = []
    for url in urls:
        for query in ({}, {"on": "2021-07-15"}, {"page_size": 200}):
            response = client.get(url, query)
            if response["Content-Type"].startswith("application/json"):
                # Read as a client does: JSON escapes (\\u00e9) must not hide a name.
                seen.append(json.dumps(response.json(), ensure_ascii=False))
            else:
                seen.append(response.content.decode())
    return "\n".join(seen)


@pytest.mark.parametrize(
    "persona", ["national_analyst", "partner_viewer", "mopti_focal_point", "gao_secretary"]
)
def test_it_never_shows_a_member_name_or_a_reporter_phone_to_those_who_may_not(
    planted, persona, request, mali
):
    user = request.getfixturevalue(persona)
    ids = {
        "committee_id": planted["committee"].pk,
        "session_id": planted["session"].pk,
        "recommendation_id": planted["session"].recommendations.get().pk,
        "unit_id": mali.gao_commune.pk,
        "step_record_id": 1,
    }
    urls = _api_gets(ids)
    assert len(urls) >= 15
    text = _everything(token_client(user), urls)
    assert PHONE not in text and PHONE.replace("+", "") not in text
    if persona == "gao_secretary":
        # In scope with the right to see personal data: names yes, the phone still never.
        assert NAME in text
    else:
        assert NAME not in text


def test_it_shows_names_to_who_may_see_them_and_keeps_a_trace(planted, national_admin):
    committee = planted["committee"]
    response = token_client(national_admin).get(f"/api/v1/committees/{committee.pk}/members")
    assert response.status_code == 200
    member = response.json()["items"][0]
    assert member["full_name"] == NAME
    assert "phone" not in member
    entry = AuditEntry.objects.get(verb="api_read_personal")
    assert entry.user == national_admin
    assert entry.object_id == str(committee.pk) and entry.unit == committee.unit
    assert "members" in entry.reason


def test_it_gives_seats_without_names_to_a_national_analyst(planted, national_analyst):
    committee = planted["committee"]
    response = token_client(national_analyst).get(f"/api/v1/committees/{committee.pk}/members")
    member = response.json()["items"][0]
    assert member["full_name"] is None and member["organisation"] is None
    assert member["category_code"] and member["sex"] == "F"
    assert not AuditEntry.objects.filter(verb="api_read_personal").exists()


def test_the_scope_walk_really_reaches_the_api_with_its_tokens(
    mali, gao_secretary, mopti_focal_point
):
    """The every-URL walk proves nothing if its token calls fail: the outsider's token
    opens every API list, and the Gao secretary's shows the planted secret."""
    world = scope_walker.build_world(mali)
    lists = [r for r in scope_walker.routes() if r.auth_scheme == "api-token" and not r.kwarg_names]
    assert len(lists) >= 9
    outsider = {r.name: scope_walker.client_for_route(r, world, mopti_focal_point) for r in lists}
    insider = {r.name: scope_walker.client_for_route(r, world, gao_secretary) for r in lists}
    seen_secret = False
    for route in lists:
        url = scope_walker.concrete_path(route, world)
        assert outsider[route.name].get(url).status_code in (200, 403), url
        seen_secret |= world.SECRET in scope_walker.body_text(insider[route.name].get(url))
    assert seen_secret
