"""The search box for the every-URL scope test: searched for the secret, the personal
marker and the tracking code of the Gao report, the Mopti outsider finds nothing.

The words typed are the markers cut short and in lower case: pages echo their query
string (the language switch's return address), and the walker looks for the markers
themselves in every page."""

from siccs.citizens.models import CitizenReport


def populate(world) -> None:
    world.queries.extend(
        [{"q": world.SECRET[:-1].lower()}, {"q": f"maiga {world.PERSONAL[:-1].lower()}"}]
    )
    report = CitizenReport.objects.filter(commune=world.mali.gao_commune).first()
    if report is not None:
        world.queries.append({"q": report.tracking_code.replace("-", "").lower()})
