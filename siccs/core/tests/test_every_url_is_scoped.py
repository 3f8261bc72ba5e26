"""Every URL of the project, walked as users who must not see Gao's data."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import include, path

from siccs.core.tests import scope_walker
from siccs.territory.models import AdministrativeUnit


@pytest.fixture
def world(mali, gao_secretary):
    return scope_walker.build_world(mali)


@pytest.fixture
def users(mopti_focal_point, national_analyst, partner_viewer):
    return {"outsider": mopti_focal_point, "analyst": national_analyst, "partner": partner_viewer}


def test_it_hides_out_of_scope_data_on_every_url(world, users):
    assert scope_walker.violations(world, users) == []


def test_it_walks_a_real_number_of_urls():
    # A walker that found nothing would pass vacuously.
    assert len(scope_walker.routes()) >= 15


# A view that forgets the mechanism, to prove that the walker catches it.
def unscoped_unit_list(request):
    return HttpResponse(", ".join(u.name for u in AdministrativeUnit.objects.all()))


def unscoped_unit_detail(request, unit_id):
    return HttpResponse(AdministrativeUnit.objects.get(pk=unit_id).name)


urlpatterns = [
    path("", include("siccs.urls")),
    path("leaky/", unscoped_unit_list, name="leaky_list"),
    path("leaky/<int:unit_id>/", unscoped_unit_detail, name="leaky_detail"),
]


def test_it_fails_when_a_view_skips_the_mechanism(world, users, settings):
    settings.ROOT_URLCONF = __name__
    world.kwargs.setdefault("unit_id", world.mali.gao.pk)
    AdministrativeUnit.objects.filter(pk=world.mali.gao_commune.pk).update(
        name=f"Gao {scope_walker.SECRET}"
    )
    problems = scope_walker.violations(world, users, urlconf=__name__)
    assert any("/leaky/" in p and "sees Gao data" in p for p in problems)
    assert any("/leaky/" in p and "expected 404" in p for p in problems)
