"""Messages the platform sends by itself: convocations, reminders, satisfaction questions.

Every message is first written as a `Delivery` whose `key` names its purpose, object,
recipient and occasion: the key is unique, so a job run twice (a restart, two workers)
never sends twice. Texts are `MessageTemplate` rows the national administrator edits, in
French and Bambara; a purpose switched off sends nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siccs.accounts.scoping import Action, ScopedQuerySet
from siccs.core.dates import PlausibleDateModelField
from siccs.core.fields import BlindIndexField


class Purpose(models.TextChoices):
    CONVOCATION = "convocation", _("convocation to a session")
    CONVOCATION_REMINDER = "convocation_reminder", _("reminder the day before a session")
    SESSION_CANCELLED = "session_cancelled", _("cancellation of a scheduled session")
    SATISFACTION = "satisfaction", _("satisfaction question after an answer")
    NO_SESSION = "no_session", _("no ordinary session in the usual period")
    NO_MINUTES = "no_minutes", _("session without minutes")
    RECOMMENDATION_DUE = "recommendation_due", _("recommendation deadline approaching")
    RECOMMENDATION_LATE = "recommendation_late", _("recommendation deadline passed")
    REPORT_UNTRIAGED = "report_untriaged", _("citizen report not triaged")
    REPORT_UNANSWERED = "report_unanswered", _("citizen report not answered")
    ESCALATION = "escalation", _("escalation to the next level")
    DIGEST = "digest", _("weekly digest")


class MessageTemplate(models.Model):
    """The text of one purpose in French and Bambara, and its switch and delay.

    `{name}` placeholders are filled when the message is written (see services.render);
    an unknown placeholder is left as typed rather than failing a campaign."""

    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices, unique=True)
    text_fr = models.TextField(_("text in French"))
    text_bm = models.TextField(_("text in Bambara"))
    enabled = models.BooleanField(pgettext_lazy("message", "enabled"), default=True)
    # What the days mean depends on the purpose (docs/notifications.md): days after a
    # session for the minutes, days before a deadline, days a report may wait...
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["purpose"]

    def __str__(self) -> str:
        return self.get_purpose_display()


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")
    PAGE = "page", _("tracking page")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("queued")
    OPTED_OUT = "opted_out", _("not sent: opted out")
    NO_ADDRESS = "no_address", _("not sent: no phone or e-mail")


class Delivery(models.Model):
    """One message written by the platform, its purpose and its (masked) recipient."""

    key = models.CharField(max_length=200, unique=True)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=12, choices=DeliveryState.choices)
    # The territory the message is about: decides who may read the log.
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    to_masked = models.CharField(_("to"), max_length=60, blank=True)
    to_index = BlindIndexField(db_index=True)
    language = models.CharField(_("language"), max_length=2, default="fr")
    text = models.TextField(_("text"))
    outbound = models.ForeignKey(
        "citizens.OutboundSms", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "unit"
    scope_view_action = Action.VIEW_PERSONAL

    class Meta:
        verbose_name = _("message sent")
        verbose_name_plural = _("messages sent")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.to_masked}"


class OptOut(models.Model):
    """A phone that answered STOP: nothing the platform starts is sent to it any more
    (answers to a citizen's own report still are: the citizen asked a question)."""

    phone_index = BlindIndexField(unique=True)
    at = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self) -> str:
        return f"opt-out {self.pk}"


class MemberContact(models.Model):
    """How a committee member wishes to be reached: language, e-mail, no SMS at all."""

    person = models.OneToOneField(
        "committees.Person", on_delete=models.CASCADE, related_name="contact"
    )
    language = models.CharField(
        _("language of messages"),
        max_length=2,
        choices=[("fr", "Français"), ("bm", "Bamanankan")],
        default="fr",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    sms_opt_out = models.BooleanField(_("no SMS"), default=False)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "person__memberships__committee__unit"
    scope_view_action = Action.VIEW_PERSONAL
    scope_multivalued = True

    class Meta:
        verbose_name = _("member contact")
        verbose_name_plural = _("member contacts")

    def __str__(self) -> str:
        return str(self.person)


class PlannedSession(models.Model):
    """A session the secretary schedules ahead; members are convened to it. Once held it
    is recorded as a meetings Session, as before."""

    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.CASCADE, related_name="planned_sessions"
    )
    kind = models.CharField(_("kind"), max_length=20, default="ordinary")
    planned_on = PlausibleDateModelField(_("date"), db_index=True)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    convened_at = models.DateTimeField(_("convocations sent at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)
    # The session as held, recorded in the meetings app: linked by
    # services.planned_session_link_held when the secretary records it.
    session = models.OneToOneField(
        "meetings.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_session",
        verbose_name=_("session held"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_unit = "committee__unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("scheduled session")
        verbose_name_plural = _("scheduled sessions")
        ordering = ["-planned_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.committee} · {self.planned_on}"


class Reply(models.TextChoices):
    YES = "yes", pgettext_lazy("reply", "yes")
    NO = "no", pgettext_lazy("reply", "no")


class Convocation(models.Model):
    """A member convened to a scheduled session, and their reply (expected attendance)."""

    planned_session = models.ForeignKey(
        PlannedSession, on_delete=models.CASCADE, related_name="convocations"
    )
    membership = models.ForeignKey(
        "committees.Membership", on_delete=models.CASCADE, related_name="convocations"
    )
    phone_index = BlindIndexField(db_index=True)
    sent_at = models.DateTimeField(_("sent at"))
    reply = models.CharField(_("reply"), max_length=3, choices=Reply.choices, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "planned_session__committee__unit"
    scope_view_action = Action.VIEW_PERSONAL

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        constraints = [
            models.UniqueConstraint(
                fields=["planned_session", "membership"], name="one_convocation_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} · {self.planned_session.planned_on}"


class SatisfactionQuestion(models.Model):
    """The one question asked to a citizen after their report was answered, and the answer.

    The commune is copied from the report so the figure survives the purge of the report's
    personal data."""

    report = models.OneToOneField(
        "citizens.CitizenReport", on_delete=models.CASCADE, related_name="satisfaction"
    )
    commune = models.ForeignKey(
        "territory.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    phone_index = BlindIndexField(db_index=True)
    asked_at = models.DateTimeField(_("asked at"), db_index=True)
    answer = models.CharField(_("answer"), max_length=3, choices=Reply.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "commune"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("satisfaction question")
        verbose_name_plural = _("satisfaction questions")
        indexes = [models.Index(fields=["answered_at", "answer", "commune"])]

    def __str__(self) -> str:
        return f"satisfaction {self.report_id}"


class Escalation(models.Model):
    """A late recommendation, or a concern a committee cannot answer, handed to the next
    level (communal → regional → national); the rows of an item are its history."""

    recommendation = models.ForeignKey(
        "meetings.Recommendation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    concern = models.ForeignKey(
        "meetings.Concern",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    from_committee = models.ForeignKey(
        "committees.Committee", on_delete=models.CASCADE, related_name="escalations_sent"
    )
    # None: the national level (the C-RSS), which has no committee.
    to_committee = models.ForeignKey(
        "committees.Committee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="escalations_received",
    )
    at = models.DateTimeField(_("escalated at"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    objects = ScopedQuerySet.as_manager()
    # Seen where the item was seen: the receiving level lies above it, so it sees it too.
    scope_unit = "from_committee__unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recommendation__isnull=False, concern__isnull=True)
                | models.Q(recommendation__isnull=True, concern__isnull=False),
                name="escalation_of_one_item",
            )
        ]

    def __str__(self) -> str:
        return f"escalation {self.pk}"
