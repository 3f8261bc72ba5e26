"""Subtrees are read by a path prefix: one query, no recursion, whatever the depth."""

from siccs.territory.models import AdministrativeUnit


def test_it_reads_a_whole_region_in_one_query(mali, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = sorted(u.name for u in AdministrativeUnit.objects.inside(mali.mopti))
    assert names == ["Bandiagara", "Bandiagara", "Djenné", "Djenné", "Mopti"]


def test_it_leaves_the_unit_out_when_asked(mali, django_assert_num_queries):
    with django_assert_num_queries(1):
        units = list(AdministrativeUnit.objects.inside(mali.gao, include_self=False))
    assert {u.pk for u in units} == {mali.gao_cercle.pk, mali.gao_commune.pk}


def test_it_reads_ancestors_in_one_query(mali, django_assert_num_queries):
    with django_assert_num_queries(1):
        chain = [u.name for u in mali.djenne.ancestors()]
    assert chain == ["Mali", "Mopti", "Djenné", "Djenné"]


def test_it_keeps_paths_consistent_with_parents(mali):
    for unit in AdministrativeUnit.objects.exclude(parent=None).select_related("parent"):
        assert unit.path == f"{unit.parent.path}{unit.pk}/"
