"""Notifications objects in Gao for the every-URL scope test: a scheduled session whose
place and agenda carry SECRET, a convocation of a member whose name carries PERSONAL,
and a message of the log carrying both."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from siccs.committees.models import Committee
from siccs.committees.tests.factories import CommitteeFactory, MembershipFactory, PersonFactory
from siccs.notifications.models import (
    Channel,
    Convocation,
    Delivery,
    DeliveryState,
    MessageTemplate,
    PlannedSession,
    Purpose,
)
from siccs.notifications.reference import install_templates


def populate(world) -> None:
    secret, personal = world.SECRET, world.PERSONAL
    committee = Committee.objects.filter(unit=world.mali.gao_commune).first()
    if committee is None:
        committee = CommitteeFactory(unit=world.mali.gao_commune, name=f"CCS de Gao {secret}")
    world.kwargs.setdefault("committee_id", committee.pk)
    planned = PlannedSession.objects.create(
        committee=committee,
        planned_on=timezone.localdate() + dt.timedelta(days=3),
        place=f"Salle {secret}",
        agenda=f"Ordre du jour {secret}",
    )
    membership = MembershipFactory(
        committee=committee, person=PersonFactory(full_name=f"Aminata Touré {personal}")
    )
    Convocation.objects.create(
        planned_session=planned, membership=membership, sent_at=timezone.now()
    )
    Delivery.objects.create(
        key=f"scope-world:{secret}",
        purpose=Purpose.CONVOCATION,
        channel=Channel.SMS,
        state=DeliveryState.QUEUED,
        unit=world.mali.gao_commune,
        recipient=f"Aminata Touré {personal}",
        text=f"Convocation {secret}",
        created_at=timezone.now(),
    )
    install_templates()
    world.kwargs["planned_session_id"] = planned.pk
    # A template names no territory: its pages are reserved to national administrators.
    world.kwargs["message_template_id"] = MessageTemplate.objects.order_by("pk").first().pk
    world.unscoped_kwargs.add("message_template_id")
