"""Personal API tokens: a user's key for the REST API, stored only as a hash.

A token acts as its user, with the user's roles and territory at the time of each call
(never a copy of them), so ending an assignment narrows the token at once. It expires,
can be revoked by its user, and counts its calls per minute for the rate limit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token, shown so that its owner recognises it.
    prefix = models.CharField(_("beginning"), max_length=16, editable=False)
    # SHA-256 of the whole token: it carries 256 random bits, so a fast hash suffices
    # and a lookup is one indexed equality. The token itself is never stored.
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Calls allowed per minute; empty: API_RATE_PER_MINUTE. Set by operators for a system
    # that needs more (a nightly DHIS2 transfer), not by the token's user.
    rate_per_minute = models.PositiveIntegerField(_("calls per minute"), null=True, blank=True)
    # The rate limit's fixed window: the minute being counted and the calls in it.
    window_start = models.DateTimeField(null=True, blank=True, editable=False)
    window_calls = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
