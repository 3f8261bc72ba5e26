"""Technical and financial partners (PTF), including the state budget, and their support.

A commitment says which partner supports what (committees, all committees of a territory,
steps of the methodology by their stable `code`, or sessions), over which period, with
how much: the amount in its own currency, the exchange rate used and the amount in FCFA
(kept by the service that writes, so that sums are made in the database).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _

from siccs.core.dates import PlausibleDateModelField
from siccs.core.fields import EncryptedCharField
from siccs.core.scoping import NOTHING, Action, Grants, ScopedQuerySet


class PartnerKind(models.TextChoices):
    MULTILATERAL = "multilateral", _("multilateral")
    BILATERAL = "bilateral", _("bilateral")
    NGO = "ngo", _("NGO")
    STATE = "state", _("state budget")


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    # English forms (UNDP for PNUD) shown on English pages and reports.
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    acronym_en = models.CharField(_("acronym in English"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    website = models.CharField(_("website"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["acronym", "name"]

    def __str__(self) -> str:
        return self.acronym or self.name

    @property
    def display_name(self) -> str:
        """The full name in the current language."""
        from siccs.core.names import in_language

        return in_language(self.name, self.name_en)

    @property
    def display_acronym(self) -> str:
        """The acronym in the current language (UNDP, PNUD), else the full name."""
        from siccs.core.names import in_language

        return in_language(self.acronym, self.acronym_en) or self.display_name

    @staticmethod
    def scope_rule(user: Any, action: str, grants: Grants) -> Q:
        """Partners have no territory: what decides is where they commit and support.

        National users see every partner (the mechanism answers before this rule); a
        partner viewer sees its own partner; other users see the partners whose commitments
        or step support lie inside their territory, or whose commitments cover it from above
        (a national or regional programme), so that a focal point can name them as the
        supporting partner of a step.
        """
        q = NOTHING
        if grants.partner_ids:
            q |= Q(pk__in=sorted(grants.partner_ids))
        if grants.units:
            from siccs.rollout.models import StepRecord

            q |= Q(pk__in=Commitment.objects.visible_to(user, action).values("partner_id"))
            covering = {ancestor for unit in grants.units for ancestor in unit.depth_ids}
            q |= Q(
                pk__in=Commitment.objects.filter(
                    scope=CommitmentScope.TERRITORY, unit_id__in=covering
                ).values("partner_id")
            )
            q |= Q(
                pk__in=StepRecord.objects.visible_to(user, action)
                .filter(partner__isnull=False)
                .values("partner_id")
            )
        return q


class PartnerContact(models.Model):
    """A contact person at a partner; name, e-mail and phone are personal data."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = EncryptedCharField(_("phone"), blank=True)

    objects = ScopedQuerySet.as_manager()
    # Contact persons are personal data: seen with VIEW_PERSONAL on their partner.
    scope_through = "partner"
    scope_view_action = Action.VIEW_PERSONAL

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["partner", "name"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A partner's programme or project a commitment belongs to."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(_("name"), max_length=200)
    start_on = PlausibleDateModelField(_("start"), null=True, blank=True)
    end_on = PlausibleDateModelField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["partner", "name"]

    def __str__(self) -> str:
        return self.name


class SupportKind(models.TextChoices):
    FUNDING = "funding", _("funding")
    TECHNICAL = "technical", _("technical assistance")
    TRAINING = "training", _("training")
    EQUIPMENT = "equipment", _("equipment")
    LOGISTICS = "logistics", _("logistics")


class CommitmentScope(models.TextChoices):
    COMMITTEES = "committees", _("specific committees")
    TERRITORY = "territory", _("all committees of a territory")
    STEPS = "steps", _("steps of the methodology")
    SESSIONS = "sessions", _("sessions")


class Currency(models.TextChoices):
    XOF = "XOF", _("FCFA (XOF)")
    EUR = "EUR", _("euro (EUR)")
    USD = "USD", _("US dollar (USD)")


class CommitmentStatus(models.TextChoices):
    ANNOUNCED = "announced", _("announced")
    COMMITTED = "committed", _("committed")
    DISBURSED = "disbursed", _("disbursed")


class Commitment(models.Model):
    """A partner's support to the setting-up or the life of committees.

    `unit` is the territory the commitment covers; for specific committees the service
    sets it to the smallest unit containing them all, so that scoping is one prefix match.
    """

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="commitments"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=CommitmentScope.choices)
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.ForeignKey(
        "committees.CommitteeLevel",
        verbose_name=_("committee level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for every level."),
    )
    committees = models.ManyToManyField(
        "committees.Committee",
        verbose_name=_("committees"),
        blank=True,
        related_name="commitments",
    )
    # True when no step code narrows the commitment: it covers every step.
    all_steps = models.BooleanField(default=True, editable=False)
    start_on = PlausibleDateModelField(_("start of the period"))
    end_on = PlausibleDateModelField(_("end of the period"))
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.XOF
    )
    exchange_rate = models.DecimalField(
        _("exchange rate to FCFA"), max_digits=12, decimal_places=6, default=1
    )
    # Whole CFA francs, rounded half up (see services.to_fcfa); written by the services.
    amount_fcfa = models.BigIntegerField(_("amount in FCFA"), default=0, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.ANNOUNCED,
        editable=False,
    )
    status_on = PlausibleDateModelField(_("status since"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit = "unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-start_on", "partner__acronym", "title"]

    def __str__(self) -> str:
        return f"{self.partner} · {self.title}"

    @staticmethod
    def scope_partner_q(partner_id: int) -> Q:
        # A partner viewer sees its own commitments, never another partner's.
        return Q(partner_id=partner_id)

    @staticmethod
    def supported_committees_q(partner_id: int) -> Q:
        """Q over committees: those the partner supports, named in one of its commitments,
        inside the territory (and level) of one, or with a step it supported. The one
        rule (`Committee.scope_partner_q` and `through_committee` delegate to it)."""
        in_territory = (
            Commitment.objects.filter(partner_id=partner_id)
            .exclude(scope=CommitmentScope.COMMITTEES)
            .filter(Q(level__isnull=True) | Q(level=OuterRef("level")))
            .filter(StartsWith(OuterRef("unit__path"), F("unit__path")))
        )
        return (
            Q(commitments__partner_id=partner_id)
            | Q(Exists(in_territory))
            | Q(step_records__partner_id=partner_id)
        )

    @property
    def step_codes(self) -> list[str]:
        return [s.step_code for s in self.steps.all()]


class CommitmentStep(models.Model):
    """A methodology step a commitment covers, by its code, so it survives new versions."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="steps")
    step_code = models.SlugField(_("step code"), max_length=40)

    class Meta:
        ordering = ["commitment", "step_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "step_code"], name="unique_commitment_step"
            )
        ]

    def __str__(self) -> str:
        return self.step_code


class CommitmentStatusChange(models.Model):
    """One dated change of a commitment's status: announced, committed, disbursed."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=20, choices=CommitmentStatus.choices)
    on = PlausibleDateModelField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit = "commitment__unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["commitment", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.on})"

    @staticmethod
    def scope_partner_q(partner_id: int) -> Q:
        return Q(commitment__partner_id=partner_id)


class UnitCost(models.Model):
    """Estimated cost of one methodology step (by code) for one committee level, in FCFA."""

    step_code = models.SlugField(_("step code"), max_length=40)
    level = models.ForeignKey(
        "committees.CommitteeLevel",
        verbose_name=_("committee level"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    amount_fcfa = models.PositiveBigIntegerField(_("estimated cost (FCFA)"))
    description = models.CharField(_("what it pays for"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("unit cost")
        verbose_name_plural = _("unit costs")
        ordering = ["level__unit_level", "step_code"]
        constraints = [
            models.UniqueConstraint(fields=["step_code", "level"], name="unique_unit_cost")
        ]

    def __str__(self) -> str:
        return f"{self.step_code} · {self.level}"


class CommentSubject(models.TextChoices):
    METHODOLOGY = "methodology", _("the methodology")
    REPORT = "report", _("the progress report")
    COMMITMENT = "commitment", _("a commitment")


class Comment(models.Model):
    """A partner's dated comment on the methodology, the progress report or one of its own
    commitments, and the answer of the reform office (C-RSS)."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="comments"
    )
    subject = models.CharField(_("subject"), max_length=20, choices=CommentSubject.choices)
    # The territory the comment is about; the whole country unless said otherwise.
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The commitment commented on (subject "commitment"): one the partner may see.
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit = "unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.partner} · {self.get_subject_display()}"

    @staticmethod
    def scope_partner_q(partner_id: int) -> Q:
        return Q(partner_id=partner_id)
