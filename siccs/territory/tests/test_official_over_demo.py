"""The official 2015 table imported over the demo's tree: every demo unit is recognised
(no twin such as "Bandiagara" beside "Bandiagara Commune", or Bamako's Commune I twice),
and the communal target stays the country's 701 communes of 2015."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import shared_data
from siccs.committees.models import Committee
from siccs.territory.importers import import_boundaries
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.names import match_key
from siccs.territory.selectors import tree_on

COD_CSV = shared_data("mali-cod-ab-2015", "mli_adminboundaries_tabulardata.csv")
EDITION = dt.date(2015, 4, 8)


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_the_official_table_over_the_demo_tree_makes_no_twin(demo):
    files = [(COD_CSV.name, COD_CSV.read_bytes())]
    demo_units = set(AdministrativeUnit.objects.values_list("pk", flat=True))
    plan = import_boundaries(files, dry_run=True)
    assert plan["errors"] == [] and plan["doubts"] == [], plan["doubts"]
    assert plan["counts"]["retired"] == 0 and plan["baseline"]
    report = import_boundaries(files)
    assert report["applied"], report.get("needs")

    in_2015 = AdministrativeUnit.objects.in_force(EDITION)
    # The demo's stalled committee of Boni sits on a commune the 2015 edition does not
    # know (Boni was then the chief town of Haïré): kept as it is, and said so.
    assert "Boni" in plan["kept"]
    uncoded = in_2015.filter(level=Level.COMMUNE, pcode="")
    assert list(uncoded.values_list("name", flat=True)) == ["Boni"]
    assert in_2015.filter(level=Level.COMMUNE).count() == 701 + 1
    assert in_2015.filter(level=Level.CERCLE).count() == 50
    assert in_2015.filter(level=Level.REGION).count() == 9
    # Every other unit the demo made (committees sit on them) received its 2015 code.
    communes = AdministrativeUnit.objects.filter(pk__in=demo_units, level=Level.COMMUNE)
    assert list(communes.filter(pcode="").values_list("name", flat=True)) == ["Boni"]
    assert Committee.objects.filter(unit__level=Level.COMMUNE, unit__pcode="").count() == 1
    # No two units in one place under one name, in 2015 or today.
    for on in (EDITION, dt.date.today()):
        tree = tree_on(on)
        places = Counter(
            (u.level, tree.parent(u.pk), match_key(u.name))
            for u in AdministrativeUnit.objects.in_force(on).exclude(level=Level.COUNTRY)
        )
        assert [p for p, n in places.items() if n > 1] == []
    # Bamako's communes were recognised and put under their cercle, not created again.
    commune_i = AdministrativeUnit.objects.get(pcode="ML090101")
    assert commune_i.pk in demo_units and commune_i.parent.pcode == "ML0901"
    assert import_boundaries(files)["writes"] is False  # and again: nothing to do
