"""The weekly e-mail digest of focal points and national staff: what changed in their
territory over the week, what is late, what waits for them. Every list is read through
the scoping mechanism as the recipient, so a digest never names anything outside the
recipient's territory."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, Role, user_has_action
from siccs.notifications.models import Purpose
from siccs.notifications.services import deliver, template_for

DIGEST_ROLES = [Role.FOCAL_POINT, Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST]
LATE_LISTED = 30


def digest_content(*, user: Any, now: dt.datetime) -> dict[str, Any]:
    """The figures and lists of one recipient's digest, as of `now`."""
    from siccs.citizens.models import CitizenReport
    from siccs.meetings.models import Concern, Recommendation, RecommendationStatus, Session

    today = timezone.localdate(now)
    week_ago = today - dt.timedelta(days=7)
    late = (
        Recommendation.objects.visible_to(user)
        .filter(
            status__in=[RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS],
            due_on__lt=today,
        )
        .select_related("session__committee")
        .order_by("due_on", "pk")
    )
    content: dict[str, Any] = {
        "today": today,
        "sessions": Session.objects.visible_to(user)
        .filter(held_on__gt=week_ago, held_on__lte=today)
        .count(),
        "concerns": Concern.objects.visible_to(user)
        .filter(received_on__gt=week_ago, received_on__lte=today)
        .count(),
        "late_count": late.count(),
        "late": list(late[:LATE_LISTED]),
    }
    if user_has_action(user, Action.TRIAGE):
        waiting = CitizenReport.objects.visible_to(user).filter(
            answered_at__isnull=True, anonymised=False
        )
        content["untriaged"] = waiting.filter(category__isnull=True).count()
        content["unanswered"] = waiting.count()
    return content


def digests_send(*, now: dt.datetime | None = None, users: Any = None) -> int:
    """Once a week (on the weekday of the template's days, 0 = Monday), one digest per
    focal point and national staff member with an e-mail address (among `users` when
    given: the demo writes one)."""
    now = now or timezone.now()
    template = template_for(Purpose.DIGEST)
    if template is None:
        return 0
    today = timezone.localdate(now)
    if today.weekday() != template.days % 7:
        return 0
    year, week, _day = today.isocalendar()
    recipients = (
        get_user_model()
        .objects.filter(
            is_active=True, assignments__active=True, assignments__role__in=DIGEST_ROLES
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    if users is not None:
        recipients = recipients.filter(pk__in=[u.pk for u in users])
    count = 0
    for user in recipients:
        with translation.override("fr"):
            body = render_to_string(
                "notifications/digest.txt",
                {"intro": template.text_fr, **digest_content(user=user, now=now)},
            )
            subject = _("SI-CCS: your weekly digest")
        written = deliver(
            key=f"digest:user={user.pk}:{year}-W{week:02d}",
            purpose=Purpose.DIGEST,
            text=body,
            unit=None,
            recipient=f"user={user.pk}",
            email=user.email,
            subject=subject,
            now=now,
        )
        count += written is not None
    return count
