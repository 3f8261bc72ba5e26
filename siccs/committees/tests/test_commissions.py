"""Working commissions: added from the committee page by who may change it, shown on it."""

from django.urls import reverse

from siccs.audit.models import AuditEntry
from siccs.committees.models import WorkingCommission
from siccs.committees.tests.factories import CommitteeFactory


def test_a_focal_point_adds_a_commission_shown_on_the_committee_page(
    client_for, mopti_focal_point, mali
):
    committee = CommitteeFactory(unit=mali.bandiagara)
    client = client_for(mopti_focal_point)
    response = client.post(
        reverse("committees:commission_add", args=[committee.pk]),
        {"name": "Commission transhumance", "mandate": "Couloirs de passage", "created_on": ""},
    )
    assert response.status_code == 302
    commission = WorkingCommission.objects.get(committee=committee)
    assert AuditEntry.objects.filter(object_id=str(commission.pk), verb="create").exists()
    page = client.get(reverse("committees:committee_detail", args=[committee.pk]))
    assert "Commission transhumance" in page.content.decode()


def test_it_refuses_a_second_commission_of_the_same_name_in_french(
    client_for, mopti_focal_point, mali
):
    committee = CommitteeFactory(unit=mali.bandiagara)
    WorkingCommission.objects.create(committee=committee, name="Commission routes")
    response = client_for(mopti_focal_point).post(
        reverse("committees:commission_add", args=[committee.pk]), {"name": "commission routes"}
    )
    assert response.status_code == 200
    assert "déjà une commission" in response.content.decode()
    assert WorkingCommission.objects.filter(committee=committee).count() == 1


def test_a_partner_viewer_cannot_add_a_commission(client_for, partner_viewer, mali):
    committee = CommitteeFactory(unit=mali.bandiagara)
    response = client_for(partner_viewer).post(
        reverse("committees:commission_add", args=[committee.pk]), {"name": "X"}
    )
    assert response.status_code == 404
    assert not WorkingCommission.objects.exists()
