"""A later COD-AB edition imported over a tree that holds committees with their histories.

The edition is built from the real 2015 files, as OCHA would publish it after a reform
dated 1 October 2024: the cercle of Gourma-Rharous leaves Tombouctou for a new region,
Gourma, with new P-codes for it and its communes; the cercle of Niafunké is renamed
Léré and the commune of Femaye Fémaye-Ouro; the cercle of Koro is split into Koro Nord
and Koro Sud; Youwarou and Ténenkou are merged into Youwarou-Ténenkou. The plan must
list exactly these events, confirming it must duplicate nothing, and a committee of
Rharous must count under Tombouctou before that date and under Gourma after it, on the
dashboard, the committee list, its exports and the report.
"""

import csv
import datetime as dt
import io
import json

import pytest
import shapely
from django.db.models import Count
from django.urls import reverse
from openpyxl import load_workbook
from shapely.geometry import mapping, shape

from conftest import shared_data
from siccs.committees.tests.factories import CommitteeFactory, MembershipFactory, install
from siccs.dashboard.report import build_context, render_xlsx
from siccs.dashboard.selectors import dashboard_figures
from siccs.meetings.tests.factories import SessionFactory
from siccs.territory.importers import import_boundaries
from siccs.territory.models import (
    AdministrativeUnit,
    EventKind,
    Level,
    TerritorialEvent,
    UnitVersion,
)
from siccs.territory.selectors import ancestor_at_level_map

pytestmark = pytest.mark.django_db

COD = shared_data("mali-cod-ab-2015")
EDITION = "2024-10-01"
REFORM = dt.date(2024, 10, 1)
BEFORE = dt.date(2024, 6, 30)
AFTER = dt.date(2025, 1, 15)
DECREE = "Décret n°2024-0555/PT-RM du 1er octobre 2024 (exemple de test)"
SPLIT = {"Koro Nord": "ML0509", "Koro Sud": "ML0510"}


def files_2015() -> dict[str, dict]:
    return {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(COD.glob("mli_admbnda_adm*.geojson"))
    }


