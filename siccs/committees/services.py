"""Writing committees and their members: scoped, validated, audited, one transaction each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, ensure_unit_in_scope, user_has_action
from siccs.audit.services import REDACTED, audit_record, snapshot
from siccs.committees.models import (
    Committee,
    CommitteeLevel,
    MemberCategory,
    Membership,
    Person,
    WorkingCommission,
)
from siccs.committees.signals import person_sex_changed
from siccs.core import dates
from siccs.core.errors import DomainError
from siccs.core.phones import clean_phone
from siccs.rollout.models import MethodologyVersion, StepRecord
from siccs.territory.models import AdministrativeUnit, Level


def latest_published_version() -> MethodologyVersion:
    version = (
        MethodologyVersion.objects.filter(is_published=True)
        .order_by("-published_on", "-number", "-pk")
        .first()
    )
    if version is None:
        raise DomainError(_("No published methodology: publish one first."))
    return version


def default_name(level: CommitteeLevel, unit: AdministrativeUnit) -> str:
    if level.code == "district":
        return _("CCS of the District of %(name)s") % {"name": unit.name}
    prefix = level.acronym or _("CCS")
    return f"{prefix} {unit.name}"


def _validate(committee: Committee) -> None:
    try:
        committee.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict or "unit" in error.message_dict:
            raise DomainError(
                _("This place already has a committee of this level."), field="unit"
            ) from error
        field_name, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field_name) from error


def _schedule(committee: Committee, start: dt.date) -> None:
    """One planned record per step of the committee's version, dated by expected durations."""
    planned = start
    records = []
    for step in committee.methodology_version.steps.order_by("order"):
        planned = planned + dt.timedelta(days=step.expected_days)
        records.append(StepRecord(committee=committee, step=step, planned_on=planned))
    StepRecord.objects.bulk_create(records)


