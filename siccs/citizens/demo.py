"""Demo: an Android SMS gateway and a dozen citizen reports (web and SMS) over the last
months in demo communes, some triaged and answered. SMS replies go to the console backend
when the worker runs. The gateway's secret is documented in docs/sms.md."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from siccs.citizens import services
from siccs.citizens.models import Channel, GatewayKind
from siccs.core.demo import DemoContext
from siccs.meetings.models import ConcernCategory

DEMO_GATEWAY_SECRET = "demo-passerelle-android-2024"

# (days ago, channel, commune, category code, place, text, phone, steps)
REPORTS = [
    (150, Channel.WEB, "Bandiagara", "cattle-theft", "près de Dourou",
     "Des hommes armés ont emmené une quarantaine de bœufs la nuit.", "76112201", "answered"),
    (120, Channel.SMS, "Bandiagara", "banditry", "route de Sangha",
     "Coupeurs de route sur l'axe Bandiagara-Sangha le jour du marché.", "66112202", "closed"),
    (95, Channel.WEB, "Djenné", "land", "village de Niala",
     "Conflit entre agriculteurs et éleveurs sur un couloir de passage.", "", "forwarded"),
    (80, Channel.SMS, "Mopti", "urban-crime", "quartier de Gangal",
     "Vols de motos répétés devant le marché la nuit.", "76112204", "answered"),
    (62, Channel.WEB, "Gao", "ied", "près de la route de Bourem",
     "Un objet suspect a été vu au bord de la piste.", "", "qualified"),
    (50, Channel.SMS, "Ansongo", "kidnapping", "",
     "Un commerçant a été enlevé sur la route du marché hebdomadaire.", "76112206", "answered"),
    (41, Channel.WEB, "Diré", "extortion", "poste de contrôle à l'entrée",
     "On demande de l'argent aux transporteurs à chaque passage.", "66112207", "forwarded"),
    (30, Channel.SMS, "Tominian", "markets", "", "Bagarres fréquentes au marché le dimanche.",
     "76112208", "qualified"),
    (21, Channel.WEB, "Koro", "intercommunal", "près de Dinangourou",
     "Tensions entre deux villages après un vol de bétail.", "", "received"),
    (12, Channel.SMS, "Goundam", "drugs", "", "Des jeunes vendent de la drogue près de l'école.",
     "76112210", "received"),
    (5, Channel.SMS, "", "", "", "Il y a des hommes armés vers la mare, aidez-nous.",
     "66112211", "received"),
    (2, Channel.WEB, "Bandiagara", "gbv-child", "",
     "Des filles sont agressées sur le chemin du puits le soir.", "", "received"),
]  # fmt: skip

ANSWERS = {
    "answered": "Le CCS a saisi la gendarmerie ; des patrouilles sont organisées dans la zone.",
    "closed": "Les FDS ont renforcé leur présence sur l'axe les jours de marché.",
}


def load(demo: DemoContext) -> None:
    gateway = services.gateway_create(
        actor=None,
        name="Passerelle Android démo",
        kind=GatewayKind.ANDROID,
        secret=DEMO_GATEWAY_SECRET,
    )
    demo.objects["sms_gateway"] = gateway
    admin = demo.objects.get("user:admin")
    categories = {c.code: c for c in ConcernCategory.objects.all()}
    fallback = next(iter(categories.values()), None)
    now = timezone.now()
    for n, (days, channel, commune_name, code, place, text, phone, steps) in enumerate(REPORTS):
        commune = demo.objects.get(f"unit:{commune_name}") if commune_name else None
        category = categories.get(code, fallback) if code else None
        report = services.report_submit(
            channel=channel,
            description=text,
            category=category,
            commune=commune,
            place_detail=place,
            phone=phone,
            gateway=gateway if channel == Channel.SMS else None,
            gateway_message_id=f"demo-{n}" if channel == Channel.SMS else "",
            received_at=now - dt.timedelta(days=days, hours=n),
        )
        if steps == "received" or admin is None or category is None or commune is None:
            continue
        services.report_qualify(
            actor=admin,
            report=report,
            category=category,
            commune=commune,
            place_detail=place,
            summary=text.split(",")[0],
        )
        if steps in ("forwarded", "answered", "closed"):
            services.report_forward(actor=admin, report=report, to="agenda", note="")
        if steps in ("answered", "closed"):
            services.report_answer(actor=admin, report=report, answer=ANSWERS[steps])
        if steps == "closed":
            services.report_close(actor=admin, report=report)
