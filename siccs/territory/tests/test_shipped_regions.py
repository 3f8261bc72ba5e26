"""A fresh database holds the country and its 19 regions + the District de Bamako."""

from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.selectors import country

CURRENT_REGIONS = {
    "Kayes", "Koulikoro", "Sikasso", "Ségou", "Mopti", "Tombouctou", "Gao", "Kidal",
    "Taoudénit", "Ménaka", "Nioro", "Kita", "Dioïla", "Nara", "Bougouni", "Koutiala",
    "San", "Douentza", "Bandiagara", "District de Bamako",
}  # fmt: skip


def test_it_ships_the_country_as_the_only_root(db):
    roots = AdministrativeUnit.objects.filter(parent__isnull=True)
    assert [(u.name, u.level) for u in roots] == [("Mali", Level.COUNTRY)]
    assert country() == roots.get()


def test_it_ships_the_nineteen_regions_and_the_district_of_bamako_with_accents(db):
    regions = AdministrativeUnit.objects.filter(level=Level.REGION)
    assert set(regions.values_list("name", flat=True)) == CURRENT_REGIONS
    assert regions.count() == 20
    root = country()
    assert all(r.parent_id == root.pk and r.path == f"{root.path}{r.pk}/" for r in regions)


def test_it_computes_the_name_keys_of_shipped_units(db):
    assert AdministrativeUnit.objects.get(name_key="segou").name == "Ségou"
    assert AdministrativeUnit.objects.get(name_key="dioila").name == "Dioïla"


def test_it_knows_the_spellings_of_the_2015_files(db):
    koulikoro = AdministrativeUnit.objects.get(name="Koulikoro")
    assert "koulikouro" in koulikoro.alias_keys()
    assert "bamako" in AdministrativeUnit.objects.get(name="District de Bamako").alias_keys()
