"""A concern may carry a point (latitude, longitude) inside Mali, both or neither."""

from decimal import Decimal

import pytest

from siccs.core.errors import DomainError
from siccs.meetings import services
from siccs.meetings.models import Concern, ConcernCategory

pytestmark = pytest.mark.django_db


def _post(client, committee, **point):
    return client.post(
        f"/sessions/committee/{committee.pk}/concerns/new/",
        {
            "category": ConcernCategory.objects.get(code="ied").pk,
            "title": "Engin explosif sur la route de Bourem",
            "source": "field_form",
            "severity": "4",
            "received_on": "2021-07-02",
            **point,
        },
    )


def test_a_point_given_on_the_form_is_kept_and_shown(committee, client_for, gao_secretary):
    client = client_for(gao_secretary)
    response = _post(client, committee, latitude="16.27170", longitude="-0.04470")
    concern = Concern.objects.get()
    assert (concern.latitude, concern.longitude) == (Decimal("16.27170"), Decimal("-0.04470"))
    assert "16.27170, -0.04470" in client.get(response["Location"]).content.decode()


def test_a_point_typed_the_french_way_is_read(committee, client_for, gao_secretary):
    _post(client_for(gao_secretary), committee, latitude="16,2717", longitude="-0,0447")
    concern = Concern.objects.get()
    assert (concern.latitude, concern.longitude) == (Decimal("16.2717"), Decimal("-0.0447"))


def test_a_point_outside_mali_is_refused_in_french(committee, client_for, gao_secretary):
    response = _post(client_for(gao_secretary), committee, latitude="48.85", longitude="2.35")
    assert response.status_code == 200
    assert "inférieure ou égale à 25.5" in response.content.decode()
    assert not Concern.objects.exists()


def test_half_a_point_is_refused(committee, gao_secretary):
    with pytest.raises(DomainError) as error:
        services.concern_register(
            user=gao_secretary,
            committee=committee,
            category=ConcernCategory.objects.get(code="ied"),
            title="Engin explosif",
            source="field_form",
            latitude=Decimal("16.2717"),
        )
    assert error.value.field == "latitude"
    assert not Concern.objects.exists()
