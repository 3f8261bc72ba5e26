"""The meetings panel the committee page includes with `{% meetings_panel committee %}`."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from siccs.meetings.selectors import committee_panel

pytestmark = pytest.mark.django_db


def test_it_sums_up_sessions_functional_flag_concerns_and_recommendations(
    committee, members, record, concern, gao_secretary
):
    from siccs.meetings import services
    from siccs.meetings.models import Addressee

    today = timezone.localdate()
    session = record(committee, today - dt.timedelta(days=60), dict.fromkeys(members, "present"))
    services.recommendation_adopt(
        user=gao_secretary,
        session=session,
        text="Recommandation",
        addressee=Addressee.objects.get(name="Préfet"),
        concerns=[concern()],
        due_on=today - dt.timedelta(days=1),
    )
    concern(title="Autre")
    panel = committee_panel(user=gao_secretary, committee=committee)
    assert panel["functional"] is False
    assert (
        panel["open_concerns"],
        panel["pending_recommendations"],
        panel["overdue_recommendations"],
    ) == (2, 1, 1)
    record(committee, today, dict.fromkeys(members, "present"))
    assert committee_panel(user=gao_secretary, committee=committee)["functional"] is True


def test_it_renders_through_its_template_tag(committee, members, record, gao_secretary):
    record(committee, timezone.localdate(), dict.fromkeys(members, "present"))
    request = RequestFactory().get("/")
    request.user = gao_secretary
    html = Template("{% load meetings %}{% meetings_panel committee %}").render(
        Context({"request": request, "committee": committee})
    )
    assert 'id="meetings-panel"' in html
    assert "fonctionnel" in html
