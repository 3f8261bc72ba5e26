"""Outbound SMS: the HTTP gateway backend against a real local server, retries, dead letters."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from siccs.citizens import services
from siccs.citizens.models import OutboundSms, SmsState
from siccs.citizens.sms import FileSmsBackend, HttpGatewayBackend, SmsError

pytestmark = pytest.mark.django_db


class Gateway:
    """A tiny SMS gateway on 127.0.0.1 that records what it receives."""

    def __init__(self, status: int = 200):
        self.status = status
        self.received: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                outer.received.append(
                    {
                        "auth": self.headers.get("Authorization"),
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"id": "gw-42"}).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def http_gateway(settings):
    gateway = Gateway()
    settings.SMS_BACKEND = "siccs.citizens.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TOKEN = "token-de-test"
    yield gateway
    gateway.close()


def test_it_posts_json_to_the_http_gateway(http_gateway):
    outbound = services.outbound_sms_queue(to="+22376000001", text="Code ABC-DEF")
    outbound.refresh_from_db()
    assert outbound.state == SmsState.SENT and outbound.attempts == 1
    assert http_gateway.received == [
        {"auth": "Bearer token-de-test", "body": {"to": "+22376000001", "text": "Code ABC-DEF"}}
    ]
    assert HttpGatewayBackend().send("+22376000002", "x") == "gw-42"


def test_it_retries_then_gives_up_after_the_last_attempt(http_gateway, settings):
    http_gateway.status = 500
    settings.SMS_MAX_ATTEMPTS = 3
    outbound = services.outbound_sms_queue(to="+22376000001", text="Réponse")
    outbound.refresh_from_db()
    assert len(http_gateway.received) == 3  # the immediate backend runs each retry at once
    assert outbound.state == SmsState.DEAD and outbound.attempts == 3
    assert outbound.last_error == "gateway answered HTTP 500"


def test_it_schedules_retries_with_growing_delays(http_gateway, settings):
    # The database backend honours run_after: the retry waits in the queue.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.SMS_RETRY_BASE_SECONDS = 60
    http_gateway.status = 503
    outbound = services.outbound_sms_queue(to="+22376000001", text="Réponse")
    assert services.outbound_sms_attempt(outbound_id=outbound.pk) == SmsState.FAILED
    first = OutboundSms.objects.get().next_attempt_at
    assert services.outbound_sms_attempt(outbound_id=outbound.pk) == SmsState.FAILED
    outbound.refresh_from_db()
    assert 110 < (outbound.next_attempt_at - outbound.last_attempt_at).total_seconds() <= 120
    assert first < outbound.next_attempt_at

    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 3  # the first try and two retries
    assert DBTaskResult.objects.filter(run_after=outbound.next_attempt_at).exists()


def test_it_reports_an_unreachable_gateway(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/none"
    with pytest.raises(SmsError):
        HttpGatewayBackend().send("+22376000001", "x")


def test_the_file_backend_writes_json_lines(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms.jsonl"
    FileSmsBackend().send("+22376000001", "Bonjour")
    assert json.loads(settings.SMS_FILE_PATH.read_text()) == {
        "to": "+22376000001",
        "text": "Bonjour",
    }


def test_it_lists_delivery_states_with_masked_phones(client_for, http_gateway, national_admin):
    http_gateway.status = 500
    services.outbound_sms_queue(to="+22376000001", text="Réponse")
    page = client_for(national_admin).get("/signalements/sms/").text
    assert "+223 •• •• •• 01" in page and "76000001" not in page
    assert "abandonné" in page and "Renvoyer" in page


def test_it_sends_a_dead_message_again(client_for, http_gateway, national_admin):
    http_gateway.status = 500
    outbound = services.outbound_sms_queue(to="+22376000001", text="Réponse")
    http_gateway.status = 200
    client_for(national_admin).post(f"/signalements/sms/{outbound.pk}/relancer/")
    outbound.refresh_from_db()
    assert outbound.state == SmsState.SENT
