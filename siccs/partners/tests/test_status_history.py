"""A commitment's status moves announced → committed → disbursed, each change dated and kept."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from siccs.audit.models import AuditEntry
from siccs.core.errors import DomainError
from siccs.partners import services
from siccs.partners.models import Commitment, CommitmentStatus, CommitmentStatusChange
from siccs.partners.selectors import commitment_totals_on, status_on
from siccs.partners.tests.factories import PartnerFactory, commitment

D = dt.date


@pytest.fixture
def pledge(mali):
    made = commitment(
        PartnerFactory(acronym="PNUD"),
        status=CommitmentStatus.ANNOUNCED,
        status_on=D(2020, 9, 15),
    )
    services.commitment_set_status(
        user=made.created_by, commitment=made, status=CommitmentStatus.COMMITTED, on=D(2020, 11, 2)
    )
    services.commitment_set_status(
        user=made.created_by,
        commitment=made,
        status=CommitmentStatus.DISBURSED,
        on=D(2021, 3, 15),
        note="Premier décaissement",
    )
    made.refresh_from_db()
    return made


def test_it_keeps_every_dated_change(pledge):
    history = list(pledge.status_changes.order_by("on").values_list("status", "on", "note"))
    assert history == [
        ("announced", D(2020, 9, 15), ""),
        ("committed", D(2020, 11, 2), ""),
        ("disbursed", D(2021, 3, 15), "Premier décaissement"),
    ]
    assert (pledge.status, pledge.status_on) == ("disbursed", D(2021, 3, 15))


def test_it_answers_the_status_as_of_any_date(pledge):
    assert status_on(pledge, D(2020, 9, 1)) is None
    assert status_on(pledge, D(2020, 9, 15)) == "announced"
    assert status_on(pledge, D(2021, 1, 1)) == "committed"
    assert status_on(pledge, D(2021, 3, 15)) == "disbursed"


def test_it_sums_amounts_by_status_as_of_a_date(pledge):
    other = commitment(PartnerFactory(acronym="GIZ"), amount=500_000, status_on=D(2021, 2, 1))
    totals = commitment_totals_on(
        Commitment.objects.filter(pk__in=[pledge.pk, other.pk]), D(2021, 1, 1)
    )
    assert totals == {"announced": 0, "committed": 1_000_000, "disbursed": 0, "total": 1_000_000}
    totals = commitment_totals_on(
        Commitment.objects.filter(pk__in=[pledge.pk, other.pk]), D(2021, 6, 1)
    )
    assert totals == {
        "announced": 500_000,
        "committed": 0,
        "disbursed": 1_000_000,
        "total": 1_500_000,
    }


def test_a_change_entered_late_stays_in_the_history_without_overriding_the_latest(pledge):
    services.commitment_set_status(
        user=pledge.created_by,
        commitment=pledge,
        status=CommitmentStatus.COMMITTED,
        on=D(2020, 12, 1),
        note="Avenant signé",
    )
    pledge.refresh_from_db()
    assert (pledge.status, pledge.status_on) == ("disbursed", D(2021, 3, 15))
    assert pledge.status_changes.count() == 4
    assert status_on(pledge, D(2020, 12, 15)) == "committed"


def test_it_writes_the_audit_trail_for_each_change(pledge):
    entries = AuditEntry.objects.filter(object_id=str(pledge.pk), verb="status")
    assert entries.count() == 2
    assert entries.filter(reason="Premier décaissement").exists()


def test_it_refuses_an_unknown_status(pledge):
    with pytest.raises(DomainError):
        services.commitment_set_status(
            user=pledge.created_by, commitment=pledge, status="promised", on=D(2021, 4, 1)
        )
    assert CommitmentStatusChange.objects.filter(commitment=pledge).count() == 3


def test_only_the_reform_office_changes_a_status(pledge, partner_viewer, mopti_focal_point):
    for user in (partner_viewer, mopti_focal_point):
        with pytest.raises(PermissionDenied):
            services.commitment_set_status(
                user=user, commitment=pledge, status="announced", on=D(2021, 4, 1)
            )


def test_editing_a_commitment_never_changes_its_status(pledge):
    services.commitment_update(
        user=pledge.created_by, commitment=pledge, title="Lancements régionaux", status="announced"
    )
    pledge.refresh_from_db()
    assert (pledge.title, pledge.status) == ("Lancements régionaux", "disbursed")


def test_a_refused_status_says_which_field_and_why(pledge, national_admin, client_for):
    client = client_for(national_admin)
    url = f"/partners/commitments/{pledge.pk}/status/"
    changes = CommitmentStatusChange.objects.count()
    response = client.post(
        url, {"status": "disbursed", "on": "2021-06-25", "note": "x" * 10_000}, follow=True
    )
    page = response.content.decode()
    assert "Note : " in page and "300" in page
    response = client.post(url, {"status": "disbursed", "on": "9999-12-31"}, follow=True)
    assert "Indiquez une date entre le 01/01/1990" in response.content.decode()
    assert CommitmentStatusChange.objects.count() == changes
