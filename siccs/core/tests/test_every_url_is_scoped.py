"""Every URL of the project, walked as users who must not see Gao's data."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from siccs.core.tests import scope_walker
from siccs.meetings import documents, selectors
from siccs.meetings.models import Session
from siccs.territory.models import AdministrativeUnit


@pytest.fixture
def world(mali, gao_secretary, partner_viewer):
    return scope_walker.build_world(mali)


@pytest.fixture
def users(mopti_focal_point, national_analyst, partner_viewer):
    return {"outsider": mopti_focal_point, "analyst": national_analyst, "partner": partner_viewer}


def test_it_hides_out_of_scope_data_on_every_url(world, users):
    assert scope_walker.violations(world, users) == []


def test_partner_sees_sessions_and_recommendations_but_no_concern(world, partner_viewer):
    """The walk above proves nothing about concerns unless the partner reaches the pages
    that list them: it does, through the step its partner supported."""
    client = Client()
    client.force_login(partner_viewer)
    for name, key in (
        ("meetings:session_detail", "session_id"),
        ("meetings:session_minutes", "session_id"),
        ("meetings:recommendation_detail", "recommendation_id"),
    ):
        response = client.get(reverse(name, kwargs={key: world.kwargs[key]}))
        assert response.status_code == 200, name
        assert scope_walker.CONCERN not in scope_walker.body_text(response), name
    # The PDF's text is drawn in subset fonts: its source, the same template with the same
    # data, is what is checked, and the PDF itself answers.
    session = Session.objects.get(pk=world.kwargs["session_id"])
    data = selectors.session_detail_data(session=session, personal=False, user=partner_viewer)
    assert scope_walker.CONCERN not in documents.minutes_html(data, pdf=True)
    pdf = client.get(reverse("meetings:session_minutes_pdf", args=[session.pk]))
    assert pdf.status_code == 200
    page = client.get(
        reverse("meetings:session_detail", kwargs={"session_id": world.kwargs["session_id"]})
    )
    assert "préoccupation non affichée" in page.content.decode()


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
