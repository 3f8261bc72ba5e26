"""Coverage per region (installed and functional committees against the target of the
date) on the dashboard, the map and in the report, with the blocked or late steps of each
lagging region; every region in force on the date in every region table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from siccs.dashboard import maps, report
from siccs.dashboard.selectors import dashboard_figures
from siccs.dashboard.tests.world import BEFORE, build
from siccs.rollout.models import StepRecord, StepStatus
from siccs.rollout.selectors import lagging_records, perspectives

pytestmark = pytest.mark.django_db
REASON = "Autorité régionale non réinstallée : contact impossible"


@pytest.fixture
def world(mali, partner):
    world = build(mali, partner=partner)
    steps = {s.code: s for s in world.gao.methodology_version.steps.all()}
    # Gao: its preparation blocked since 10 June 2021, its identification late (planned
    # for 1 June, not done).
    StepRecord.objects.create(
        committee=world.gao,
        step=steps["preparation"],
        status=StepStatus.BLOCKED,
        blocked_on=dt.date(2021, 6, 10),
        blocked_reason=REASON,
    )
    StepRecord.objects.create(
        committee=world.gao,
        step=steps["identification"],
        status=StepStatus.PLANNED,
        planned_on=dt.date(2021, 6, 1),
    )
    # Not late: the regular sessions of functional Mopti (optional, followed by the
    # functional state) and a first session planned after the date.
    StepRecord.objects.create(
        committee=world.mopti,
        step=steps["regular-sessions"],
        status=StepStatus.PLANNED,
        planned_on=dt.date(2021, 5, 1),
    )
    StepRecord.objects.create(
        committee=world.bandiagara,
        step=steps["first-session"],
        status=StepStatus.PLANNED,
        planned_on=dt.date(2021, 8, 1),
    )
    return world


def _row(figures, name):
    return next(r for r in figures["by_region"] if r["name"] == name)


def test_each_region_has_its_coverage_against_the_target_of_the_date(world, national_admin):
    f = dashboard_figures(user=national_admin, on=BEFORE)
    mopti = _row(f, "Mopti")
    # Target in Mopti on 25 June 2021: the region and its communes Bandiagara and Djenné.
    assert (mopti["target"], mopti["installed"], mopti["functional"]) == (3, 2, 1)
    assert (round(mopti["share"], 2), round(mopti["functional_share"], 2)) == (0.67, 0.33)
    gao = _row(f, "Gao")
    assert (gao["target"], gao["installed"], gao["share"]) == (2, 0, 0)
    assert sum(r["target"] for r in f["by_region"]) == f["target"]["total"]


def test_every_region_in_force_is_listed_zeros_included(world, national_admin, client_for):
    f = dashboard_figures(user=national_admin, on=BEFORE)
    names = [r["name"] for r in f["by_region"]]
    in_force = sorted(r["name"] for r in f["regions"] if r["in_force"])
    assert sorted(names) == in_force
    # In force since 25 November 2020 (the shipped history), with no committee yet.
    douentza = _row(f, "Douentza")
    assert (douentza["total"], douentza["installed"]) == (0, 0)
    kayes = _row(f, "Kayes")
    assert (kayes["total"], kayes["installed"], kayes["target"]) == (0, 0, 1)
    page = client_for(national_admin).get("/dashboard/", {"on": BEFORE.isoformat()})
    html = page.content.decode()
    # In the dashboard's "Committees by region" table and in the coverage table.
    assert html.count(">Kayes</a></th>") == 2


def test_a_lagging_region_names_its_blocked_steps_with_reasons_and_its_late_steps(
    world, national_admin, client_for
):
    f = dashboard_figures(user=national_admin, on=BEFORE)
    gao, mopti = _row(f, "Gao"), _row(f, "Mopti")
    assert gao["lagging"] and not mopti["lagging"]
    reasons = {(i["blocked"], i["step"]): i for i in gao["reasons"]}
    blocked = reasons[True, "Préparation et contact avec l'autorité"]
    assert (blocked["n"], blocked["reasons"]) == (1, [REASON])
    assert reasons[False, "Information et identification des membres"]["n"] == 1
    # Mopti's optional regular sessions are not late; Bandiagara's first session is to come.
    assert mopti["reasons"] == []
    html = client_for(national_admin).get("/dashboard/", {"on": BEFORE.isoformat()})
    coverage = html.content.decode().split('id="coverage"')[1].split("</section>")[0]
    assert REASON in coverage
    assert 'class="lagging"' in coverage
    # Before the blockage, it was not blocked.
    earlier = dashboard_figures(user=national_admin, on=dt.date(2021, 6, 5))
    assert all(not i["blocked"] for i in _row(earlier, "Gao")["reasons"])


def test_the_report_gives_coverage_and_the_reasons_of_lagging_regions(world, national_admin):
    with translation.override("fr"):
        context = report.build_context(user=national_admin, on=BEFORE)
    rows = {r[0]: r for r in context["tables"]["coverage"].rows}
    assert rows["Mopti"][1:6] == [3, 2, 1, 67, 33]
    assert rows["Mopti"][6] == ""  # not lagging
    assert rows["Gao"][1:6] == [2, 0, 0, 0, 0]
    assert REASON in rows["Gao"][6]
    assert "1 bloquée (" in rows["Gao"][6]
    assert "1 en retard, à l'étape Information et identification des membres" in rows["Gao"][6]


def test_the_map_colours_each_region_by_coverage_and_writes_it(world, national_admin, mali):
    from siccs.territory.models import AdministrativeUnit

    # Mopti and Gao at their centres; the shipped regions may have neither boundary nor
    # centre in this small Mali.
    AdministrativeUnit.objects.filter(pk=mali.mopti.pk).update(centre_lat=14.5, centre_lon=-4.2)
    AdministrativeUnit.objects.filter(pk=mali.gao.pk).update(centre_lat=16.3, centre_lon=-0.05)
    f = dashboard_figures(user=national_admin, on=BEFORE)
    data = maps.region_map_data(f)
    drawing = maps.map_drawing(**{k: v for k, v in data.items() if k not in ("title", "desc")})
    drawn = {u.label.split(" :")[0]: u for u in [*drawing.areas, *drawing.points]}
    # Every region of the table is on the map or named under it, never left out.
    assert {r["name"] for r in f["by_region"]} == set(drawn) | set(drawing.unplaced)
    assert drawn["Mopti"].colour == maps.coverage_colour(2 / 3)
    assert drawn["Mopti"].note == "67\u202f%"
    assert drawn["Gao"].colour == maps.coverage_colour(0)
    assert drawn["Gao"].note == "0\u202f%"
    svg = maps.region_map(f)
    assert "Mopti : 2 installés sur 3 (67\u202f%)" in svg
    assert ">67\u202f%</text>" in svg
    assert maps.coverage_colour(None) != maps.coverage_colour(0) != maps.coverage_colour(1)


def test_perspectives_count_only_steps_really_late(world, national_admin):
    late = set(lagging_records(BEFORE).values_list("committee__name", "step__code"))
    assert late == {(world.gao.name, "preparation"), (world.gao.name, "identification")}
    table = perspectives(user=national_admin, today=BEFORE)
    overdue = {r["region"]: r["cells"][0] for r in table["rows"]}
    assert overdue.get("Mopti", 0) == 0
    assert overdue["Gao"] == 1  # identification; the blocked preparation has no planned date
