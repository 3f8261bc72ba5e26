"""No log line holds a full phone number: the server's and the worker's logs, captured
through the production logging configuration while SMS are received and sent."""

import copy
import io
import json
import logging.config

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from siccs.citizens.models import GatewayKind, OutboundSms, SmsState
from siccs.citizens.tests.factories import GATEWAY_SECRET, gateway

# The worker closes its database connection between runs, as in production: the test
# cannot hold everything in one rolled-back transaction.
pytestmark = pytest.mark.django_db(transaction=True)

LOG = io.StringIO()
PHONES = ["+22376123456", "+22366554433", "+33612345678"]
# Any way the number could appear in full.
FULL = ["76123456", "76 12 34 56", "66554433", "612345678"]


@pytest.fixture
def production_logging():
    """settings.LOGGING as production runs it, its console handler writing to LOG."""
    config = copy.deepcopy(django_settings.LOGGING)
    config["handlers"]["console"]["stream"] = "ext://siccs.citizens.tests.test_logs.LOG"
    config["root"]["level"] = "DEBUG"
    LOG.seek(0)
    LOG.truncate()
    logging.config.dictConfig(config)
    yield LOG
    logging.config.dictConfig(django_settings.LOGGING)


def test_the_logs_of_the_server_and_the_worker_hold_no_full_phone_number(
    client, ccs, settings, production_logging, capfd
):
    # The worker sends, as in production: tasks wait in the database queue.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    headers = {"X-Siccs-Secret": GATEWAY_SECRET}
    android, rapidpro = gateway(), gateway(GatewayKind.RAPIDPRO)
    client.post(
        f"/sms/{android.pk}/",
        {"from": "76 12 34 56", "message": "CCS Bandiagara vol de moto", "message_id": "1"},
        headers=headers,
    )
    client.post(
        f"/sms/{android.pk}/",
        {"from": PHONES[2], "message": "Vol vers la mare", "message_id": "2"},
        headers=headers,
    )
    body = {"contact": {"urn": f"tel:{PHONES[1]}"}, "input": {"text": "www.casino.ml"}}
    client.post(
        f"/sms/{rapidpro.pk}/", json.dumps(body), content_type="application/json", headers=headers
    )
    # A bad call that quotes a number (logged by Django as a bad request) and a wrong secret.
    bad = {"contact": f"tel:{PHONES[0]}", "input": {"text": "vol"}}
    client.post(
        f"/sms/{rapidpro.pk}/", json.dumps(bad), content_type="application/json", headers=headers
    )
    client.post(f"/sms/{android.pk}/", {"from": PHONES[0], "message": "x"})
    assert OutboundSms.objects.filter(state=SmsState.QUEUED).count() == 3

    # The worker's task loop (manage.py worker adds a heartbeat thread, left out here: it
    # would write from another thread into the test's open SQLite transaction).
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=2)

    assert OutboundSms.objects.filter(state=SmsState.SENT).count() == 3
    out, err = capfd.readouterr()
    logs = production_logging.getvalue() + out + err
    assert "SMS to +223 •• •• •• 56" in logs  # the sending is logged, masked
    assert "SMS from +223 •• •• •• 33" in logs  # so is the receipt
    assert "Bad Request" in logs or "Forbidden" in logs
    assert [number for number in FULL if number in logs] == []
