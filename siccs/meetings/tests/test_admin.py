"""The concern taxonomy and the addressees are configured in the admin, by superusers."""

import pytest

from siccs.meetings.forms import ConcernForm
from siccs.meetings.models import Addressee, ConcernCategory

pytestmark = pytest.mark.django_db


def test_it_lets_an_operator_add_a_category_that_the_concern_form_then_offers(
    admin_client, committee, gao_secretary
):
    assert admin_client.get("/admin/meetings/concerncategory/").status_code == 200
    response = admin_client.post(
        "/admin/meetings/concerncategory/add/",
        {"code": "orpaillage", "name": "Sites d'orpaillage", "order": 20, "active": "on"},
    )
    assert response.status_code == 302
    form = ConcernForm(user=gao_secretary, committee=committee)
    assert "Sites d'orpaillage" in [c.name for c in form.fields["category"].queryset]


def test_it_deactivates_a_category_instead_of_deleting_it(admin_client):
    category = ConcernCategory.objects.get(code="drugs")
    assert admin_client.get(
        f"/admin/meetings/concerncategory/{category.pk}/delete/"
    ).status_code in (
        302,
        403,
    )
    assert ConcernCategory.objects.filter(pk=category.pk).exists()


def test_it_lets_an_operator_add_an_addressee(admin_client):
    response = admin_client.post(
        "/admin/meetings/addressee/add/", {"name": "Direction régionale des douanes", "order": 13}
    )
    assert response.status_code == 302
    assert Addressee.objects.filter(name="Direction régionale des douanes").exists()


def test_it_keeps_the_admin_closed_to_a_committee_secretary(client_for, gao_secretary):
    response = client_for(gao_secretary).get("/admin/meetings/concerncategory/")
    assert response.status_code == 302
