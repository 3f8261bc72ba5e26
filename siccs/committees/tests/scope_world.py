"""Committee objects in Gao for the every-URL scope test (rollout's URLs included)."""

from __future__ import annotations

import datetime as dt

from siccs.accounts.scoping import Role
from siccs.accounts.tests.factories import AssignmentFactory, UserFactory
from siccs.committees.imports import Line, Report
from siccs.committees.models import (
    Committee,
    CommitteeImport,
    CommitteeLevel,
    ImportStatus,
    Membership,
    WorkingCommission,
)
from siccs.committees.reference import ensure_reference_data
from siccs.committees.tests.factories import PersonFactory, category
from siccs.partners.models import Partner, PartnerKind
from siccs.rollout.models import Evidence, StepRecord, StepStatus
from siccs.rollout.reference import ensure_default_methodology


def gao_committee(world) -> Committee:
    """The Gao communal committee carrying the secret; built once per world."""
    if "committee_id" in world.kwargs:
        return Committee.objects.get(pk=world.kwargs["committee_id"])
    ensure_reference_data()
    version = ensure_default_methodology()
    committee = Committee.objects.create(
        name=f"CCS de Gao {world.SECRET}",
        level=CommitteeLevel.objects.get(code="communal"),
        unit=world.mali.gao_commune,
        methodology_version=version,
        planned_on=dt.date(2021, 1, 4),
        notes=f"Note {world.SECRET}",
        secretariat=f"Secrétariat {world.SECRET}",
    )
    partner, _ = Partner.objects.get_or_create(
        acronym="DCAF",
        defaults={
            "name": "Centre pour la gouvernance du secteur de la sécurité, Genève",
            "kind": PartnerKind.MULTILATERAL,
        },
    )
    records = []
    for step in version.steps.order_by("order"):
        records.append(
            StepRecord.objects.create(
                committee=committee,
                step=step,
                status=StepStatus.BLOCKED if step.order == 2 else StepStatus.DONE,
                done_on=dt.date(2021, 2, 1) if step.order == 1 else None,
                blocked_on=dt.date(2021, 3, 1) if step.order == 2 else None,
                blocked_reason=f"FDS en opération {world.SECRET}" if step.order == 2 else "",
                planned_on=dt.date(2021, 2, 1),
                partner=partner if step.order == 1 else None,
                notes=f"Notes {world.SECRET}",
            )
        )
    # The file itself is not needed: every user of the walk must be refused it.
    evidence = Evidence.objects.create(
        record=records[0],
        file="evidence/world/attendance.pdf",
        original_name=f"liste-presence-{world.PERSONAL}.pdf",
        content_type="application/pdf",
        size=10,
        description=f"Liste de présence {world.PERSONAL}",
    )
    person = PersonFactory(
        full_name=f"Aïssata Maïga {world.PERSONAL}",
        phone=f"+22370{world.PERSONAL}",
        organisation=f"Coordination des femmes {world.SECRET}",
    )
    membership = Membership.objects.create(
        committee=committee,
        person=person,
        category=category("women", "Association de femmes"),
        start_on=dt.date(2021, 5, 1),
    )
    WorkingCommission.objects.create(committee=committee, name=f"Transhumance {world.SECRET}")
    world.kwargs["committee_id"] = committee.pk
    world.kwargs["step_record_id"] = records[0].pk
    world.kwargs["evidence_id"] = evidence.pk
    world.kwargs["membership_id"] = membership.pk
    world.queries.extend(
        [
            {"on": "2021-06-25"},
            {"region": world.mali.gao.pk, "stalled": "on"},
            {"partner": partner.pk},
            {"no_partner": "on", "sort": "-step"},
            {"kind": "members"},
        ]
    )
    return committee


def populate(world) -> None:
    committee = gao_committee(world)
    version = committee.methodology_version
    world.kwargs["methodology_id"] = version.methodology_id
    world.kwargs["methodology_version_id"] = version.pk
    world.kwargs["methodology_step_id"] = version.steps.first().pk
    # A Gao secretary's member import waiting for confirmation: its preview names members.
    user = UserFactory(username="sec.gao.import")
    AssignmentFactory(user=user, role=Role.SECRETARY, unit=world.mali.gao_commune)
    job = CommitteeImport.objects.create(
        kind="members",
        unit=world.mali.gao_commune,
        original_name=f"membres-{world.SECRET}.xlsx",
        digest="0" * 64,
        status=ImportStatus.READY,
        progress=100,
        report=Report(
            rows=1,
            lines=[Line(2, "create", f"Nouveau membre : {world.PERSONAL} {world.SECRET}")],
        ).as_json(),
        created_by=user,
    )
    world.kwargs["committee_import_id"] = job.pk
