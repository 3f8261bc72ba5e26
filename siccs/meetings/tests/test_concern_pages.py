"""The concern register page, concern detail with status and merge, the agenda builder."""

import datetime as dt

import pytest

from siccs.meetings.models import Concern, ConcernCategory

pytestmark = pytest.mark.django_db


def test_it_lists_open_concerns_first_with_filters(
    concern, gao_secretary, committee, client_for, django_assert_max_num_queries
):
    from siccs.meetings import services

    closed = concern(title="Ancienne affaire close")
    services.concern_set_status(user=gao_secretary, concern=closed, status="closed")
    for n in range(8):
        concern(title=f"Vol de bétail n{n}")
    client = client_for(gao_secretary)
    with django_assert_max_num_queries(8):
        html = client.get(f"/sessions/committee/{committee.pk}/concerns/").content.decode()
    assert html.index("Vol de bétail n") < html.index("Ancienne affaire close")
    filtered = client.get(
        f"/sessions/committee/{committee.pk}/concerns/", {"status": "closed"}
    ).content.decode()
    assert "Ancienne affaire close" in filtered and "Vol de bétail n1" not in filtered


def test_it_registers_a_concern_from_the_form(committee, client_for, gao_secretary, mali):
    response = client_for(gao_secretary).post(
        f"/sessions/committee/{committee.pk}/concerns/new/",
        {
            "category": ConcernCategory.objects.get(code="ied").pk,
            "title": "Engin explosif sur la route de Bourem",
            "source": "field_form",
            "severity": "4",
            "unit": mali.gao_commune.pk,
            "received_on": "2021-07-02",
            "facts_on": "2021-07-01",
        },
    )
    created = Concern.objects.get()
    assert response["Location"] == f"/sessions/concerns/{created.pk}/"
    assert (created.source, created.severity, created.status) == ("field_form", 4, "received")


def test_it_changes_status_and_merges_from_the_detail_page(concern, client_for, gao_secretary):
    original, duplicate = concern(), concern(title="Le même vol signalé deux fois")
    client = client_for(gao_secretary)
    client.post(
        f"/sessions/concerns/{original.pk}/status/", {"status": "qualified", "note": "Vérifié"}
    )
    client.post(f"/sessions/concerns/{duplicate.pk}/merge/", {"into": original.pk})
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert original.status == "qualified"
    assert duplicate.duplicate_of == original and duplicate.status == "closed"
    page = client.get(f"/sessions/concerns/{duplicate.pk}/").content.decode()
    assert "Fusionnée avec" in page


def test_it_builds_the_agenda_from_open_concerns(
    committee, members, record, concern, client_for, gao_secretary
):
    session = record(committee, dt.date(2021, 7, 1), dict.fromkeys(members, "present"))
    first, second = (
        concern(),
        concern(title="Conflit entre agriculteurs et éleveurs", code="intercommunal"),
    )
    client = client_for(gao_secretary)
    form = client.get(f"/sessions/{session.pk}/agenda/").content.decode()
    assert "Conflit entre agriculteurs" in form
    client.post(f"/sessions/{session.pk}/agenda/", {"concerns": [first.pk, second.pk]})
    assert set(session.agenda_concerns.all()) == {first, second}
    first.refresh_from_db()
    assert first.status == "forwarded"
    assert (
        "Conflit entre agriculteurs" in client.get(f"/sessions/{session.pk}/pv/").content.decode()
    )
