"""Security Consultative Committees (CCS), their members and working commissions.

A committee's state (planned, being set up, installed, functional, stalled) is never
stored: it is derived from dated step records and sessions (see selectors), so that
the state at any past date can be computed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siccs.accounts.scoping import Action, ScopedQuerySet
from siccs.core.dates import PlausibleDateModelField
from siccs.core.fields import EncryptedCharField


class CommitteeLevel(models.Model):
    """Regional (CCSR), District de Bamako, communal (CCSC): data, not code."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    # The English form shown on English pages and reports.
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    unit_level = models.PositiveSmallIntegerField(_("level of the administrative unit"))
    chair_office = models.CharField(_("chaired by"), max_length=120)
    # Member categories the decree expects for this level, for the composition panel.
    expected_categories = models.ManyToManyField("MemberCategory", blank=True, related_name="+")

    class Meta:
        verbose_name = _("committee level")
        verbose_name_plural = _("committee levels")
        ordering = ["unit_level", "name"]

    def __str__(self) -> str:
        return self.name


class CommitteeQuerySet(ScopedQuerySet):
    pass


class Committee(models.Model):
    name = models.CharField(_("name"), max_length=200)
    level = models.ForeignKey(
        CommitteeLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="committees"
    )
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    methodology_version = models.ForeignKey(
        "rollout.MethodologyVersion",
        verbose_name=_("methodology version"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    # From this date the committee exists in the plan; before it, it is not counted at all.
    planned_on = PlausibleDateModelField(_("planned since"))
    creation_act_reference = models.CharField(
        _("act of creation (reference)"), max_length=200, blank=True
    )
    creation_act_date = PlausibleDateModelField(_("act of creation (date)"), null=True, blank=True)
    creation_act_file = models.FileField(_("act of creation (scan)"), upload_to="acts/", blank=True)
    chair_office = models.CharField(_("chair"), max_length=200, blank=True)
    secretariat = models.CharField(_("secretariat"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommitteeQuerySet.as_manager()
    scope_unit = "unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "level"], name="one_committee_per_unit_and_level"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_partner_q(cls, partner_id: int) -> Q:
        # A partner viewer sees the committees its partner supports. What a partner
        # supports is the partners app's rule (a row above), reached through the relation
        # its commitments declare (docs/development/layers.md).
        commitments = cls._meta.get_field("commitments").related_model
        return commitments.supported_committees_q(partner_id)


class WorkingCommission(models.Model):
    """A thematic working commission created by a committee."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="commissions")
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True)
    created_on = PlausibleDateModelField(_("created on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "committee__unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("working commission")
        verbose_name_plural = _("working commissions")
        ordering = ["committee", "name"]

    def __str__(self) -> str:
        return self.name


class MemberCategory(models.Model):
    """Administration, FDS, elected official, civil society, women's association...: configurable."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("member category")
        verbose_name_plural = _("member categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    FEMALE = "F", _("woman")
    MALE = "M", _("man")


class AgeGroup(models.TextChoices):
    YOUTH = "youth", _("18–35 (youth)")
    ADULT = "adult", _("36–59")
    SENIOR = "senior", _("60 and over")


class Person(models.Model):
    """A person who sits in one or more committees. Name and phone are protected data."""

    full_name = models.CharField(_("full name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, blank=True
    )
    phone = EncryptedCharField(_("phone"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    # A person is in scope through any committee they sit in.
    scope_unit = "memberships__committee__unit"
    scope_view_action = Action.VIEW_PERSONAL
    scope_multivalued = True

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class MemberFunction(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    SECRETARY = "secretary", _("secretary / rapporteur")
    MEMBER = "member", _("member")


class Membership(models.Model):
    """A person's seat in a committee, for a mandate."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    category = models.ForeignKey(
        MemberCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    function = models.CharField(
        _("function"), max_length=20, choices=MemberFunction.choices, default=MemberFunction.MEMBER
    )
    start_on = PlausibleDateModelField(_("start of mandate"), null=True, blank=True)
    end_on = PlausibleDateModelField(_("end of mandate"), null=True, blank=True)
    active = models.BooleanField(pgettext_lazy("membership", "active"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "committee__unit"
    scope_view_action = Action.VIEW_PERSONAL

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["committee", "function", "person__full_name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.committee})"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", pgettext_lazy("committee import", "being checked")
    READY = "ready", pgettext_lazy("committee import", "checked, waiting for your confirmation")
    REJECTED = "rejected", pgettext_lazy("committee import", "refused, nothing written")
    WRITING = "writing", pgettext_lazy("committee import", "being written")
    DONE = "done", pgettext_lazy("committee import", "imported")
    FAILED = "failed", pgettext_lazy("committee import", "failed, nothing written")


class CommitteeImportQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: str | None = None) -> CommitteeImportQuerySet:
        """Only its author sees an import (its file and preview may hold members' names),
        and only while the territory it was sent for is still theirs."""
        return super().visible_to(user, action).filter(created_by=user)


class CommitteeImport(models.Model):
    """One file of committees, step records or members sent for import: checked by a
    background task (the preview), then, once its author confirmed, written by a second
    run of the task in one transaction. The report (line by line) is kept as JSON."""

    kind = models.CharField(_("what the file holds"), max_length=20)
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.CharField(max_length=255, blank=True)  # storage name, emptied once finished
    original_name = models.CharField(_("file"), max_length=255)
    # SHA-256 of the kind and the bytes: the same file sent twice is recognised.
    digest = models.CharField(max_length=64, db_index=True)
    language = models.CharField(max_length=10, default="fr")
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent of the rows checked
    report = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = CommitteeImportQuerySet.as_manager()
    scope_unit = "unit"
    scope_view_action = Action.CHANGE

    class Meta:
        verbose_name = _("committee import")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def busy(self) -> bool:
        """The worker has it (or will): its page refreshes by itself."""
        return self.status in (ImportStatus.CHECKING, ImportStatus.WRITING)
