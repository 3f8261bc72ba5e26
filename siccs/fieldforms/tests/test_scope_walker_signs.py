"""The every-URL scope walker reaches the OpenRosa endpoints signed as ODK Collect signs:
an endpoint that forgot the scoping mechanism is caught, not hidden behind a 401."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

from siccs import urls as project_urls
from siccs.committees.models import Committee
from siccs.core.tests import scope_walker
from siccs.fieldforms.views_openrosa import openrosa_view


@openrosa_view(("GET",))
def leaky_list(request):
    return HttpResponse(", ".join(c.name for c in Committee.objects.all()))


@openrosa_view(("GET",))
def leaky_form(request, form_id):
    return HttpResponse(", ".join(c.name for c in Committee.objects.all()))


# The project's URLs and two leaky ones; the walk below covers only the field forms'
# (walking the whole project is the every-URL test's job).
urlpatterns = [
    *project_urls.urlpatterns,
    path("odk-leaky/formList", leaky_list, name="leaky_openrosa_list"),
    path("odk-leaky/<slug:form_id>.xml", leaky_form, name="leaky_openrosa_form"),
]


def test_the_walker_signs_openrosa_requests_and_catches_a_leak(
    mali, gao_secretary, mopti_focal_point, national_analyst, partner_viewer, settings
):
    settings.ROOT_URLCONF = __name__
    world = scope_walker.build_world(mali)
    Committee.objects.filter(pk=world.kwargs["committee_id"]).update(
        name=f"CCS de Gao {scope_walker.SECRET}"
    )
    users = {"outsider": mopti_focal_point, "analyst": national_analyst, "partner": partner_viewer}
    problems = scope_walker.violations(
        world, users, urlconf=__name__, prefixes=("odk/", "odk-leaky/")
    )
    assert any("/odk-leaky/formList" in p and "sees Gao data" in p for p in problems)
    assert any("/odk-leaky/seance_ccs.xml" in p and "sees Gao data" in p for p in problems)
    # The field forms' own pages and OpenRosa endpoints pass the same walk.
    assert [p for p in problems if "leaky" not in p] == []
