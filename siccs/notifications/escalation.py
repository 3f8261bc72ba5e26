"""Escalation of a late recommendation or of a concern to the next level.

A communal committee's item goes to the committee of its region, a regional committee's
to the national level (the C-RSS, no committee). Each step is a row, so the history is
kept and the item shows on the board of the level that holds it now. The worker escalates
by itself a recommendation still open `days` after its deadline (template "escalation").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, can
from siccs.audit.services import audit_record
from siccs.committees.models import Committee
from siccs.core.errors import DomainError
from siccs.notifications.models import Escalation, Purpose
from siccs.notifications.reminders import Contact, committee_contacts, send_once
from siccs.territory.models import Level


def next_level(committee: Committee) -> Committee | None:
    """The nearest committee above (region), or None for the national level."""
    unit = committee.unit
    return (
        Committee.objects.filter(
            unit_id__in=[pk for pk in unit.depth_ids if pk != unit.pk],
            unit__level__gte=Level.REGION,
        )
        .select_related("unit")
        .order_by("-unit__level")
        .first()
    )


def holder(item: Any, origin: Committee) -> tuple[Committee | None, bool]:
    """Who holds the item now, and whether it reached the national level."""
    last = item.escalations.order_by("-at", "-pk").select_related("to_committee__unit").first()
    if last is None:
        return origin, False
    return last.to_committee, last.to_committee is None


def _national_contacts() -> list[Contact]:
    from siccs.citizens.selectors import national_admin_emails

    return [Contact(label=f"national={email}", email=email) for email in national_admin_emails()]


@transaction.atomic
def escalate(
    *,
    user: Any,
    recommendation: Any = None,
    concern: Any = None,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Escalation:
    """Hand the item to the next level above the one holding it now, and tell them."""
    now = now or timezone.now()
    item = recommendation or concern
    origin = recommendation.session.committee if recommendation else concern.committee
    current, national = holder(item, origin)
    if national:
        raise DomainError(_("This item is already at the national level."))
    if user is not None and not can(user, Action.CHANGE, current or origin):
        raise PermissionDenied
    target = next_level(current)
    escalation = Escalation.objects.create(
        recommendation=recommendation,
        concern=concern,
        from_committee=current,
        to_committee=target,
        at=now,
        by=user,
        reason=reason.strip(),
    )
    audit_record(user=user, obj=escalation, verb="create", reason=escalation.reason)
    from siccs.notifications.services import template_for

    template = template_for(Purpose.ESCALATION)
    if template is not None:
        today = timezone.localdate(now)
        text = " ".join((getattr(item, "text", "") or getattr(item, "title", "")).split())
        send_once(
            template=template,
            purpose=Purpose.ESCALATION,
            subject=f"escalation={escalation.pk}",
            occasion="once",
            contacts=committee_contacts(target, today) if target else _national_contacts(),
            unit=(target or current).unit if target else None,
            now=now,
            item=_("The recommendation") if recommendation else _("The concern"),
            committee=current.name,
            to=target.name if target else _("national level"),
            text=text[:80],
        )
    return escalation


def late_recommendations_escalate(*, now: dt.datetime | None = None) -> int:
    """Recommendations still open `days` after their deadline and never escalated."""
    from siccs.meetings.models import Recommendation, RecommendationStatus
    from siccs.notifications.services import template_for

    template = template_for(Purpose.ESCALATION)
    if template is None:
        return 0
    now = now or timezone.now()
    limit = timezone.localdate(now) - dt.timedelta(days=template.days)
    late = Recommendation.objects.filter(
        status__in=[RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS],
        due_on__lte=limit,
        escalations__isnull=True,
    ).select_related("session__committee__unit")
    count = 0
    for recommendation in late:
        escalate(
            user=None,
            recommendation=recommendation,
            reason=_("Still open %(days)s days after its deadline.") % {"days": template.days},
            now=now,
        )
        count += 1
    return count
