"""Committee sessions, the concerns brought to committees, and recommendations with follow-up.

Concerns from every source (session, citizen channel, field form, partner report)
land in one register per committee. A recommendation's status at a past date is read
from its dated follow-up history, never from its current status alone.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siccs.accounts.scoping import Action, ScopedQuerySet, through_committee
from siccs.core.dates import PlausibleDateModelField


class SessionKind(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary session")
    EXTRAORDINARY = "extraordinary", _("extraordinary session")
    COMMISSION = "commission", _("working-commission session")


class Session(models.Model):
    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.CASCADE, related_name="sessions"
    )
    commission = models.ForeignKey(
        "committees.WorkingCommission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.ORDINARY
    )
    held_on = PlausibleDateModelField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    chair = models.CharField(pgettext_lazy("session", "chaired by"), max_length=200, blank=True)
    minutes_text = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(_("minutes (scan)"), upload_to="minutes/", blank=True)
    # Open concerns put on the agenda (the register feeds the agenda).
    agenda_concerns = models.ManyToManyField(
        "Concern",
        verbose_name=_("concerns on the agenda"),
        blank=True,
        related_name="agenda_sessions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Denormalised from the attendance rows for the dashboard (a national year is
    # hundreds of thousands of rows); kept right by siccs.meetings.denormalised.
    present_members = models.PositiveIntegerField(db_default=0, editable=False)
    present_women = models.PositiveIntegerField(db_default=0, editable=False)
    guests_women = models.PositiveIntegerField(db_default=0, editable=False)
    guests_men = models.PositiveIntegerField(db_default=0, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "committee__unit"
    scope_view_action = Action.VIEW
    # The kind of session that makes an installed committee functional: the state rule
    # (committees.selectors, docs/development/state.md) reads it through the relation.
    FUNCTIONING_KIND = SessionKind.ORDINARY

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-held_on"]
        indexes = [
            models.Index(fields=["committee", "kind", "held_on"]),
            # Sessions per month and attendees of a period, read from the index alone.
            models.Index(
                fields=[
                    "held_on",
                    "kind",
                    "committee",
                    "present_members",
                    "present_women",
                    "guests_women",
                    "guests_men",
                ],
                name="session_tally_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.held_on}"

    # Partners see the sessions of the committees they support (never who attended:
    # attendance is personal).
    scope_partner_q = through_committee("committee")


# Mali's extent, with a margin: a point outside is a typing error (a swapped sign, say).
MALI_LAT = (Decimal("10.0"), Decimal("25.5"))
MALI_LON = (Decimal("-12.5"), Decimal("4.5"))


class Presence(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(
        "committees.Membership", on_delete=models.PROTECT, related_name="attendances"
    )
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "session__committee__unit"
    scope_view_action = Action.VIEW_PERSONAL

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "membership"], name="unique_attendance")
        ]
        # The dashboard counts those present per session without reading the rows.
        indexes = [models.Index(fields=["session", "presence", "membership"])]

    def __str__(self) -> str:
        return f"{self.membership} · {self.get_presence_display()}"


class GuestAttendance(models.Model):
    """Guests counted by category (no names): e.g. 3 women's association delegates."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="guests")
    category = models.ForeignKey(
        "committees.MemberCategory", on_delete=models.PROTECT, related_name="+"
    )
    women = models.PositiveSmallIntegerField(_("women"), default=0)
    men = models.PositiveSmallIntegerField(_("men"), default=0)

    def __str__(self) -> str:
        return f"{self.category}: {self.women + self.men}"


