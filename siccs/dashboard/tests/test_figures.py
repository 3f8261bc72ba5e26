"""Dashboard figures against hand-counted expectations (see world.py)."""

import datetime as dt

import pytest

from siccs.dashboard import selectors
from siccs.dashboard.tests.world import AFTER, BEFORE, build

pytestmark = pytest.mark.django_db


def _states(figures):
    return {cell["state"]: cell["n"] for cell in figures["states"]}


def _region(figures, name):
    row = next(r for r in figures["by_region"] if r["name"] == name)
    return {cell["state"]: cell["n"] for cell in row["cells"] if cell["n"]}


def test_it_counts_committees_by_state_before_the_reform(mali, national_admin):
    build(mali)
    figures = selectors.dashboard_figures(user=national_admin, on=BEFORE)
    assert _states(figures) == {
        "planned": 1,
        "setting_up": 0,
        "stalled": 1,
        "installed": 1,
        "functional": 1,
    }
    assert figures["total"] == 4
    assert figures["installed"] == 2


def test_it_groups_regions_as_they_stood_before_and_after_the_split(mali, national_admin):
    build(mali)
    before = selectors.dashboard_figures(user=national_admin, on=BEFORE)
    assert _region(before, "Mopti") == {"functional": 1, "installed": 1, "stalled": 1}
    assert _region(before, "Gao") == {"planned": 1}
    # In force since 25 November 2020 (the shipped history), empty until the world's reform.
    assert _region(before, "Douentza") == {}

    after = selectors.dashboard_figures(user=national_admin, on=AFTER)
    assert _region(after, "Mopti") == {"installed": 2}
    assert _region(after, "Douentza") == {"stalled": 1}


def test_it_counts_the_target_of_regions_and_communes_in_force(mali, national_admin):
    build(mali)
    before = selectors.dashboard_figures(user=national_admin, on=BEFORE)
    # 19 regions and the District are shipped, all in force since 25 November 2020
    # (the shipped history; Douentza among them, empty until the world's reform).
    assert before["target"]["regions"] == 20
    assert before["target"]["communes"] == 3
    assert before["target"]["installed_regions"] == 1
    assert before["target"]["installed_communes"] == 1
    assert before["target"]["share"] == pytest.approx(2 / 23)
    after = selectors.dashboard_figures(user=national_admin, on=AFTER)
    assert after["target"]["regions"] == 20


def test_it_narrows_to_a_region_as_it_stood_on_the_date(mali, national_admin):
    world = build(mali)
    mopti_2021 = selectors.dashboard_figures(user=national_admin, on=BEFORE, region=mali.mopti)
    assert mopti_2021["total"] == 3
    assert mopti_2021["target"]["total"] == 3  # Mopti itself, Bandiagara, Djenné
    douentza_2025 = selectors.dashboard_figures(
        user=national_admin, on=AFTER, region=world.douentza
    )
    assert douentza_2025["total"] == 1
    assert _states(douentza_2025)["stalled"] == 1


def test_it_accumulates_installations_month_by_month(mali, national_admin):
    build(mali)
    series = selectors.dashboard_figures(user=national_admin, on=BEFORE)["installations"]
    assert [(m["month"], m["total"]) for m in series] == [
        (dt.date(2021, 3, 1), 1),
        (dt.date(2021, 4, 1), 1),
        (dt.date(2021, 5, 1), 2),
        (dt.date(2021, 6, 1), 2),
    ]


def test_it_says_at_which_step_committees_are_stalled(mali, national_admin):
    build(mali)
    figures = selectors.dashboard_figures(user=national_admin, on=BEFORE)
    stalled = [s for s in figures["steps"] if s["stalled"]]
    assert [(s["code"], s["stalled"]) for s in stalled] == [("preparation", 1)]
    assert "state=stalled" in stalled[0]["stalled_url"]
    assert "step=preparation" in stalled[0]["stalled_url"]


def test_it_counts_sessions_per_month(mali, national_admin):
    build(mali)
    figures = selectors.dashboard_figures(user=national_admin, on=BEFORE)
    june = figures["sessions"][-1]
    assert june["month"] == dt.date(2021, 6, 1)
    assert june["total"] == 2
    assert figures["sessions_total"] == 2
    assert len(figures["sessions"]) == selectors.SESSION_MONTHS


