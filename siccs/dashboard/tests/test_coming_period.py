"""One coming period for the funding gaps, named wherever they are shown: the dashboard,
the gap page and the progress report give the same figures for the same date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from siccs.dashboard import report
from siccs.partners.selectors import Quarter, coming_period
from siccs.partners.tests.test_funding_gaps import world  # noqa: F401  (the gaps' world)

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 29)  # the coming period is Q1 2027, the world's quarter


def test_the_coming_period_is_the_calendar_quarter_after_the_date():
    assert coming_period(dt.date(2021, 6, 25)) == Quarter(2021, 3)
    assert coming_period(dt.date(2021, 6, 30)) == Quarter(2021, 3)
    assert coming_period(dt.date(2021, 7, 1)) == Quarter(2021, 4)
    assert coming_period(dt.date(2026, 12, 31)) == Quarter(2027, 1)


def test_dashboard_gap_page_and_report_give_the_same_figures(
    world,  # noqa: F811
    national_admin,
    client_for,
):
    client = client_for(national_admin)
    dashboard = client.get("/dashboard/funding-gaps/", {"on": ON.isoformat()})
    page = client.get("/partners/gaps/", {"on": ON.isoformat()})
    with translation.override("fr"):
        context = report.build_context(user=national_admin, on=ON)
    summary, gaps, reported = dashboard.context["gaps"], page.context["gaps"], context["gaps"]

    assert summary["quarter"] == gaps["quarter"] == reported["period"] == Quarter(2027, 1)
    figures = {
        "dashboard": (
            summary["committees"],
            summary["steps"],
            summary["amount_fcfa"],
            summary["unknown"],
        ),
        "gap page": (gaps["committees"], gaps["steps"], gaps["cost"], gaps["unknown"]),
        "report": (
            reported["committees"],
            reported["steps"],
            reported["cost"],
            reported["unknown"],
        ),
    }
    # Mopti: Djenné's training; Gao: the commune's launch and training, and five steps of
    # the regional committee not scheduled yet, of which only the launch has a unit cost.
    assert set(figures.values()) == {(3, 8, 15_000_000, 4)}, figures


def test_each_names_the_period(world, national_admin, client_for):  # noqa: F811
    client = client_for(national_admin)
    fragment = client.get("/dashboard/funding-gaps/", {"on": ON.isoformat()}).content.decode()
    page = client.get("/partners/gaps/", {"on": ON.isoformat()}).content.decode()
    named = "T1 2027 (du 1 janvier 2027 au 31 mars 2027)"
    assert f"Période à venir : {named}" in fragment
    assert "4 étapes de coût inconnu" in fragment
    assert f"La période à venir : {named}" in page
    assert 'id="gap-unknown"' in page
    with translation.override("fr"):
        context = report.build_context(user=national_admin, on=ON)
    titles = [s.title for s in context["sections"]]
    assert f"Perspectives pour la période à venir : {named}" in titles
    assert report.gap_statement(context["gaps"]).startswith(named)


def test_another_quarter_asked_on_the_gap_page_is_not_called_the_coming_one(
    world,  # noqa: F811
    national_admin,
    client_for,
):
    page = client_for(national_admin).get(
        "/partners/gaps/", {"on": ON.isoformat(), "quarter": "2027-2"}
    )
    assert page.context["gaps"]["quarter"] == Quarter(2027, 2)
    assert "La période à venir" not in page.content.decode()
