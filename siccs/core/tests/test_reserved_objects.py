"""Objects no territory decides (methodology, unit costs) go through the mechanism too:
`get_reserved_or_404` answers 403 to a role without the action, 404 for what is absent,
and `national=True` wants the action over the whole country, not merely somewhere."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import persona
from siccs.core.scoping import Action, Role, get_reserved_or_404, require_national
from siccs.rollout.models import Methodology

pytestmark = pytest.mark.django_db


def test_an_administrator_gets_the_methodology(mali, national_admin):
    methodology = Methodology.objects.first()
    got = get_reserved_or_404(Methodology, national_admin, Action.ADMINISTER, pk=methodology.pk)
    assert got == methodology


def test_a_role_without_the_action_is_refused_before_the_lookup(mali, mopti_focal_point):
    with pytest.raises(PermissionDenied):
        get_reserved_or_404(Methodology, mopti_focal_point, Action.ADMINISTER, pk=0)


def test_an_absent_or_malformed_key_is_a_404(mali, national_admin):
    with pytest.raises(Http404):
        get_reserved_or_404(Methodology, national_admin, Action.ADMINISTER, pk=0)
    with pytest.raises(Http404):
        get_reserved_or_404(Methodology, national_admin, Action.ADMINISTER, pk="x")


def test_national_wants_the_action_over_the_whole_country(mali):
    regional_admin = persona("admin.mopti", Role.NATIONAL_ADMIN, mali.mopti)
    methodology = Methodology.objects.first()
    # Administrator somewhere: enough for a reserved page, not for a national one.
    assert get_reserved_or_404(Methodology, regional_admin, Action.ADMINISTER, pk=methodology.pk)
    with pytest.raises(PermissionDenied):
        get_reserved_or_404(
            Methodology, regional_admin, Action.ADMINISTER, national=True, pk=methodology.pk
        )
    with pytest.raises(PermissionDenied):
        require_national(regional_admin, Action.ADMINISTER)
