"""Reform services: dated renamings, transfers, splits and mergers, and the as-of mapping."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from siccs.audit.models import AuditEntry
from siccs.core.errors import DomainError
from siccs.territory import selectors
from siccs.territory.models import AdministrativeUnit, EventKind, Level, UnitVersion
from siccs.territory.services import (
    SplitPart,
    unit_merge,
    unit_rename,
    unit_split,
    unit_transfer,
)
from siccs.territory.tests.factories import UnitFactory, shipped

REFORM = dt.date(2024, 9, 1)
BEFORE = dt.date(2021, 6, 25)
AFTER = dt.date(2025, 1, 1)


@pytest.fixture
def douentza(mali):
    """Douentza cercle and commune, under Mopti as in 2021."""
    cercle = UnitFactory(name="Douentza", level=Level.CERCLE, parent=mali.mopti)
    commune = UnitFactory(name="Douentza", level=Level.COMMUNE, parent=cercle)
    return cercle, commune


def test_it_counts_a_commune_under_mopti_before_the_reform_and_douentza_after(
    mali, douentza, national_admin
):
    cercle, commune = douentza
    region = shipped("Douentza")
    unit_split(
        user=national_admin,
        unit=mali.mopti,
        on=REFORM,
        parts=[SplitPart(existing=region, children=[cercle])],
        source_continues=True,
        reference="Réforme territoriale de 2023",
    )
    assert selectors.ancestor_at_level_map(BEFORE)[commune.pk] == mali.mopti.pk
    assert selectors.ancestor_at_level_map(AFTER)[commune.pk] == region.pk
    assert selectors.ancestor_at_level_map(REFORM)[commune.pk] == region.pk
    # Djenné did not move.
    assert selectors.ancestor_at_level_map(AFTER)[mali.djenne.pk] == mali.mopti.pk


def test_it_moves_the_whole_subtree_path_in_one_update(mali, douentza):
    cercle, commune = douentza
    region = shipped("Douentza")
    with CaptureQueriesContext(connection) as queries:
        unit_transfer(user=None, unit=cercle, parent=region, on=REFORM)
    path_updates = [q for q in queries if q["sql"].startswith("UPDATE") and '"path"' in q["sql"]]
    assert len(path_updates) == 1
    commune.refresh_from_db()
    cercle.refresh_from_db()
    assert cercle.path == f"{region.path}{cercle.pk}/"
    assert commune.path == f"{cercle.path}{commune.pk}/"
    assert commune in AdministrativeUnit.objects.inside(region)
    assert commune not in AdministrativeUnit.objects.inside(mali.mopti)


def test_it_keeps_the_old_parent_in_a_dated_version(mali, douentza, national_admin):
    cercle, _commune = douentza
    region = shipped("Douentza")
    event = unit_transfer(user=national_admin, unit=cercle, parent=region, on=REFORM)
    versions = list(
        UnitVersion.objects.filter(unit=cercle).values_list("parent_id", "valid_from", "valid_to")
    )
    assert versions == [(mali.mopti.pk, None, REFORM), (region.pk, REFORM, None)]
    assert event.kind == EventKind.TRANSFER and event.date == REFORM
    assert set(event.sources.all()) == {cercle, mali.mopti}
    assert AuditEntry.objects.filter(verb="transfer", object_id=str(cercle.pk)).exists()
    assert selectors.parent_on(cercle, BEFORE) == mali.mopti
    assert [u.name for u in selectors.ancestors_on(cercle, BEFORE)] == ["Mali", "Mopti"]


def test_it_renames_from_a_date_and_remembers_the_old_name(mali, national_admin):
    event = unit_rename(
        user=national_admin, unit=mali.djenne, name="Djenné-Ville", on=dt.date(2024, 1, 1)
    )
    mali.djenne.refresh_from_db()
    assert mali.djenne.name == "Djenné-Ville" and mali.djenne.name_key == "djenne ville"
    assert selectors.name_on(mali.djenne, BEFORE) == "Djenné"
    assert selectors.name_on(mali.djenne, AFTER) == "Djenné-Ville"
    assert event.description == "Djenné → Djenné-Ville"
    entry = AuditEntry.objects.get(verb="rename")
    assert entry.changes["name"] == ["Djenné", "Djenné-Ville"]


def test_it_ends_a_split_unit_and_gives_its_children_to_the_new_ones(mali, national_admin):
    cercle = mali.bandiagara_cercle
    other = UnitFactory(name="Sangha", level=Level.COMMUNE, parent=cercle)
    event = unit_split(
        user=national_admin,
        unit=cercle,
        on=REFORM,
        parts=[
            SplitPart(name="Bandiagara", children=[mali.bandiagara]),
            SplitPart(name="Sangha", children=[other]),
        ],
    )
    cercle.refresh_from_db()
    assert cercle.valid_to == REFORM
    new_bandiagara, sangha = event.results.order_by("name")
    assert new_bandiagara.valid_from == REFORM and new_bandiagara.parent == mali.mopti
    other.refresh_from_db()
    assert other.parent == sangha and other.path.startswith(sangha.path)
    cercles = selectors.ancestor_at_level_map(BEFORE, Level.CERCLE)
    assert cercles[other.pk] == cercle.pk
    assert selectors.ancestor_at_level_map(AFTER, Level.CERCLE)[other.pk] == sangha.pk
    assert cercle not in AdministrativeUnit.objects.in_force(AFTER)


def test_it_refuses_a_split_that_leaves_children_behind_an_ended_unit(mali):
    sangha = UnitFactory(name="Sangha", level=Level.COMMUNE, parent=mali.bandiagara_cercle)
    with pytest.raises(DomainError, match="Sangha"):
        unit_split(
            user=None,
            unit=mali.bandiagara_cercle,
            on=REFORM,
            parts=[SplitPart(name="A", children=[mali.bandiagara]), SplitPart(name="B")],
        )
    sangha.refresh_from_db()
    assert sangha.parent == mali.bandiagara_cercle
    assert not UnitVersion.objects.exists()


def test_it_merges_units_into_a_new_one(mali, national_admin):
    event = unit_merge(
        user=national_admin,
        units=[mali.bandiagara_cercle, mali.djenne_cercle],
        on=REFORM,
        name="Bandiagara-Djenné",
    )
    (merged,) = event.results.all()
    assert merged.parent == mali.mopti and merged.level == Level.CERCLE
    mali.djenne.refresh_from_db()
    assert mali.djenne.parent == merged
    assert set(AdministrativeUnit.objects.filter(valid_to=REFORM)) == {
        mali.bandiagara_cercle,
        mali.djenne_cercle,
    }
    cercles = selectors.ancestor_at_level_map(BEFORE, Level.CERCLE)
    assert cercles[mali.djenne.pk] == mali.djenne_cercle.pk
    assert selectors.ancestor_at_level_map(AFTER, Level.CERCLE)[mali.djenne.pk] == merged.pk


def test_it_absorbs_units_into_one_of_them(mali):
    unit_merge(
        user=None,
        units=[mali.bandiagara_cercle, mali.djenne_cercle],
        on=REFORM,
        into=mali.djenne_cercle,
    )
    mali.bandiagara.refresh_from_db()
    assert mali.bandiagara.parent == mali.djenne_cercle
    mali.djenne_cercle.refresh_from_db()
    assert mali.djenne_cercle.valid_to is None


def test_it_refuses_changes_recorded_out_of_date_order(mali):
    unit_rename(user=None, unit=mali.djenne, name="Djenné-Ville", on=REFORM)
    with pytest.raises(DomainError):
        unit_rename(user=None, unit=mali.djenne, name="Djenné 2", on=BEFORE)


def test_it_refuses_to_move_a_unit_inside_itself_or_under_a_lower_level(mali):
    with pytest.raises(DomainError):
        unit_transfer(user=None, unit=mali.mopti, parent=mali.bandiagara_cercle, on=REFORM)
    with pytest.raises(DomainError):
        unit_transfer(user=None, unit=mali.djenne_cercle, parent=mali.bandiagara, on=REFORM)


def test_it_lets_only_administrators_record_reforms(mali, mopti_focal_point):
    with pytest.raises(PermissionDenied):
        unit_rename(user=mopti_focal_point, unit=mali.djenne, name="X", on=REFORM)
    mali.djenne.refresh_from_db()
    assert mali.djenne.name == "Djenné"


def test_it_maps_every_unit_in_two_queries(mali, douentza, django_assert_num_queries):
    unit_transfer(user=None, unit=douentza[0], parent=shipped("Douentza"), on=REFORM)
    with django_assert_num_queries(2):
        mapping = selectors.ancestor_at_level_map(BEFORE)
    assert mapping[mali.mopti.pk] == mali.mopti.pk
    assert mapping[mali.country.pk] is None
    assert mapping[mali.gao_commune.pk] == mali.gao.pk


def test_it_shows_the_children_a_unit_had_on_a_date(mali, douentza, national_admin):
    cercle, _ = douentza
    unit_transfer(user=None, unit=cercle, parent=shipped("Douentza"), on=REFORM)
    then = selectors.unit_children(user=national_admin, unit=mali.mopti, on=BEFORE)
    now = selectors.unit_children(user=national_admin, unit=mali.mopti, on=AFTER)
    assert cercle in then and cercle not in now