def test_it_measures_the_share_of_women_among_members_and_attendees(mali, national_admin):
    build(mali)
    women = selectors.dashboard_figures(user=national_admin, on=BEFORE)["women"]
    # Members in office: Bandiagara 1 woman + 1 man, Gao 1 woman, Mopti 1 woman + 2 men.
    assert (women["members"], women["members_total"]) == (3, 6)
    # Attendees: 1 woman + 1 man present, guests 1 woman + 2 men.
    assert (women["attendees"], women["attendees_total"]) == (2, 5)


def test_it_counts_recommendations_adopted_and_implemented_as_of_the_date(mali, national_admin):
    build(mali)
    before = selectors.dashboard_figures(user=national_admin, on=BEFORE)["recommendations"]
    assert (before["adopted"], before["done"]) == (2, 1)
    after = selectors.dashboard_figures(user=national_admin, on=AFTER)["recommendations"]
    assert (after["adopted"], after["done"]) == (2, 2)


def test_it_counts_concerns_answered_and_the_median_time_to_answer(mali, national_admin):
    build(mali)
    concerns = selectors.dashboard_figures(user=national_admin, on=BEFORE)["concerns"]
    assert (concerns["received"], concerns["answered"]) == (4, 2)
    assert concerns["median_days"] == pytest.approx(7)
    later = selectors.dashboard_figures(user=national_admin, on=AFTER)["concerns"]
    assert later["answered"] == 3
    assert later["median_days"] == pytest.approx(10)


def test_an_out_of_scope_focal_point_never_counts_gao(mali, mopti_focal_point):
    build(mali)
    figures = selectors.dashboard_figures(user=mopti_focal_point, on=BEFORE)
    # Scope follows today's tree: Djenné went to Douentza, so Mopti's focal point no longer
    # sees it; figures of the past are still grouped as the regions then stood.
    assert figures["total"] == 2
    assert {r["name"] for r in figures["by_region"]} == {"Mopti"}
    assert figures["concerns"]["received"] == 3
    assert figures["sessions_total"] == 1
    assert figures["women"]["members_total"] == 5
    assert figures["target"]["total"] == 2


def test_it_counts_partner_coverage(mali, national_admin, partner):
    build(mali, partner=partner)
    figures = selectors.dashboard_figures(user=national_admin, on=BEFORE)
    assert figures["coverage"]["supported"] == 1
    assert figures["coverage"]["without"] == 3
    assert figures["partners"][0]["name"] == "PNUD"
    assert figures["partners"][0]["committees"] == 1
    assert f"partner={partner.pk}" in figures["partners"][0]["url"]


def test_a_partner_viewer_sees_the_committees_its_partner_supports(mali, partner_viewer, partner):
    build(mali, partner=partner)
    figures = selectors.dashboard_figures(user=partner_viewer, on=BEFORE)
    assert figures["total"] == 1  # Djenné, whose preparation the partner supports
    assert figures["reports"]["received"] == 0


def test_it_counts_citizen_reports_answered_and_the_median_time_to_answer(
    mali, national_admin, monkeypatch
):
    from siccs.citizens import services as citizen_services

    def at(day: int, hour: int = 9) -> dt.datetime:
        return dt.datetime(2021, 6, day, hour, tzinfo=dt.UTC)

    # Answered 2 days, 4 hours and 10 days after receipt; the third after 20 June.
    for received, answered in [(at(1), at(3)), (at(2), at(2, 13)), (at(12), at(22))]:
        report = citizen_services.report_submit(
            channel="web", description="Des hommes armés sur la route", received_at=received
        )
        monkeypatch.setattr(citizen_services, "_now", lambda answered=answered: answered)
        citizen_services.report_answer(actor=national_admin, report=report, answer="Vu.")
    citizen_services.report_submit(
        channel="web", description="Vol de bétail au village", received_at=at(15)
    )
    early = selectors.dashboard_figures(user=national_admin, on=dt.date(2021, 6, 20))["reports"]
    assert (early["received"], early["answered"]) == (4, 2)
    assert early["median_days"] == pytest.approx((2 + 4 / 24) / 2)
    late = selectors.dashboard_figures(user=national_admin, on=dt.date(2021, 6, 30))["reports"]
    assert (late["received"], late["answered"]) == (4, 3)
    assert late["median_days"] == pytest.approx(2)
