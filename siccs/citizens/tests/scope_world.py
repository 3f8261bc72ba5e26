"""Citizen reports for the every-URL scope test: a Gao report whose description carries
the secret and whose phone carries the personal marker, an SMS sent to that phone."""

from siccs.citizens.models import OutboundSms, SmsState
from siccs.citizens.tests.factories import CitizenReportFactory, gateway


def populate(world) -> None:
    report = CitizenReportFactory(
        commune=world.mali.gao_commune,
        description=f"Vol de bétail à Gao {world.SECRET} {world.PERSONAL}",
        place_detail=f"près du marché {world.SECRET}",
        reporter_phone=f"+223{world.PERSONAL}",
        answer_text=f"Réponse {world.SECRET}",
    )
    outbound = OutboundSms.objects.create(
        to_phone=f"+223{world.PERSONAL}",
        text=f"Réponse {world.SECRET}",
        state=SmsState.DEAD,
        report=report,
    )
    world.kwargs["report_id"] = report.pk
    world.kwargs["outbound_id"] = outbound.pk
    world.kwargs["gateway_id"] = gateway().pk
    # The public page of a commune: Bandiagara (Mopti), which carries no secret.
    world.kwargs["commune_ref"] = world.mali.bandiagara.pcode
