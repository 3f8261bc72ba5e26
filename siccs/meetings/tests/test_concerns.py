"""The concern register: registration from any source, dated status changes, duplicates."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from siccs.core.errors import DomainError
from siccs.meetings import services
from siccs.meetings.models import ConcernCategory, ConcernStatusChange
from siccs.meetings.reference import CONCERN_CATEGORIES

pytestmark = pytest.mark.django_db


def test_it_ships_the_taxonomy_of_the_domain_brief_in_french():
    names = dict(ConcernCategory.objects.values_list("code", "name"))
    assert len(names) >= len(CONCERN_CATEGORIES) == 15
    assert names["ied"] == "Engins explosifs improvisés (EEI)"
    assert names["extortion"].startswith("Rackets aux postes de contrôle")


def test_it_registers_a_concern_with_its_first_dated_status(concern):
    registered = concern(description="Trois troupeaux enlevés la nuit")
    assert registered.status == "received"
    change = ConcernStatusChange.objects.get(concern=registered)
    assert change.status == "received"


def test_it_lets_the_public_channel_register_without_a_user(concern):
    at = timezone.make_aware(dt.datetime(2021, 6, 21, 9, 30))
    registered = concern(user=None, source="citizen", received_on=None, received_at=at)
    assert registered.received_on == dt.date(2021, 6, 21)
    assert registered.status_changes.get().at == at


def test_it_refuses_a_place_outside_the_committee_territory(concern, mali):
    with pytest.raises(DomainError):
        concern(unit=mali.bandiagara)


def test_it_refuses_facts_after_receipt(concern):
    with pytest.raises(DomainError):
        concern(facts_on=dt.date(2021, 7, 1))


def test_it_refuses_an_outsider(concern, mopti_focal_point):
    with pytest.raises(PermissionDenied):
        concern(user=mopti_focal_point)


def test_it_writes_status_and_history_together(concern, gao_secretary):
    registered = concern()
    services.concern_set_status(
        user=gao_secretary,
        concern=registered,
        status="qualified",
        note="Confirmé par le chef de village",
    )
    registered.refresh_from_db()
    assert registered.status == "qualified"
    assert list(registered.status_changes.values_list("status", flat=True)) == [
        "received",
        "qualified",
    ]


def test_it_refuses_a_change_dated_before_the_previous_one(concern, gao_secretary):
    registered = concern(received_at=timezone.now())
    with pytest.raises(DomainError):
        services.concern_set_status(
            user=gao_secretary,
            concern=registered,
            status="qualified",
            at=timezone.now() - dt.timedelta(days=2),
        )


def test_it_merges_a_duplicate_into_the_original_and_closes_it(concern, gao_secretary):
    original, first, second = concern(), concern(title="Doublon 1"), concern(title="Doublon 2")
    services.concern_merge_duplicate(user=gao_secretary, concern=second, into=first)
    services.concern_merge_duplicate(user=gao_secretary, concern=first, into=original)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.duplicate_of == original and first.status == "closed"
    # No chains: the duplicate of a duplicate points at the original.
    assert second.duplicate_of == original
    assert (
        "Merged into" in first.status_changes.last().note
        or "Fusionné" in first.status_changes.last().note
    )


def test_it_refuses_to_merge_a_concern_into_itself(concern, gao_secretary):
    registered = concern()
    with pytest.raises(DomainError):
        services.concern_merge_duplicate(user=gao_secretary, concern=registered, into=registered)
