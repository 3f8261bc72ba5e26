"""Matching names whatever their accents, case and spacing."""

from siccs.territory.models import Level
from siccs.territory.names import name_key
from siccs.territory.selectors import find_by_name


def test_it_gives_one_key_to_spellings_of_the_same_name():
    assert name_key("Ségou") == name_key("SEGOU") == name_key("  segou ") == "segou"
    assert name_key("Gourma-Rharous") == name_key("Gourma Rharous")
    assert name_key("Dioïla") == "dioila"
    assert name_key("Ménaka") != name_key("Mopti")


def test_it_finds_a_unit_by_a_name_written_without_accents(mali):
    assert [u.name for u in find_by_name("DJENNE", level=Level.COMMUNE)] == ["Djenné"]
    assert [u.name for u in find_by_name("tombouctou", level=Level.REGION)] == ["Tombouctou"]


def test_it_finds_names_only_inside_a_subtree_when_asked(mali):
    assert not find_by_name("Djenné", within=mali.gao).exists()
    assert find_by_name("Djenné", within=mali.mopti).count() == 2  # cercle and commune


def test_it_forgets_the_words_of_kind_and_writes_numbers_one_way():
    from siccs.territory.names import match_key

    assert match_key("Bandiagara Commune") == match_key("Commune de Bandiagara") == "bandiagara"
    assert match_key("Commune I") == match_key("Commune 1") == match_key("COMMUNE  i")
    assert match_key("Région de Mopti") == "mopti"
    assert match_key("Commune") == "commune"  # a name of kind words only keeps them
    assert match_key("Commune II") != match_key("Commune III")


def test_it_finds_units_by_any_spelling_and_suggests_the_nearest(mali):
    from siccs.territory.models import AdministrativeUnit
    from siccs.territory.names import UnitNames

    names = UnitNames(AdministrativeUnit.objects.filter(level=Level.REGION))
    assert [u.name for u in names.find("Koulikouro")] == ["Koulikoro"]  # a known spelling
    assert [u.name for u in names.find("région de ségou")] == ["Ségou"]
    assert names.find("Moptii") == []
    assert names.suggest("Moptii") == ["Mopti"]
    assert names.suggest("Zzzz") == []
