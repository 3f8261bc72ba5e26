"""The installation methodology (mise en place) and each committee's progress through it.

A methodology is versioned: committees keep the version they started with, so that
changing the steps never rewrites history. A committee's progress is a set of dated
step records; its state at any date is derived from those dates (committees.selectors).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from siccs.accounts.scoping import Action, ScopedQuerySet, through_committee
from siccs.core.dates import PlausibleDateModelField


class Methodology(models.Model):
    """A named methodology; its content lives in versions."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")

    def __str__(self) -> str:
        return self.name


class MethodologyVersion(models.Model):
    methodology = models.ForeignKey(Methodology, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    published_on = PlausibleDateModelField(_("published on"), null=True, blank=True)
    # Only one draft at a time is edited; published versions are frozen.
    is_published = models.BooleanField(_("published"), default=False)
    notes = models.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("methodology version")
        verbose_name_plural = _("methodology versions")
        ordering = ["methodology", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "number"], name="unique_methodology_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.methodology} v{self.number}"


class MethodologyStep(models.Model):
    version = models.ForeignKey(MethodologyVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Stable identifier across versions.")
    )
    name = models.CharField(_("name"), max_length=200)
    # English forms shown on English pages and reports (siccs.core.names.in_language).
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    expected_days = models.PositiveIntegerField(_("expected duration (days)"), default=30)
    evidence_expected = models.CharField(_("evidence expected"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    # Completing this step makes the committee "installed" (the official launch).
    marks_installation = models.BooleanField(_("marks the installation"), default=False)

    class Meta:
        verbose_name = _("methodology step")
        verbose_name_plural = _("methodology steps")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="unique_step_order"),
            models.UniqueConstraint(fields=["version", "code"], name="unique_step_code"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def display_name(self) -> str:
        from siccs.core.names import in_language

        return in_language(self.name, self.name_en)


class StepStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    BLOCKED = "blocked", _("blocked")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class StepRecordQuerySet(ScopedQuerySet):
    pass


class StepRecord(models.Model):
    """Where one committee stands on one step, with the dates that make as-of answers exact.

    `started_on`, `blocked_on` and `done_on` say since when the step was in progress,
    blocked or done; the status at a past date is read from them, never from `status`.
    """

    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.CASCADE, related_name="step_records"
    )
    step = models.ForeignKey(MethodologyStep, on_delete=models.PROTECT, related_name="records")
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.PLANNED
    )
    planned_on = PlausibleDateModelField(_("planned date"), null=True, blank=True)
    started_on = PlausibleDateModelField(_("started on"), null=True, blank=True)
    done_on = PlausibleDateModelField(_("actual date"), null=True, blank=True, db_index=True)
    blocked_on = PlausibleDateModelField(_("blocked since"), null=True, blank=True)
    blocked_reason = models.CharField(_("reason of the blockage"), max_length=300, blank=True)
    responsible = models.CharField(_("responsible person"), max_length=200, blank=True)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("supporting partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="step_records",
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StepRecordQuerySet.as_manager()
    scope_unit = "committee__unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("step record")
        verbose_name_plural = _("step records")
        ordering = ["committee", "step__order"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "step"], name="unique_step_record")
        ]
        # A committee's state as of a date (committees.selectors.state_inputs) reads its
        # records' dates, step, status and partner from this index alone.
        indexes = [
            models.Index(
                fields=["committee", "done_on", "started_on", "step", "status", "partner"],
                name="step_record_facts_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.step}"

    scope_partner_q = through_committee("committee")


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.record.committee_id}/{instance.record_id}/{filename}"


class Evidence(models.Model):
    """A file proving a step (appointment act, attendance list, photos); private storage."""

    record = models.ForeignKey(StepRecord, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit = "record__committee__unit"
    # Attendance lists, appointment acts and photos name or show members: personal data.
    scope_view_action = Action.VIEW_PERSONAL

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


def committee_model() -> Any:
    """The committees' model, read from the step record's relation.

    Committees import rollout (a committee follows a methodology version, its state reads
    the step records), so rollout names committees only through the foreign keys it
    declares: no cycle between the two apps of one row (docs/development/layers.md).
    """
    return StepRecord._meta.get_field("committee").related_model