def later_edition() -> list[tuple[str, bytes]]:
    """The 2015 GeoJSON files changed as the module docstring says."""
    docs = files_2015()
    adm1, adm2, adm3 = (docs[f"mli_admbnda_adm{n}.geojson"]["features"] for n in (1, 2, 3))
    for features in (docs[name]["features"] for name in docs):
        for f in features:
            f["properties"]["validOn"] = EDITION
    communes_of: dict[str, list[dict]] = {}
    for f in adm3:
        communes_of.setdefault(f["properties"]["admin2Pcod"], []).append(f)
    gourma_shape = next(
        shape(f["geometry"]) for f in adm2 if f["properties"]["admin2Pcod"] == "ML0604"
    )

    # A new region, Gourma (ML10), out of Tombouctou: the cercle and its communes recoded.
    for f in adm1:
        if f["properties"]["admin1Pcod"] == "ML06":
            f["geometry"] = mapping(shape(f["geometry"]).difference(gourma_shape))
    adm1.append(
        {
            "type": "Feature",
            "properties": {
                "admin0Name": "Mali",
                "admin0Pcod": "ML",
                "admin1Name": "Gourma",
                "admin1Pcod": "ML10",
                "validOn": EDITION,
            },
            "geometry": mapping(gourma_shape),
        }
    )
    for f in [*adm2, *adm3]:
        props = f["properties"]
        if props["admin2Pcod"] == "ML0604":
            props.update(admin1Name="Gourma", admin1Pcod="ML10", admin2Pcod="ML1001")
            if "admin3Pcod" in props:
                props["admin3Pcod"] = "ML1001" + props["admin3Pcod"][-2:]

    # Two renamings, keeping their codes.
    for f in adm2:
        if f["properties"]["admin2Pcod"] == "ML0605":
            f["properties"]["admin2Name"] = "Léré"
    for f in adm3:
        if f["properties"]["admin3Pcod"] == "ML050505":
            f["properties"]["admin3Name"] = "Fémaye-Ouro"

    # Koro split in two, Youwarou and Ténenkou merged: new cercles, communes re-parented.
    koro = sorted(communes_of["ML0507"], key=lambda f: f["properties"]["admin3Pcod"])
    halves = {"Koro Nord": koro[: len(koro) // 2], "Koro Sud": koro[len(koro) // 2 :]}
    merged = communes_of["ML0504"] + communes_of["ML0508"]
    new_cercles = [(name, code, halves[name]) for name, code in SPLIT.items()]
    new_cercles.append(("Youwarou-Ténenkou", "ML0511", merged))
    adm2[:] = [
        f for f in adm2 if f["properties"]["admin2Pcod"] not in {"ML0507", "ML0504", "ML0508"}
    ]
    for name, code, communes in new_cercles:
        for f in communes:
            f["properties"].update(admin2Name=name, admin2Pcod=code)
        joined = shapely.union_all([shape(f["geometry"]) for f in communes])
        adm2.append(
            {
                "type": "Feature",
                "properties": {
                    "admin0Name": "Mali",
                    "admin0Pcod": "ML",
                    "admin1Name": "Mopti",
                    "admin1Pcod": "ML05",
                    "admin2Name": name,
                    "admin2Pcod": code,
                    "validOn": EDITION,
                },
                "geometry": mapping(joined),
            }
        )
    return [(name, json.dumps(doc).encode()) for name, doc in docs.items()]


@pytest.fixture
def tree(mali, national_admin):
    """The 2015 edition loaded, and committees with histories in the units that change."""
    files = [(p.name, p.read_bytes()) for p in sorted(COD.glob("mli_admbnda_adm*.geojson"))]
    assert import_boundaries(files, user=national_admin)["applied"]
    by_code = {u.pcode: u for u in AdministrativeUnit.objects.exclude(pcode="")}
    committees = {}
    for code, installed in (
        ("ML060408", dt.date(2021, 11, 3)),  # Rharous, in the cercle that moves
        ("ML060403", dt.date(2022, 2, 8)),  # Gossi, same cercle
        ("ML050505", dt.date(2021, 4, 28)),  # Femaye, renamed
        ("ML050706", dt.date(2023, 5, 4)),  # a commune of Koro, split
        ("ML050407", dt.date(2023, 11, 23)),  # Youwarou, merged
    ):
        committee = install(CommitteeFactory(unit=by_code[code]), installed)
        MembershipFactory(committee=committee)
        SessionFactory(committee=committee, held_on=installed + dt.timedelta(days=30))
        committees[code] = committee
    return by_code, committees


def changes(report: dict) -> set[tuple[str, str]]:
    return {("+".join(c["kinds"]), c["name"]) for c in report["changes"]}


def region_counts(user, on: dt.date) -> dict[str, int]:
    figures = dashboard_figures(user=user, on=on)
    return {row["name"]: row["total"] for row in figures["by_region"] if row["total"]}


def test_the_plan_lists_exactly_the_events_of_the_edition(tree, national_admin):
    report = import_boundaries(later_edition(), user=national_admin, dry_run=True)
    assert report["errors"] == [] and not report["applied"]
    gourma_communes = {
        ("recoded", u.name)
        for u in AdministrativeUnit.objects.filter(parent__pcode="ML0604", level=Level.COMMUNE)
    }
    assert len(gourma_communes) == 9
    assert changes(report) == {
        ("created", "Gourma"),
        ("moved+recoded", "Gourma-Rharous"),
        ("renamed", "Léré"),
        ("renamed", "Fémaye-Ouro"),
        ("split", "Koro"),
        ("merged", "Youwarou-Ténenkou"),
        *gourma_communes,
    }
    assert report["doubts"] == []
    counts = report["counts"]
    assert (counts["created"], counts["moved"], counts["renamed"]) == (1, 1, 2)
    assert (counts["split"], counts["merged"], counts["retired"]) == (1, 1, 0)
    # The shipped regions that the file does not list are kept, not retired.
    assert counts["kept"] == 11
    by_name = {c["name"]: c for c in report["changes"]}
    split = by_name["Koro"]
    assert split["parts"] == ["Koro Nord", "Koro Sud"] and split["committees"] == 1
    assert any("vont" in e or "go to" in e for e in split["evidence"])
    moved = by_name["Gourma-Rharous"]
    assert (moved["old_parent"], moved["new_parent"], moved["old_pcode"]) == (
        "Tombouctou",
        "Gourma",
        "ML0604",
    )
    assert moved["confidence"] >= 0.9 and moved["committees"] == 2
    assert sorted(by_name["Youwarou-Ténenkou"]["parts"]) == ["Tenenkou", "Youwarou"]
    renamed = by_name["Fémaye-Ouro"]
    assert renamed["old_name"] == "Femaye" and renamed["confidence"] >= 0.7
    # Nothing is written by a plan.
    assert not AdministrativeUnit.objects.filter(pcode_edition=EDITION).exists()
    assert not TerritorialEvent.objects.filter(date=REFORM).exists()


def test_confirming_writes_dated_events_without_a_twin_and_again_is_a_no_op(tree, national_admin):
    by_code, committees = tree
    units_before = AdministrativeUnit.objects.count()
    report = import_boundaries(later_edition(), user=national_admin, reference=DECREE)
    assert report["errors"] == [] and report["applied"], report.get("needs")
    # Created: the region and the three new cercles; nothing else, so no twin.
    assert AdministrativeUnit.objects.count() == units_before + 4
    in_force = AdministrativeUnit.objects.in_force(AFTER)
    assert in_force.filter(level=Level.COMMUNE).count() == 701
    assert in_force.filter(level=Level.CERCLE).count() == 50
    codes = list(in_force.exclude(pcode="").values_list("pcode", flat=True))
    assert len(codes) == len(set(codes))
    kinds = dict(
        TerritorialEvent.objects.filter(date=REFORM, reference=DECREE)
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    assert kinds == {
        EventKind.CREATION: 1,
        EventKind.TRANSFER: 1,
        EventKind.RENAMING: 2,
        EventKind.SPLIT: 1,
        EventKind.MERGER: 1,
    }
    rharous = committees["ML060408"].unit
    rharous.refresh_from_db()
    assert rharous.pcode == "ML100108" and rharous.pcode_edition == EDITION
    cercle = rharous.parent
    assert cercle.pcode == "ML1001" and cercle.parent.name == "Gourma"
    assert UnitVersion.objects.filter(unit=cercle, valid_to=REFORM, parent__name="Tombouctou")
    koro = AdministrativeUnit.objects.get(pcode="ML0507")
    assert koro.valid_to == REFORM
    koro_commune = committees["ML050706"].unit
    koro_commune.refresh_from_db()
    assert koro_commune.parent.name in SPLIT and koro_commune.parent.predecessor == koro
    regions = {"before": ancestor_at_level_map(BEFORE), "after": ancestor_at_level_map(AFTER)}
    cercles = ancestor_at_level_map(BEFORE, Level.CERCLE)
    assert cercles[koro_commune.pk] == koro.pk
    gourma = AdministrativeUnit.objects.get(name="Gourma")
    assert gourma.valid_from == REFORM
    assert regions["before"][rharous.pk] == by_code["ML06"].pk
    assert regions["after"][rharous.pk] == gourma.pk

    # The same files again: every unit is as they say, nothing is written.
    snapshot = list(AdministrativeUnit.objects.order_by("pk").values())
    events = TerritorialEvent.objects.count()
    again = import_boundaries(later_edition(), user=national_admin, reference=DECREE)
    assert not again["applied"] and again["changes"] == [] and not again["writes"]
    assert list(AdministrativeUnit.objects.order_by("pk").values()) == snapshot
    assert TerritorialEvent.objects.count() == events


def test_a_moved_committee_counts_under_its_old_region_before_the_date_and_the_new_after(
    tree, national_admin, client_for
):
    by_code, _committees = tree
    import_boundaries(later_edition(), user=national_admin, reference=DECREE)
    tombouctou = by_code["ML06"]
    gourma = AdministrativeUnit.objects.get(name="Gourma")

    # Dashboard: the region table of each date.
    assert region_counts(national_admin, BEFORE)["Tombouctou"] == 2
    assert "Gourma" not in region_counts(national_admin, BEFORE)
    after = region_counts(national_admin, AFTER)
    assert after["Gourma"] == 2 and "Tombouctou" not in after
    assert after["Mopti"] == 3  # the renamed, split and merged cercles stay in Mopti

    # The committee list and its exports, filtered by region as of each date.
    client = client_for(national_admin)
    url = reverse("committees:committee_list")

    def listed(on: dt.date, region: AdministrativeUnit) -> set[str]:
        page = client.get(url, {"on": on.isoformat(), "region": region.pk})
        return {row["committee"].name for row in page.context["rows"]}

    rharous = {"CCS de Rharous", "CCS de Gossi"}
    assert listed(BEFORE, tombouctou) == rharous and listed(BEFORE, gourma) == set()
    assert listed(AFTER, gourma) == rharous and listed(AFTER, tombouctou) == set()
    export = client.get(
        reverse("committees:committee_export_csv"), {"on": AFTER.isoformat(), "region": gourma.pk}
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert {r[0] for r in rows[1:]} == rharous and {r[2] for r in rows[1:]} == {"Gourma"}
    export = client.get(reverse("committees:committee_export_xlsx"), {"on": BEFORE.isoformat()})
    sheet = load_workbook(io.BytesIO(export.content)).active
    region_of = {r[0]: r[2] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert region_of["CCS de Rharous"] == "Tombouctou" and region_of["CCS de Gossi"] == "Tombouctou"

    # The report: its region table and its XLSX, with the regions in force on each date.
    before = build_context(user=national_admin, on=BEFORE)
    names_before = {r["name"]: r["total"] for r in before["f"]["by_region"]}
    assert names_before["Tombouctou"] == 2 and "Gourma" not in names_before
    after_context = build_context(user=national_admin, on=AFTER)
    names_after = {r["name"]: r["total"] for r in after_context["f"]["by_region"]}
    assert names_after["Gourma"] == 2 and names_after["Tombouctou"] == 0
    assert after_context["f"]["target"]["regions"] == before["f"]["target"]["regions"] + 1
    workbook = load_workbook(io.BytesIO(render_xlsx(after_context)))
    by_region = {row[0]: row[-1] for row in workbook.worksheets[1].iter_rows(values_only=True)}
    assert by_region["Gourma"] == 2