@transaction.atomic
def committee_plan(
    *,
    user: Any,
    unit: AdministrativeUnit,
    level: CommitteeLevel,
    planned_on: dt.date | None = None,
    name: str = "",
    methodology_version: MethodologyVersion | None = None,
    chair_office: str = "",
    secretariat: str = "",
    notes: str = "",
) -> Committee:
    """Put a committee in the plan for `unit`, with one planned record per methodology step.

    The unit must be in the user's scope and of the level the committee level expects."""
    ensure_unit_in_scope(user, unit)
    if unit.level != level.unit_level:
        raise DomainError(
            _("A %(level)s sits in a %(unit_level)s.")
            % {"level": level.name, "unit_level": Level(level.unit_level).label},
            field="unit",
        )
    committee = Committee(
        name=name or default_name(level, unit),
        level=level,
        unit=unit,
        methodology_version=methodology_version or latest_published_version(),
        planned_on=planned_on or dates.today(),
        chair_office=chair_office or level.chair_office,
        secretariat=secretariat,
        notes=notes,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _validate(committee)
    committee.save()
    _schedule(committee, committee.planned_on)
    audit_record(user=user, obj=committee, verb="plan")
    return committee


COMMITTEE_EDITABLE = (
    "name",
    "planned_on",
    "creation_act_reference",
    "creation_act_date",
    "creation_act_file",
    "chair_office",
    "secretariat",
    "notes",
)


@transaction.atomic
def committee_update(*, user: Any, committee: Committee, **changes: Any) -> Committee:
    """Change what describes a committee; its unit, level and version change elsewhere."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    ensure_unit_in_scope(user, committee.unit)
    before = snapshot(committee)
    for name, value in changes.items():
        if name not in COMMITTEE_EDITABLE:
            raise DomainError(_("This field cannot be changed here."), field=name)
        setattr(committee, name, value)
    _validate(committee)
    committee.save()
    audit_record(user=user, obj=committee, verb="update", before=before)
    return committee


@dataclass
class BulkPlanResult:
    created: list[Committee] = field(default_factory=list)
    skipped: list[AdministrativeUnit] = field(default_factory=list)


@transaction.atomic
def committees_plan_bulk(
    *,
    user: Any,
    area: AdministrativeUnit,
    level: CommitteeLevel,
    planned_on: dt.date | None = None,
) -> BulkPlanResult:
    """Plan a committee of `level` in every unit of that level inside `area` that has none."""
    ensure_unit_in_scope(user, area)
    result = BulkPlanResult()
    units = (
        AdministrativeUnit.objects.visible_to(user, Action.CHANGE)
        .inside(area)
        .in_force(planned_on)
        .filter(level=level.unit_level)
        .order_by("name")
    )
    taken = set(
        Committee.objects.filter(level=level, unit__in=units).values_list("unit_id", flat=True)
    )
    version = latest_published_version()
    for unit in units:
        if unit.pk in taken:
            result.skipped.append(unit)
            continue
        result.created.append(
            committee_plan(
                user=user,
                unit=unit,
                level=level,
                planned_on=planned_on,
                methodology_version=version,
            )
        )
    return result


# --- Members -------------------------------------------------------------------------


def _person_snapshot(person: Person) -> dict[str, Any]:
    values = snapshot(person)
    # The audit trail must not become a second list of names.
    values["full_name"] = REDACTED
    return values


def _ensure_personal(user: Any, committee: Committee) -> None:
    if (
        not Committee.objects.visible_to(user, Action.VIEW_PERSONAL)
        .filter(pk=committee.pk)
        .exists()
    ):
        raise PermissionDenied
    ensure_unit_in_scope(user, committee.unit)


PERSON_FIELDS = ("full_name", "sex", "birth_year", "age_group", "phone", "organisation")
MEMBERSHIP_FIELDS = ("category", "function", "start_on", "end_on", "active")


def _check_dates(start_on: dt.date | None, end_on: dt.date | None) -> None:
    if start_on and end_on and end_on < start_on:
        raise DomainError(_("A mandate cannot end before it starts."), field="end_on")


@transaction.atomic
def membership_add(
    *,
    user: Any,
    committee: Committee,
    category: MemberCategory,
    full_name: str,
    sex: str,
    function: str = "member",
    birth_year: int | None = None,
    age_group: str = "",
    phone: str = "",
    organisation: str = "",
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    active: bool = True,
    person: Person | None = None,
) -> Membership:
    """Seat a person (new, or `person` already sitting elsewhere) in `committee`."""
    _ensure_personal(user, committee)
    _check_dates(start_on, end_on)
    if person is None:
        person = Person(
            full_name=full_name.strip(),
            sex=sex,
            birth_year=birth_year,
            age_group=age_group,
            phone=clean_phone(phone),
            organisation=organisation.strip(),
        )
        person.full_clean()
        person.save()
        audit_record(user=user, obj=person, verb="create", after=_person_snapshot(person))
    membership = Membership(
        committee=committee,
        person=person,
        category=category,
        function=function,
        start_on=start_on,
        end_on=end_on,
        active=active,
    )
    membership.full_clean()
    membership.save()
    audit_record(user=user, obj=membership, verb="create")
    return membership


@transaction.atomic
def membership_update(*, user: Any, membership: Membership, **changes: Any) -> Membership:
    """Correct a member's person data or mandate."""
    membership = Membership.objects.select_related("person", "committee__unit").get(
        pk=membership.pk
    )
    _ensure_personal(user, membership.committee)
    person = membership.person
    person_before, before = _person_snapshot(person), snapshot(membership)
    sex_before = person.sex
    for name, value in changes.items():
        if name == "phone":
            person.phone = clean_phone(value)
        elif name in PERSON_FIELDS:
            setattr(person, name, value.strip() if isinstance(value, str) else value)
        elif name in MEMBERSHIP_FIELDS:
            setattr(membership, name, value)
        else:
            raise DomainError(_("This field cannot be changed here."), field=name)
    _check_dates(membership.start_on, membership.end_on)
    person.full_clean()
    membership.full_clean()
    person.save()
    membership.save()
    if person.sex != sex_before:
        # Sessions count the women present (siccs.meetings.denormalised): the meetings
        # app, built on this one, recounts them in this transaction.
        person_sex_changed.send(sender=Person, person=person)
    audit_record(
        user=user, obj=person, verb="update", before=person_before, after=_person_snapshot(person)
    )
    audit_record(user=user, obj=membership, verb="update", before=before)
    return membership


@transaction.atomic
def membership_end(
    *, user: Any, membership: Membership, end_on: dt.date | None = None, reason: str = ""
) -> Membership:
    """End a mandate: the seat stays in the history, dated, and no longer counts after."""
    membership = Membership.objects.select_related("committee__unit").get(pk=membership.pk)
    _ensure_personal(user, membership.committee)
    end_on = end_on or dates.today()
    _check_dates(membership.start_on, end_on)
    before = snapshot(membership)
    membership.end_on = end_on
    membership.active = False
    membership.save(update_fields=["end_on", "active"])
    audit_record(user=user, obj=membership, verb="end", before=before, reason=reason)
    return membership


@transaction.atomic
def commission_add(
    *,
    user: Any,
    committee: Committee,
    name: str,
    mandate: str = "",
    created_on: dt.date | None = None,
) -> WorkingCommission:
    """A thematic working commission (e.g. on transhumance or on the roads) of a committee."""
    ensure_unit_in_scope(user, committee.unit)
    if committee.commissions.filter(name__iexact=name.strip()).exists():
        raise DomainError(_("This committee already has a commission of that name."), field="name")
    commission = WorkingCommission(
        committee=committee, name=name.strip(), mandate=mandate, created_on=created_on
    )
    commission.full_clean()
    commission.save()
    audit_record(user=user, obj=commission, verb="create")
    return commission


def can_change(user: Any, committee: Committee) -> bool:
    return user_has_action(user, Action.CHANGE) and (
        Committee.objects.visible_to(user, Action.CHANGE).filter(pk=committee.pk).exists()
    )
