"""Composition warnings: women against the 30 % target, youth, expected categories."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from siccs.committees.composition import composition_by_region, composition_for
from siccs.committees.models import Committee, MemberCategory, Sex
from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    install,
)


def seat(committee, code, sex=Sex.MALE, birth_year=1970, **extra):
    return MembershipFactory(
        committee=committee,
        category=MemberCategory.objects.get(code=code),
        person=PersonFactory(sex=sex, birth_year=birth_year),
        **extra,
    )


def test_it_warns_when_women_are_below_thirty_percent_without_blocking(mali):
    committee = CommitteeFactory(unit=mali.bandiagara)
    seat(committee, "women", Sex.FEMALE)
    for code in ("administration", "elected", "fds", "civil-society"):
        seat(committee, code)
    composition = composition_for(committee, dt.date(2021, 6, 1))
    assert composition.women_share == Decimal("0.2")
    assert any("30" in w and "2015-052" in w for w in composition.warnings)


def test_it_names_the_missing_categories_the_level_expects(mali):
    committee = CommitteeFactory(unit=mali.bandiagara)
    seat(committee, "women", Sex.FEMALE, birth_year=1995)
    composition = composition_for(committee, dt.date(2021, 6, 1))
    missing = {c.code for c in composition.missing}
    assert "fds" in missing and "women" not in missing
    assert any("Forces de défense" in w for w in composition.warnings)
    assert composition.youth == 1


def test_it_counts_only_mandates_covering_the_date(mali):
    committee = CommitteeFactory(unit=mali.bandiagara)
    seat(committee, "women", Sex.FEMALE, start_on=dt.date(2021, 1, 1), end_on=dt.date(2021, 3, 1))
    seat(committee, "fds", start_on=dt.date(2021, 1, 1))
    assert composition_for(committee, dt.date(2021, 2, 1)).women == 1
    assert composition_for(committee, dt.date(2021, 6, 1)).women == 0


def test_it_has_no_warning_for_a_complete_balanced_committee(mali):
    committee = CommitteeFactory(unit=mali.bandiagara)
    codes = [c.code for c in committee.level.expected_categories.all()]
    for index, code in enumerate(codes):
        seat(committee, code, Sex.FEMALE if index % 2 else Sex.MALE, birth_year=1990)
    assert composition_for(committee, dt.date(2021, 6, 1)).warnings == []


def test_it_aggregates_per_region(mali):
    bandiagara = CommitteeFactory(unit=mali.bandiagara)
    djenne = CommitteeFactory(unit=mali.djenne)
    gao = CommitteeFactory(unit=mali.gao_commune)
    seat(bandiagara, "women", Sex.FEMALE)
    seat(djenne, "fds")
    seat(djenne, "elected")
    seat(gao, "fds")
    rows = {r.name: r for r in composition_by_region(Committee.objects.all(), dt.date(2021, 6, 1))}
    assert rows["Mopti"].committees == 2
    assert rows["Mopti"].members == 3
    assert round(rows["Mopti"].women_share, 2) == Decimal("0.33")
    assert rows["Gao"].below_target == 1


def test_it_shows_the_regional_panel_with_shares_only(client_for, partner_viewer, mali, partner):
    committee = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 5, 3))
    committee.step_records.filter(step__code="launch").update(partner=partner)
    seat(committee, "women", Sex.FEMALE)
    response = client_for(partner_viewer).get(reverse("committees:composition"))
    body = response.content.decode()
    assert "Mopti" in body and "100" in body
    assert "Fatoumata" not in body
