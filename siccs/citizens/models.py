"""The citizen channel: reports from the population (web, SMS, field form), the SMS
gateways they arrive through, and the SMS sent back.

A report keeps the reporter's phone encrypted, with a keyed hash (`phone_index`) to
count reports per phone without decrypting. Reports are seen only by triage roles;
a report is in scope through its commune, and a report whose commune is unknown is
seen only by national roles until someone qualifies it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from siccs.accounts.scoping import Action, ScopedQuerySet
from siccs.core.fields import BlindIndexField, EncryptedCharField


class PersonalTextField(models.TextField):
    """Free text that may name people: redacted in the audit trail, wiped by the purge."""

    personal = True


class PersonalCharField(models.CharField):
    """A short value that may lead to the reporter (a gateway's message id can be a hash of a
    body holding the phone): redacted in the audit trail, wiped by the purge."""

    personal = True


class Channel(models.TextChoices):
    WEB = "web", _("web page")
    SMS = "sms", _("SMS")
    FIELD_FORM = "field_form", _("field form")


class GatewayKind(models.TextChoices):
    ANDROID = "android", _("Android SMS gateway app")
    RAPIDPRO = "rapidpro", _("RapidPro / TextIt flow")


class SmsGateway(models.Model):
    """An SMS gateway allowed to post incoming messages; it proves itself with a shared secret."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=GatewayKind.choices)
    # Only a keyed hash of the secret is stored (see services.gateway_secret_hash).
    secret_hash = models.CharField(max_length=64, editable=False)
    language = models.CharField(
        _("default language of replies"),
        max_length=2,
        choices=[("fr", "Français"), ("bm", "Bamanankan")],
        default="fr",
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SMS gateway")
        verbose_name_plural = _("SMS gateways")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CitizenReport(models.Model):
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    tracking_code = models.CharField(_("tracking code"), max_length=7, unique=True)
    category = models.ForeignKey(
        "meetings.ConcernCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citizen_reports",
    )
    commune = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citizen_reports",
    )
    place_detail = PersonalTextField(_("village or place"), max_length=200, blank=True)
    description = PersonalTextField(_("description"), blank=True)
    reporter_phone = EncryptedCharField(_("reporter's phone"), blank=True)
    # Keyed hash of the phone: rate limits and duplicates without decrypting anything.
    phone_index = BlindIndexField(db_index=True)
    # Keyed hash of the sender's address (web), for the rate limit; the address itself is not kept.
    source_index = BlindIndexField(db_index=True)
    language = models.CharField(_("language"), max_length=2, default="fr")
    # When the person sent it (the gateway's timestamp for SMS); `created_at` is when it
    # reached us, what rate limits count.
    received_at = models.DateTimeField(_("received at"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    concern = models.ForeignKey(
        "meetings.Concern",
        verbose_name=_("concern"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizen_reports",
    )
    answer_text = models.TextField(_("public answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # `answered_at - received_at`, written with the answer (citizens.services): the
    # dashboard's median time to answer walks an index on it instead of sorting.
    answer_delay = models.DurationField(null=True, blank=True, editable=False)
    gateway = models.ForeignKey(
        SmsGateway, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    gateway_message_id = PersonalCharField(max_length=100, blank=True)
    anonymised = models.BooleanField(_("personal data deleted"), default=False)

    objects = ScopedQuerySet.as_manager()
    # Unknown commune: no path to match, so only national triage roles see the report.
    scope_unit = "commune"
    scope_view_action = Action.TRIAGE

    class Meta:
        verbose_name = _("citizen report")
        verbose_name_plural = _("citizen reports")
        ordering = ["-received_at", "-pk"]
        # Reports received and answered by a date, and the delays, from the index alone.
        indexes = [
            models.Index(fields=["received_at", "answered_at"], name="report_received_idx"),
            models.Index(fields=["answered_at", "received_at"], name="report_answered_idx"),
            models.Index(
                fields=["answer_delay", "answered_at", "received_at"], name="report_delay_idx"
            ),
        ]
        constraints = [
            # The same SMS delivered twice by a gateway makes one report.
            models.UniqueConstraint(
                fields=["gateway", "gateway_message_id"],
                condition=~models.Q(gateway_message_id=""),
                name="unique_gateway_message",
            )
        ]

    def __str__(self) -> str:
        return self.tracking_code


class SmsState(models.TextChoices):
    QUEUED = "queued", _("queued")
    # The hourly ceiling of the queue is reached: sent in the next hour, never dropped.
    HELD = "held", _("waiting (hourly ceiling reached)")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, will retry")
    DEAD = "dead", _("given up")


class OutboundSms(models.Model):
    """An SMS to send (acknowledgement, answer, refusal), with its delivery history."""

    to_phone = EncryptedCharField(_("to"), blank=True)
    to_index = BlindIndexField(db_index=True)
    text = models.TextField(_("text"))
    state = models.CharField(
        _("state"), max_length=10, choices=SmsState.choices, default=SmsState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Indexed: the hourly ceiling counts the messages sent in the last hour.
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    report = models.ForeignKey(
        CitizenReport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound_sms",
    )

    objects = ScopedQuerySet.as_manager()
    # Messages not tied to a report (refusals) are seen by national triage roles only.
    scope_unit = "report__commune"
    scope_view_action = Action.TRIAGE

    class Meta:
        verbose_name = _("outgoing SMS")
        verbose_name_plural = _("outgoing SMS")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"SMS {self.pk} ({self.get_state_display()})"