class ConcernCategory(models.Model):
    """A kind of security problem (taxonomy from the domain brief, configurable)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(pgettext_lazy("concern category", "active"), default=True)

    class Meta:
        verbose_name = _("concern category")
        verbose_name_plural = _("concern categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Severity(models.IntegerChoices):
    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")
    CRITICAL = 4, _("critical")


class ConcernSource(models.TextChoices):
    SESSION = "session", _("raised in session")
    CITIZEN = "citizen", _("citizen channel")
    FIELD_FORM = "field_form", _("field form")
    PARTNER = "partner", _("partner report")


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("concern status", "received")
    QUALIFIED = "qualified", _("qualified")
    FORWARDED = "forwarded", _("forwarded")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class Concern(models.Model):
    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.CASCADE, related_name="concerns"
    )
    category = models.ForeignKey(
        ConcernCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    place_detail = models.CharField(_("village or place"), max_length=200, blank=True)
    # An optional point (WGS 84), e.g. read from a field form's GPS; Mali's extent only.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(MALI_LAT[0]), MaxValueValidator(MALI_LAT[1])],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(MALI_LON[0]), MaxValueValidator(MALI_LON[1])],
    )
    facts_on = PlausibleDateModelField(_("date of the facts"), null=True, blank=True)
    received_on = PlausibleDateModelField(_("received on"), db_index=True)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MEDIUM
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=ConcernSource.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.RECEIVED
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("raised in session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns",
    )
    # Set when the concern was merged into another one as a duplicate.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The local day of its first change to answered or closed, denormalised from the
    # status history for the dashboard; kept right by siccs.meetings.denormalised.
    answered_on = PlausibleDateModelField(
        pgettext_lazy("concern", "answered on"), null=True, blank=True, editable=False
    )
    # Days from receipt to that answer (the dashboard's median reads them in order).
    answer_days = models.IntegerField(null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "committee__unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-received_on", "-pk"]
        # Concerns received and answered by a date, and the delays, from the index alone.
        indexes = [
            models.Index(
                fields=["received_on", "duplicate_of", "answered_on", "committee"],
                name="concern_answer_idx",
            ),
            # The median time to answer walks this index in order instead of sorting.
            models.Index(
                fields=["answer_days", "duplicate_of", "answered_on", "received_on", "committee"],
                name="concern_answer_days_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # No partner rule: a partner viewer never sees an individual concern, only counts.


class Addressee(models.Model):
    """An authority or security force a recommendation is addressed to (configurable)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_DONE = "not_done", _("not done")
    DROPPED = "dropped", _("dropped")


class Recommendation(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="recommendations")
    concerns = models.ManyToManyField(
        Concern, verbose_name=_("concerns answered"), blank=True, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    addressee = models.ForeignKey(
        Addressee,
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    responsible = models.CharField(_("person responsible"), max_length=200, blank=True)
    due_on = PlausibleDateModelField(_("due date"), null=True, blank=True)
    # Current status, kept equal to the latest follow-up by the service that writes both.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    adopted_on = PlausibleDateModelField(_("adopted on"))

    objects = ScopedQuerySet.as_manager()
    scope_unit = "session__committee__unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-adopted_on", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]

    scope_partner_q = through_committee("session__committee")


class FollowUp(models.Model):
    """A dated note on a recommendation, possibly changing its status."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="follow_ups"
    )
    on = PlausibleDateModelField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=RecommendationStatus.choices)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="follow_up/", blank=True)
    # What the user called the file; the stored name is generated.
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The date of the next follow-up of the same recommendation (None for the latest):
    # the follow-up gives the status on the dates from `on` until then. Kept right by
    # siccs.meetings.denormalised, so that a status as of a date needs no lookup per
    # recommendation.
    superseded_on = PlausibleDateModelField(null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "recommendation__session__committee__unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["recommendation", "on", "pk"]
        # A recommendation's status at a date: its latest follow-up by then.
        indexes = [
            models.Index(fields=["recommendation", "on"]),
            models.Index(
                fields=["on", "superseded_on", "status", "recommendation"],
                name="follow_up_current_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.get_status_display()}"

    scope_partner_q = through_committee("recommendation__session__committee")


class ConcernStatusChange(models.Model):
    """Dated history of a concern's handling (received → qualified → forwarded → answered → closed).

    The concern's `status` is kept equal to its latest change by the service that writes
    both, so that time limits per step and the state at a past date can be computed.
    """

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=ConcernStatus.choices)
    at = models.DateTimeField(_("when"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "concern__committee__unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("concern status change")
        verbose_name_plural = _("concern status changes")
        ordering = ["concern", "at", "pk"]
        # When a concern was answered by a date, read from the index alone.
        indexes = [models.Index(fields=["concern", "status", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_status_display()}"

    # No partner rule: the handling of a concern is not a partner's business.
