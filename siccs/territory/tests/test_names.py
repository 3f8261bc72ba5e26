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
