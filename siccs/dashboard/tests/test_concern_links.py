"""The concerns figure opens the concerns list with the same count; partner viewers, who
never list concerns, get the figure without the link."""

from siccs.dashboard.tests.world import AFTER, BEFORE, build


def _count(client, url: str) -> int:
    return client.get(url).context["page"].paginator.count


def test_the_concern_figures_link_to_lists_of_the_same_size(mali, national_admin, client_for):
    build(mali)
    client = client_for(national_admin)
    for on in (BEFORE, AFTER):
        for region in ("", mali.mopti.pk):
            response = client.get("/dashboard/", {"on": on.isoformat(), "region": region})
            figures, links = response.context["f"], response.context["links"]
            assert links["concerns"] in response.content.decode().replace("&amp;", "&")
            assert _count(client, links["concerns"]) == figures["concerns"]["received"]
            assert _count(client, links["concerns_answered"]) == figures["concerns"]["answered"]


def test_a_partner_viewer_sees_the_concern_count_without_a_link(
    mali, partner, partner_viewer, client_for
):
    build(mali, partner=partner)
    response = client_for(partner_viewer).get("/dashboard/", {"on": BEFORE.isoformat()})
    assert response.context["links"]["concerns"] not in response.content.decode().replace(
        "&amp;", "&"
    )
