"""Writing partners, commitments, unit costs and comments: checked, audited, atomic.

Only national users (the reform office) write partners, commitments and unit costs;
partner viewers write comments, national administrators answer them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, Role, assignments_of, is_national, partner_ids_of
from siccs.audit.services import audit_record, snapshot
from siccs.committees.models import Committee, CommitteeLevel
from siccs.core import dates
from siccs.core.errors import DomainError
from siccs.core.phones import clean_phone
from siccs.partners.models import (
    Comment,
    CommentSubject,
    Commitment,
    CommitmentScope,
    CommitmentStatus,
    CommitmentStatusChange,
    CommitmentStep,
    Currency,
    Partner,
    PartnerContact,
    Programme,
    UnitCost,
)
from siccs.territory.models import AdministrativeUnit, Level

# The CFA franc is pegged to the euro: 1 EUR = 655,957 FCFA, by treaty, never entered.
EUR_TO_XOF = Decimal("655.957")


def exchange_rate_for(currency: str, rate: Decimal | None = None) -> Decimal:
    """The rate to FCFA: 1 for FCFA, the fixed parity for the euro, the rate entered for USD."""
    if currency == Currency.XOF:
        return Decimal(1)
    if currency == Currency.EUR:
        return EUR_TO_XOF
    if rate is None or rate <= 0:
        raise DomainError(
            _("Enter the exchange rate used for this currency."), field="exchange_rate"
        )
    return Decimal(rate)


MAX_FCFA = 999_999_999_999  # the largest amount the FCFA format of the exports shows


def to_fcfa(amount: Decimal | int | str, currency: str, rate: Decimal | None = None) -> int:
    """The amount in whole CFA francs.

    The franc has no subunit in use, so the product is rounded once, half up, to the
    franc (1 234,50 → 1 235; 1 234,49 → 1 234), never rounded step by step."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation as error:
        raise DomainError(_("Enter a valid amount."), field="amount") from error
    product = value * exchange_rate_for(currency, rate)
    if not product.is_finite() or abs(product) > MAX_FCFA:
        # Beyond what any programme here is worth, and what a database integer holds.
        raise DomainError(
            _(
                "An amount of more than %(max)s FCFA is not plausible: check the amount and the rate."
            )
            % {"max": "999 999 999 999"},
            field="amount",
        )
    return int(product.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _ensure_national(user: Any) -> None:
    if not is_national(user, Action.CHANGE):
        raise PermissionDenied


def _validate(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        raise DomainError(
            messages[0], field=None if field_name == "__all__" else field_name
        ) from error


# --- Partners ----------------------------------------------------------------------------


@transaction.atomic
def partner_save(*, user: Any, partner: Partner | None = None, **fields: Any) -> Partner:
    """Create or update a partner of the registry (national users only)."""
    _ensure_national(user)
    before = snapshot(partner) if partner else None
    partner = partner or Partner()
    for name, value in fields.items():
        setattr(partner, name, value)
    _validate(partner)
    partner.save()
    audit_record(user=user, obj=partner, verb="update" if before else "create", before=before)
    return partner


@transaction.atomic
def partner_contact_add(
    *, user: Any, partner: Partner, name: str, function: str = "", email: str = "", phone: str = ""
) -> PartnerContact:
    _ensure_national(user)
    contact = PartnerContact(
        partner=partner, name=name, function=function, email=email, phone=clean_phone(phone)
    )
    _validate(contact)
    contact.save()
    audit_record(user=user, obj=contact, verb="create")
    return contact


@transaction.atomic
def partner_contact_delete(*, user: Any, contact: PartnerContact) -> None:
    _ensure_national(user)
    before = snapshot(contact)
    audit_record(user=user, obj=contact, verb="delete", before=before, after={})
    contact.delete()


@transaction.atomic
def programme_add(
    *,
    user: Any,
    partner: Partner,
    name: str,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
) -> Programme:
    _ensure_national(user)
    if start_on and end_on and end_on < start_on:
        raise DomainError(_("The period ends before it starts."), field="end_on")
    programme = Programme(partner=partner, name=name, start_on=start_on, end_on=end_on)
    _validate(programme)
    programme.save()
    audit_record(user=user, obj=programme, verb="create")
    return programme


# --- Commitments -------------------------------------------------------------------------


def common_unit(units: Iterable[AdministrativeUnit]) -> AdministrativeUnit | None:
    """The smallest unit containing all `units` (their longest common path)."""
    paths = [u.path.strip("/").split("/") for u in units]
    if not paths:
        return None
    common: list[str] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return AdministrativeUnit.objects.get(pk=int(common[-1])) if common else None


def _apply(
    commitment: Commitment,
    *,
    committees: list[Committee],
    step_codes: list[str],
    unit: AdministrativeUnit | None,
) -> None:
    if commitment.end_on < commitment.start_on:
        raise DomainError(_("The period ends before it starts."), field="end_on")
    if commitment.amount is None or Decimal(commitment.amount) < 0:
        raise DomainError(_("Enter a positive amount."), field="amount")
    commitment.exchange_rate = exchange_rate_for(commitment.currency, commitment.exchange_rate)
    commitment.amount_fcfa = to_fcfa(
        commitment.amount, commitment.currency, commitment.exchange_rate
    )
    if commitment.scope == CommitmentScope.COMMITTEES:
        if not committees:
            raise DomainError(_("Choose the committees supported."), field="committees")
        unit = common_unit(c.unit for c in committees)
    elif commitment.scope == CommitmentScope.STEPS and not step_codes:
        raise DomainError(_("Choose the steps of the methodology supported."), field="step_codes")
    if unit is None:
        unit = AdministrativeUnit.objects.get(level=Level.COUNTRY, parent__isnull=True)
    commitment.unit = unit
    commitment.all_steps = not step_codes
    if commitment.programme_id and commitment.programme.partner_id != commitment.partner_id:
        raise DomainError(_("This programme belongs to another partner."), field="programme")


def _write_relations(
    commitment: Commitment, committees: list[Committee], step_codes: list[str]
) -> None:
    scope_committees = committees if commitment.scope == CommitmentScope.COMMITTEES else []
    commitment.committees.set(scope_committees)
    commitment.steps.all().delete()
    CommitmentStep.objects.bulk_create(
        CommitmentStep(commitment=commitment, step_code=code) for code in sorted(set(step_codes))
    )


@transaction.atomic
def commitment_create(
    *,
    user: Any,
    partner: Partner,
    title: str,
    kind: str,
    scope: str,
    start_on: dt.date,
    end_on: dt.date,
    amount: Decimal,
    currency: str = Currency.XOF,
    exchange_rate: Decimal | None = None,
    unit: AdministrativeUnit | None = None,
    level: CommitteeLevel | None = None,
    committees: Iterable[Committee] = (),
    step_codes: Iterable[str] = (),
    programme: Programme | None = None,
    status: str = CommitmentStatus.ANNOUNCED,
    status_on: dt.date | None = None,
    notes: str = "",
) -> Commitment:
    """Record a partner's commitment, its amount in FCFA and the first entry of its history."""
    _ensure_national(user)
    committees, step_codes = list(committees), list(step_codes)
    commitment = Commitment(
        partner=partner,
        programme=programme,
        title=title,
        kind=kind,
        scope=scope,
        level=level,
        start_on=start_on,
        end_on=end_on,
        amount=amount,
        currency=currency,
        exchange_rate=exchange_rate,
        notes=notes,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _apply(commitment, committees=committees, step_codes=step_codes, unit=unit)
    commitment.status = status
    commitment.status_on = status_on or dates.today()
    _validate(commitment)
    commitment.save()
    _write_relations(commitment, committees, step_codes)
    CommitmentStatusChange.objects.create(
        commitment=commitment,
        status=status,
        on=commitment.status_on,
        created_by=commitment.created_by,
    )
    audit_record(user=user, obj=commitment, verb="create")
    return commitment


@transaction.atomic
def commitment_update(
    *,
    user: Any,
    commitment: Commitment,
    committees: Iterable[Committee] = (),
    step_codes: Iterable[str] = (),
    unit: AdministrativeUnit | None = None,
    **fields: Any,
) -> Commitment:
    """Change what a commitment covers or its amount; the FCFA amount follows. The status
    changes only through `commitment_set_status`, which keeps its history."""
    _ensure_national(user)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    before = snapshot(commitment)
    committees, step_codes = list(committees), list(step_codes)
    fields.pop("status", None)
    fields.pop("status_on", None)
    for name, value in fields.items():
        setattr(commitment, name, value)
    _apply(commitment, committees=committees, step_codes=step_codes, unit=unit)
    _validate(commitment)
    commitment.save()
    _write_relations(commitment, committees, step_codes)
    audit_record(user=user, obj=commitment, verb="update", before=before)
    return commitment


@transaction.atomic
def commitment_set_status(
    *, user: Any, commitment: Commitment, status: str, on: dt.date, note: str = ""
) -> CommitmentStatusChange:
    """Move a commitment to `status` on date `on`, keeping every change in its history.

    The current status is the one of the latest dated change, so a change entered late
    (dated before the last one) is kept in the history without overriding it."""
    _ensure_national(user)
    if status not in CommitmentStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    before = snapshot(commitment)
    change = CommitmentStatusChange.objects.create(
        commitment=commitment,
        status=status,
        on=on,
        note=note,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    latest = commitment.status_changes.order_by("-on", "-pk").first()
    commitment.status, commitment.status_on = latest.status, latest.on
    commitment.save(update_fields=["status", "status_on"])
    audit_record(user=user, obj=commitment, verb="status", before=before, reason=note)
    return change


# --- Unit costs --------------------------------------------------------------------------


@transaction.atomic
def unit_cost_save(
    *,
    user: Any,
    step_code: str,
    level: CommitteeLevel,
    amount_fcfa: int,
    description: str = "",
    unit_cost: UnitCost | None = None,
) -> UnitCost:
    """Set the estimated cost of a step for a committee level (national administrators)."""
    if not is_national(user, Action.ADMINISTER):
        raise PermissionDenied
    before = snapshot(unit_cost) if unit_cost else None
    unit_cost = unit_cost or UnitCost()
    unit_cost.step_code, unit_cost.level = step_code, level
    unit_cost.amount_fcfa, unit_cost.description = amount_fcfa, description
    if UnitCost.objects.filter(step_code=step_code, level=level).exclude(pk=unit_cost.pk).exists():
        raise DomainError(_("This step already has a cost for this level."), field="step_code")
    _validate(unit_cost)
    unit_cost.save()
    audit_record(user=user, obj=unit_cost, verb="update" if before else "create", before=before)
    return unit_cost


# --- Comments ----------------------------------------------------------------------------


@transaction.atomic
def comment_add(
    *,
    user: Any,
    subject: str,
    text: str,
    partner: Partner | None = None,
    commitment: Commitment | None = None,
) -> Comment:
    """A partner viewer comments on the methodology, the progress report or one of its
    partner's commitments (one it may see), dated now. A comment on a commitment lies in
    the commitment's territory, so that whoever sees the commitment sees the comment."""
    own = partner_ids_of(user)
    if not own:
        raise PermissionDenied
    if partner is None:
        partner = Partner.objects.get(pk=min(own))
    elif partner.pk not in own:
        raise PermissionDenied
    if subject not in CommentSubject.values:
        raise DomainError(_("Unknown subject."), field="subject")
    if not text.strip():
        raise DomainError(_("Write your comment."), field="text")
    unit = next(
        a.unit
        for a in assignments_of(user)
        if a.role == Role.PARTNER_VIEWER and a.partner_id == partner.pk
    )
    if subject == CommentSubject.COMMITMENT:
        visible = Commitment.objects.visible_to(user).filter(partner=partner)
        if commitment is None or not visible.filter(pk=commitment.pk).exists():
            raise DomainError(_("Choose one of your commitments."), field="commitment")
        unit = commitment.unit
    else:
        commitment = None
    comment = Comment(
        partner=partner,
        subject=subject,
        unit=unit,
        commitment=commitment,
        text=text.strip(),
        author=user,
    )
    _validate(comment)
    comment.save()
    audit_record(user=user, obj=comment, verb="create")
    return comment


@transaction.atomic
def comment_answer(*, user: Any, comment: Comment, answer: str) -> Comment:
    """The reform office answers a partner's comment (national administrators)."""
    if not is_national(user, Action.ADMINISTER):
        raise PermissionDenied
    if not answer.strip():
        raise DomainError(_("Write the answer."), field="answer")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    before = snapshot(comment)
    comment.answer = answer.strip()
    comment.answered_at = timezone.now()
    comment.answered_by = user
    comment.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(user=user, obj=comment, verb="answer", before=before)
    return comment
