"""The national administrator edits a message template (text, switch, days); nobody else
may. The log of messages shows each one's purpose, numbers masked, in the reader's scope."""

import datetime as dt

import pytest
from django.utils import timezone

from siccs.notifications import services
from siccs.notifications.models import MessageTemplate, Purpose

pytestmark = pytest.mark.django_db


def test_the_national_administrator_edits_a_template(client_for, national_admin):
    template = MessageTemplate.objects.get(purpose=Purpose.NO_MINUTES)
    client = client_for(national_admin)
    assert "session sans procès-verbal" in client.get("/notifications/templates/").content.decode()
    response = client.post(
        f"/notifications/templates/{template.pk}/",
        {"text_fr": "PV de {committee} du {date} ?", "text_bm": "PV {date}?", "days": "10"},
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.text_fr, template.enabled, template.days) == (
        "PV de {committee} du {date} ?",
        False,
        10,
    )


def test_others_may_not_edit_templates(client_for, mopti_focal_point, national_analyst):
    template = MessageTemplate.objects.get(purpose=Purpose.NO_MINUTES)
    for user in (mopti_focal_point, national_analyst):
        client = client_for(user)
        assert client.get("/notifications/templates/").status_code == 403
        response = client.post(
            f"/notifications/templates/{template.pk}/",
            {"text_fr": "x", "text_bm": "y", "days": "1", "enabled": "on"},
        )
        assert response.status_code == 403
    template.refresh_from_db()
    assert template.text_fr != "x"


def test_the_log_shows_purposes_and_masked_numbers_in_scope(
    client_for, gao_secretary, mopti_focal_point, gao_ccs
):
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate() + dt.timedelta(days=2),
        place="Mairie",
    )
    services.convocations_send(user=gao_secretary, planned=planned)
    page = client_for(gao_secretary).get("/notifications/?purpose=convocation").content.decode()
    assert page.count(">convocation à une session</td>") == 3
    assert "+223 •• •• •• 01" in page and "+22376000001" not in page
    outsider = client_for(mopti_focal_point).get("/notifications/").content.decode()
    assert "Mairie" not in outsider and "Aucun message." in outsider


def test_the_log_and_the_scheduled_session_read_in_few_queries(
    client_for, gao_secretary, gao_ccs, django_assert_max_num_queries
):
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate() + dt.timedelta(days=2),
        place="Mairie",
    )
    services.convocations_send(user=gao_secretary, planned=planned)
    client = client_for(gao_secretary)
    client.get("/notifications/")  # the session and the assignments, once
    with django_assert_max_num_queries(12):
        assert client.get("/notifications/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/notifications/scheduled/{planned.pk}/").status_code == 200
