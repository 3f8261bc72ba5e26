"""Reads of the field forms: the forms a user may fill, the choice lists (CSV media) they
receive with them, and the submissions to review.

Choice lists are generated from the database on every request, so they follow every
change of the data, and each goes through the one scoping mechanism: a list never holds a
committee, member, step or place outside the user's scope, and never a phone number.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import F, Q, QuerySet

from siccs.accounts.scoping import Action, user_has_action
from siccs.committees.models import Committee, Membership
from siccs.core import dates
from siccs.fieldforms.models import Submission, SubmissionStatus
from siccs.fieldforms.xforms import CATALOGUE, FieldForm
from siccs.meetings.models import Addressee, ConcernCategory, Recommendation, RecommendationStatus
from siccs.rollout.models import StepRecord, StepStatus
from siccs.territory.models import AdministrativeUnit, Level

# Members whose mandate ended this many days ago still appear: a session held before
# they left may be entered late, offline.
RECENT_MEMBERS_DAYS = 180
PENDING_RECOMMENDATIONS = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


def forms_for(user: Any) -> list[FieldForm]:
    """The forms the user may fill: those whose action the user holds somewhere."""
    return [form for form in CATALOGUE.values() if user_has_action(user, form.action)]


def form_for(user: Any, form_id: str) -> FieldForm | None:
    return next((f for f in forms_for(user) if f.form_id == form_id), None)


def entry_committees(user: Any) -> QuerySet[Committee]:
    """Committees the user may record sessions, steps and follow-ups for."""
    return Committee.objects.visible_to(user, Action.CHANGE)


def _committees(user: Any) -> Iterable[list[Any]]:
    for pk, name in entry_committees(user).order_by("name").values_list("pk", "name"):
        yield [pk, name]


def _members(user: Any) -> Iterable[list[Any]]:
    today = dates.today()
    since = today - dt.timedelta(days=RECENT_MEMBERS_DAYS)
    memberships = (
        Membership.objects.visible_to(user, Action.VIEW_PERSONAL)
        .filter(committee__in=entry_committees(user))
        .filter(Q(start_on__isnull=True) | Q(start_on__lte=today))
        .filter(Q(end_on__isnull=True, active=True) | Q(end_on__gt=since))
        .select_related("person")
        .order_by("committee_id", "person__full_name")
    )
    for membership in memberships:
        # The name and function only: never a phone, an organisation or an age.
        label = f"{membership.person.full_name} ({membership.get_function_display()})"
        yield [membership.pk, label, membership.committee_id]


def _categories(user: Any) -> Iterable[list[Any]]:
    for code, name in ConcernCategory.objects.filter(active=True).values_list("code", "name"):
        yield [code, name]


def _addressees(user: Any) -> Iterable[list[Any]]:
    for pk, name in Addressee.objects.values_list("pk", "name"):
        yield [pk, name]


def _steps(user: Any) -> Iterable[list[Any]]:
    records = (
        StepRecord.objects.visible_to(user, Action.CHANGE)
        .filter(step__version=F("committee__methodology_version"))
        .exclude(status__in=(StepStatus.DONE, StepStatus.NOT_APPLICABLE))
        .select_related("step")
        .order_by("committee_id", "step__order")
    )
    for record in records:
        yield [record.pk, f"{record.step.order}. {record.step.name}", record.committee_id]


def _recommendations(user: Any) -> Iterable[list[Any]]:
    recommendations = (
        Recommendation.objects.visible_to(user, Action.CHANGE)
        .filter(status__in=PENDING_RECOMMENDATIONS)
        .select_related("session")
        .order_by("session__committee_id", "-adopted_on", "-pk")
    )
    for recommendation in recommendations:
        text = " ".join(recommendation.text.split())
        text = text if len(text) <= 90 else text[:89] + "…"
        label = f"{recommendation.adopted_on:%d/%m/%Y} — {text}"
        yield [recommendation.pk, label, recommendation.session.committee_id]


def _communes(user: Any) -> Iterable[list[Any]]:
    communes = (
        AdministrativeUnit.objects.visible_to(user, Action.TRIAGE)
        .in_force()
        .filter(level=Level.COMMUNE)
        .select_related("parent")
        .order_by("name", "pk")
    )
    for commune in communes:
        label = f"{commune.name} ({commune.parent.name})" if commune.parent else commune.name
        yield [commune.pk, label]


# name of the media file: (columns, rows of the user)
CHOICE_LISTS: dict[str, tuple[list[str], Callable[[Any], Iterable[list[Any]]]]] = {
    "comites.csv": (["name", "label"], _committees),
    "membres.csv": (["name", "label", "comite"], _members),
    "categories.csv": (["name", "label"], _categories),
    "destinataires.csv": (["name", "label"], _addressees),
    "etapes.csv": (["name", "label", "comite"], _steps),
    "recommandations.csv": (["name", "label", "comite"], _recommendations),
    "communes.csv": (["name", "label"], _communes),
}


def _cell(value: Any) -> str:
    # The lists may be opened in a spreadsheet (loaded into KoboToolbox by hand): a name
    # typed as a formula must stay text.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def choice_list(user: Any, name: str) -> bytes:
    """The CSV a form reads its choices from, as this user may see it today."""
    columns, rows = CHOICE_LISTS[name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows(user):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def media_hash(content: bytes) -> str:
    return "md5:" + hashlib.md5(content).hexdigest()


# --- Submissions ----------------------------------------------------------------------


def review_queue(*, user: Any, status: str = SubmissionStatus.IN_REVIEW) -> QuerySet[Submission]:
    """Submissions to review in the user's territory (unknown place: national roles)."""
    queryset = Submission.objects.visible_to(user, Action.REVIEW).select_related(
        "submitted_by", "unit"
    )
    return queryset.filter(status=status) if status else queryset


def own_submissions(*, user: Any) -> QuerySet[Submission]:
    """What the user sent from the field, whatever became of it: their own work."""
    if not getattr(user, "is_authenticated", False):
        return Submission.objects.none()
    return Submission.objects.filter(submitted_by=user).select_related("unit")
