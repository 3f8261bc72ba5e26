"""Methodology versions: drafts copied from the latest, edited, published; committees keep
theirs and move to a new one with the mapping by step code shown first."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from siccs.committees.models import Committee, CommitteeLevel
from siccs.committees.selectors import with_state
from siccs.committees.services import committee_plan
from siccs.core.errors import DomainError
from siccs.rollout import services
from siccs.rollout.models import MethodologyVersion, StepRecord, StepStatus


@pytest.fixture
def version(reference_data):
    return reference_data


def test_it_ships_the_default_methodology_with_seven_steps(version):
    codes = list(version.steps.order_by("order").values_list("code", flat=True))
    assert codes == [
        "preparation",
        "identification",
        "appointment",
        "launch",
        "training",
        "first-session",
        "regular-sessions",
    ]
    assert version.steps.get(marks_installation=True).code == "launch"


def test_it_copies_the_latest_version_into_a_single_draft(national_admin, version):
    draft = services.methodology_draft_create(user=national_admin, methodology=version.methodology)
    assert (draft.number, draft.is_published) == (2, False)
    assert draft.steps.count() == 7
    with pytest.raises(DomainError):
        services.methodology_draft_create(user=national_admin, methodology=version.methodology)


def test_it_refuses_methodology_changes_to_non_administrators(mopti_focal_point, version):
    with pytest.raises(PermissionDenied):
        services.methodology_draft_create(user=mopti_focal_point, methodology=version.methodology)


def test_it_freezes_published_versions(national_admin, version):
    with pytest.raises(DomainError):
        services.methodology_step_save(user=national_admin, version=version, code="x", name="X")


def test_it_edits_reorders_and_publishes_a_draft(client_for, national_admin, version):
    client = client_for(national_admin)
    client.post(reverse("rollout:draft_create", args=[version.methodology_id]))
    draft = MethodologyVersion.objects.get(is_published=False)
    training = draft.steps.get(code="training")
    client.post(
        reverse("rollout:step_edit", args=[training.pk]),
        {
            "code": "training",
            "name": "Formation initiale des membres",
            "expected_days": 10,
            "required": "on",
        },
    )
    client.post(
        reverse("rollout:step_add", args=[draft.pk]),
        {"code": "equipment", "name": "Équipement du comité", "expected_days": 60},
    )
    client.post(reverse("rollout:step_move", args=[training.pk]), {"direction": "up"})
    client.post(reverse("rollout:step_delete", args=[draft.steps.get(code="regular-sessions").pk]))
    url = reverse("rollout:version_publish", args=[draft.pk])
    summary = client.get(url).content.decode()
    assert "Modifications depuis Méthodologie" in summary
    added = summary.split('class="changes-added"')[1].split("</ul>")[0]
    removed = summary.split('class="changes-removed"')[1].split("</ul>")[0]
    changed = summary.split('class="changes-changed"')[1].split("</ul>")[0]
    assert "Équipement du comité" in added and "equipment" in added
    assert "regular-sessions" in removed
    assert "training" in changed and "nom" in changed and "durée attendue (jours)" in changed
    assert "Étapes déplacées" in summary
    # Not confirmed: nothing is published.
    response = client.post(url, {"notes": "v2"})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert not draft.is_published
    response = client.post(url, {"notes": "v2", "confirm": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert list(draft.steps.order_by("order").values_list("code", flat=True)) == [
        "preparation",
        "identification",
        "appointment",
        "training",
        "launch",
        "first-session",
        "equipment",
    ]
    assert draft.steps.get(code="training").name == "Formation initiale des membres"
    # The published version 1 is untouched.
    assert version.steps.get(code="training").name == "Formation des membres"


def test_it_moves_a_committee_to_a_new_version_keeping_its_history(national_admin, mali, version):
    level = CommitteeLevel.objects.get(code="communal")
    committee = committee_plan(
        user=national_admin, unit=mali.bandiagara, level=level, planned_on=dt.date(2021, 1, 4)
    )
    StepRecord.objects.filter(committee=committee, step__order__lte=4).update(
        status=StepStatus.DONE, done_on=dt.date(2021, 5, 3)
    )
    draft = services.methodology_draft_create(user=national_admin, methodology=version.methodology)
    services.methodology_step_delete(user=national_admin, step=draft.steps.get(code="training"))
    services.methodology_step_save(
        user=national_admin, version=draft, code="diagnostic", name="Diagnostic local de sécurité"
    )
    services.methodology_publish(user=national_admin, version=draft)

    plan = services.migration_plan(committee, draft)
    assert [step.code for _r, step in plan["new"]] == ["diagnostic"]
    assert [record.step.code for record, _s in plan["left"]] == ["training"]
    assert len(plan["kept"]) == 6

    installed_before = with_state(
        Committee.objects.filter(pk=committee.pk), dt.date(2021, 6, 1)
    ).get()
    services.committee_migrate_version(user=national_admin, committee=committee, target=draft)
    committee.refresh_from_db()
    assert committee.methodology_version == draft
    after = with_state(Committee.objects.filter(pk=committee.pk), dt.date(2021, 6, 1)).get()
    assert after.installed_on == installed_before.installed_on == dt.date(2021, 5, 3)
    # The old training record stays, attached to version 1, as history.
    assert committee.step_records.filter(step__version=version, step__code="training").exists()
    assert committee.step_records.filter(step__version=draft).count() == 7


def test_it_previews_the_mapping_before_applying(client_for, national_admin, mali, version):
    level = CommitteeLevel.objects.get(code="communal")
    committee = committee_plan(user=national_admin, unit=mali.bandiagara, level=level)
    draft = services.methodology_draft_create(user=national_admin, methodology=version.methodology)
    services.methodology_publish(user=national_admin, version=draft)
    client = client_for(national_admin)
    url = reverse("rollout:committee_migrate", args=[committee.pk])
    response = client.get(url)
    assert "conservée, avec ses dates" in response.content.decode()
    committee.refresh_from_db()
    assert committee.methodology_version == version
    client.post(url, {"target": draft.pk})
    committee.refresh_from_db()
    assert committee.methodology_version == draft


def test_it_asks_planned_dates_for_the_steps_a_move_adds(client_for, national_admin, mali, version):
    level = CommitteeLevel.objects.get(code="communal")
    committee = committee_plan(user=national_admin, unit=mali.bandiagara, level=level)
    draft = services.methodology_draft_create(user=national_admin, methodology=version.methodology)
    diagnostic = services.methodology_step_save(
        user=national_admin,
        version=draft,
        code="diagnostic",
        name="Diagnostic local de sécurité",
        expected_days=20,
    )
    services.methodology_publish(user=national_admin, version=draft)
    client = client_for(national_admin)
    url = reverse("rollout:committee_migrate", args=[committee.pk])
    page = client.get(url).content.decode()
    offered = timezone.localdate() + dt.timedelta(days=20)
    assert f'name="planned_{diagnostic.pk}" value="{offered.isoformat()}"' in page
    assert "Diagnostic local de sécurité" in page
    client.post(url, {"target": draft.pk, f"planned_{diagnostic.pk}": "2027-03-15"})
    record = committee.step_records.get(step=diagnostic)
    assert record.planned_on == dt.date(2027, 3, 15)
