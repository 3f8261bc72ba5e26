"""Background work of the citizen channel: sending SMS with retries."""

from __future__ import annotations

from django.tasks import task


@task
def sms_send(outbound_id: int) -> str:
    """Try to send one queued SMS; on failure the service re-enqueues it later or gives up."""
    from siccs.citizens.services import outbound_sms_attempt

    return outbound_sms_attempt(outbound_id=outbound_id)
