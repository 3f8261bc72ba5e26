"""Meetings objects in Gao for the every-URL scope test: a session attended by a Gao
person whose name carries PERSONAL, a concern, a recommendation and a follow-up with
evidence, all carrying SECRET."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from siccs.committees.models import Committee
from siccs.committees.tests.factories import CommitteeFactory, MembershipFactory, PersonFactory
from siccs.meetings.models import (
    Attendance,
    ConcernStatusChange,
    FollowUp,
    Presence,
    Recommendation,
)
from siccs.meetings.tests.factories import ConcernFactory, RecommendationFactory, SessionFactory
from siccs.partners.models import Partner
from siccs.rollout.models import StepRecord


def populate(world) -> None:
    secret, personal = world.SECRET, world.PERSONAL
    committee = Committee.objects.filter(unit=world.mali.gao_commune).first()
    if committee is None:
        committee = CommitteeFactory(unit=world.mali.gao_commune, name=f"CCS de Gao {secret}")
    world.kwargs.setdefault("committee_id", committee.pk)
    membership = MembershipFactory(
        committee=committee, person=PersonFactory(full_name=f"Moussa Maïga {personal}")
    )
    session = SessionFactory(
        committee=committee,
        place=f"Salle {secret}",
        agenda=f"Ordre du jour {secret}",
        chair=f"Président {personal}",
        minutes_text=f"Interventions de {personal} {secret}",
    )
    session.minutes_file.save("scan.pdf", ContentFile(b"%PDF-1.4 " + secret.encode()), save=True)
    Attendance.objects.create(session=session, membership=membership, presence=Presence.PRESENT)
    concern = ConcernFactory(
        committee=committee,
        title=f"Braquages {secret} {world.CONCERN}",
        description=f"Signalé par {personal} {secret}",
        session=session,
    )
    ConcernStatusChange.objects.create(
        concern=concern, status="received", at=dt.datetime(2021, 6, 20, tzinfo=dt.UTC)
    )
    session.agenda_concerns.add(concern)
    recommendation: Recommendation = RecommendationFactory(
        session=session,
        text=f"Patrouilles {secret}",
        responsible=f"Adjudant {personal}",
        due_on=dt.date(2021, 8, 1),
    )
    recommendation.concerns.add(concern)
    follow_up = FollowUp.objects.create(
        recommendation=recommendation,
        on=dt.date(2021, 7, 15),
        status="in_progress",
        note=f"Suivi {secret}",
        evidence_name=f"photo {personal}.png",
    )
    follow_up.evidence.save(
        "proof.png", ContentFile(b"\x89PNG\r\n\x1a\n" + secret.encode()), save=True
    )
    # The partner viewer's partner supported a step of this committee: it sees the
    # committee's sessions and recommendations, and must still not see the concern.
    supporter = Partner.objects.filter(acronym="PNUD").first()
    if supporter is not None:
        record = StepRecord.objects.filter(committee=committee).order_by("-step__order").first()
        if record is not None:
            StepRecord.objects.filter(pk=record.pk).update(partner=supporter)
    world.kwargs["session_id"] = session.pk
    world.kwargs["concern_id"] = concern.pk
    world.kwargs["recommendation_id"] = recommendation.pk
    world.kwargs["follow_up_id"] = follow_up.pk
    # The lists narrowed to Gao, as the dashboard's links ask them (region as of a date,
    # answered by then), so that a filter cannot let Gao rows through to an outsider.
    world.queries.extend(
        [
            {"from": "2021-01-01", "to": "2021-12-31", "region": world.mali.gao.pk},
            {"to": "2021-06-25", "region": world.mali.gao.pk, "answered": "1"},
            {"on": "2021-07-20", "region": world.mali.gao.pk, "status": "in_progress"},
        ]
    )
