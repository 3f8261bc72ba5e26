"""The dashboard's funding gap: the partners' rule (siccs.partners.selectors), loaded after
the page for the dashboard's date and region, and only for those who may analyse."""

import datetime as dt

import pytest

from siccs.core.templatetags.siccs import fcfa
from siccs.partners.tests.test_funding_gaps import world  # noqa: F401  (the gaps' world)

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 29)  # the coming quarter is Q1 2027, the world's quarter


def test_the_national_figure_is_the_quarter_after_the_date(world, national_admin, client_for):  # noqa: F811
    response = client_for(national_admin).get("/dashboard/funding-gaps/", {"on": ON.isoformat()})
    assert response.status_code == 200
    gaps = response.context["gaps"]
    # Mopti: Djenné's training; Gao: the commune's launch and training, the regional
    # committee's launch (the world of siccs/partners/tests/test_funding_gaps.py).
    assert (gaps["committees"], gaps["steps"], gaps["amount_fcfa"]) == (3, 8, 15_000_000)
    assert gaps["quarter"].key == "2027-1"
    html = response.content.decode()
    assert fcfa(15_000_000) in html
    assert "/partners/gaps/?on=2026-11-29&amp;quarter=2027-1" in html


def test_a_region_narrows_the_figure(world, national_admin, mali, client_for):  # noqa: F811
    response = client_for(national_admin).get(
        "/dashboard/funding-gaps/", {"on": ON.isoformat(), "region": mali.mopti.pk}
    )
    gaps = response.context["gaps"]
    assert (gaps["committees"], gaps["steps"], gaps["amount_fcfa"]) == (1, 1, 2_500_000)


def test_a_focal_point_gets_the_gaps_of_its_region(world, mopti_focal_point, client_for):  # noqa: F811
    response = client_for(mopti_focal_point).get("/dashboard/funding-gaps/", {"on": ON.isoformat()})
    assert response.context["gaps"]["amount_fcfa"] == 2_500_000


def test_analysts_and_partner_viewers_get_it_a_secretary_does_not(
    world,  # noqa: F811
    national_admin,
    partner_viewer,
    gao_secretary,
    client_for,
):
    assert (
        client_for(gao_secretary).get("/dashboard/funding-gaps/", {"on": ON.isoformat()})
    ).status_code == 403
    national = client_for(national_admin).get("/dashboard/funding-gaps/", {"on": ON.isoformat()})
    # A partner viewer's gap: the committees its partner supports, never more.
    own = client_for(partner_viewer).get("/dashboard/funding-gaps/", {"on": ON.isoformat()})
    assert own.status_code == 200
    mine, everyone = own.context["gaps"], national.context["gaps"]
    assert mine["committees"] <= everyone["committees"]
    assert mine["amount_fcfa"] <= everyone["amount_fcfa"]
    assert mine["quarter"] == everyone["quarter"]


def test_the_dashboard_loads_it_after_the_page_with_a_link_without_javascript(
    world,  # noqa: F811
    national_admin,
    partner_viewer,
    gao_secretary,
    client_for,
):
    html = client_for(national_admin).get("/dashboard/", {"on": ON.isoformat()}).content.decode()
    assert 'hx-get="/dashboard/funding-gaps/?on=2026-11-29"' in html
    assert "/partners/gaps/?on=2026-11-29" in html
    html = client_for(partner_viewer).get("/dashboard/", {"on": ON.isoformat()}).content.decode()
    assert 'hx-get="/dashboard/funding-gaps/?on=2026-11-29"' in html
    html = client_for(gao_secretary).get("/dashboard/", {"on": ON.isoformat()}).content.decode()
    assert "/dashboard/funding-gaps/" not in html
