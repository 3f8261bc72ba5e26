"""Factories for citizen reports and SMS gateways."""

import factory
from django.utils import timezone

from siccs.citizens.models import Channel, CitizenReport, GatewayKind, SmsGateway
from siccs.citizens.services import gateway_secret_hash, new_tracking_code
from siccs.core.fields import blind_index

GATEWAY_SECRET = "gateway-secret-for-tests-0123456789"


def gateway(kind: str = GatewayKind.ANDROID, secret: str = GATEWAY_SECRET) -> SmsGateway:
    return SmsGateway.objects.create(
        name=f"Passerelle {kind}", kind=kind, secret_hash=gateway_secret_hash(secret)
    )


class CitizenReportFactory(factory.django.DjangoModelFactory):
    """A web report; pass `commune=` (or leave it None for the national queue)."""

    class Meta:
        model = CitizenReport

    channel = Channel.WEB
    tracking_code = factory.LazyFunction(new_tracking_code)
    description = "Des hommes armés ont volé le bétail près du puits."
    received_at = factory.LazyFunction(timezone.now)
    reporter_phone = ""
    phone_index = factory.LazyAttribute(
        lambda r: blind_index(r.reporter_phone) if r.reporter_phone else ""
    )
