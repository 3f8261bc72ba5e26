"""Outbound SMS backends, chosen by `settings.SMS_BACKEND` (a dotted path).

A backend has one method, `send(to, text)`, returning the gateway's id for the message
or raising `SmsError`; retries and the dead-letter state are the task's business.
"""

from __future__ import annotations

import json
import logging
import sys
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from siccs.core.phones import mask, mask_phones_in_text

logger = logging.getLogger("siccs.citizens.sms")


class SmsError(Exception):
    pass


class ConsoleSmsBackend:
    """Writes each SMS to standard output and the log, the number masked as on the pages:
    the demo and development backend. It sends nothing, so `check --deploy` refuses it in
    production unless SMS_ALLOW_CONSOLE says the operator means it."""

    def send(self, to: str, text: str) -> str:
        line = f"SMS to {mask(to)}: {mask_phones_in_text(text)}"
        sys.stdout.write(line + "\n")
        logger.info(line)
        return ""


class FileSmsBackend:
    """Appends each SMS as a JSON line to `settings.SMS_FILE_PATH` (tests, offline demos)."""

    def send(self, to: str, text: str) -> str:
        path = Path(getattr(settings, "SMS_FILE_PATH", settings.BASE_DIR / "var" / "sms.jsonl"))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"to": to, "text": text}, ensure_ascii=False) + "\n")
        return ""


class HttpGatewayBackend:
    """Posts `{"to": ..., "text": ...}` as JSON to `settings.SMS_GATEWAY_URL`, with a bearer token."""

    timeout = 15

    def send(self, to: str, text: str) -> str:
        url = settings.SMS_GATEWAY_URL
        if not url:
            raise SmsError("SMS_GATEWAY_URL is not set")
        request = urllib.request.Request(
            url,
            data=json.dumps({"to": to, "text": text}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(4096).decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            raise SmsError(f"gateway answered HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            # The error's text may quote the request; it lands in the page and the log.
            raise SmsError(mask_phones_in_text(f"gateway unreachable: {error}")) from error
        try:
            return str(json.loads(body).get("id", ""))[:100]
        except (ValueError, AttributeError):
            return ""


def get_backend():
    return import_string(settings.SMS_BACKEND)()
