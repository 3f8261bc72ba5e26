"""Register an SMS gateway and print its shared secret once (only its hash is stored)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand

from siccs.citizens.models import GatewayKind
from siccs.citizens.services import gateway_create


class Command(BaseCommand):
    help = "Register an SMS gateway (android or rapidpro) and print its webhook URL and secret."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name")
        parser.add_argument("--kind", choices=GatewayKind.values, default=GatewayKind.ANDROID)
        parser.add_argument("--language", choices=["fr", "bm"], default="fr")
        parser.add_argument("--secret", help="use this secret instead of a random one")

    def handle(self, *args: Any, **options: Any) -> None:
        secret = options["secret"] or secrets.token_urlsafe(24)
        gateway = gateway_create(
            actor=None,
            name=options["name"],
            kind=options["kind"],
            secret=secret,
            language=options["language"],
        )
        self.stdout.write(f"Gateway {gateway.pk}: POST /sms/{gateway.pk}/")
        self.stdout.write(f"Header X-Siccs-Secret: {secret}  (shown once, keep it)")
