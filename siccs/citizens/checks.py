"""`manage.py check --deploy` for the citizen channel: links sent by SMS and e-mail need the
site's public address, and the console SMS backend sends nothing at all."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

CONSOLE_BACKEND = "siccs.citizens.sms.ConsoleSmsBackend"
HTTP_BACKEND = "siccs.citizens.sms.HttpGatewayBackend"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1", ""}


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every tracking link in an SMS and every link in an e-mail is built from SITE_URL."""
    parsed = urlparse(getattr(settings, "SITE_URL", "") or "")
    if parsed.hostname in LOCAL_HOSTS or parsed.hostname is None:
        return [
            Warning(
                "SITE_URL is not set to the public address of the site: SMS and e-mails "
                "will carry links to this machine.",
                hint="Set SITE_URL, e.g. https://ccs.example.ml, in the environment.",
                id="citizens.W001",
            )
        ]
    if parsed.scheme != "https":
        return [
            Warning(
                "SITE_URL does not start with https://: links sent by SMS and e-mail would "
                "open the site unencrypted.",
                id="citizens.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_sms_backend(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The console backend marks messages sent but only prints them: refused in production
    unless the operator says it is meant (a training server without a gateway)."""
    if settings.SMS_BACKEND == HTTP_BACKEND and not getattr(settings, "SMS_GATEWAY_URL", ""):
        return [
            Error(
                "SMS_BACKEND is the HTTP gateway backend but SMS_GATEWAY_URL is empty: every SMS "
                "would fail.",
                id="citizens.E002",
            )
        ]
    if settings.SMS_BACKEND != CONSOLE_BACKEND or getattr(settings, "SMS_ALLOW_CONSOLE", False):
        return []
    return [
        Error(
            "SMS_BACKEND is the console backend: acknowledgements and answers would be marked "
            "sent and never reach anybody.",
            hint="Set SMS_BACKEND=siccs.citizens.sms.HttpGatewayBackend with SMS_GATEWAY_URL, "
            "or SMS_ALLOW_CONSOLE=1 on a server that must not send SMS.",
            id="citizens.E001",
        )
    ]
