"""The API in the every-URL scope test: walked with personal tokens instead of sessions.

Gives the walker a client per user signing with a personal token (made on first use), a Gao user's
token carrying the secret (its revoke page must be a 404 to anyone else), a Gao step
record naming a person (personal), and the API's own filters narrowed to Gao.
"""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from siccs.accounts.models import Assignment
from siccs.api import services
from siccs.api.models import ApiToken
from siccs.rollout.models import StepRecord


def populate(world) -> None:
    keys: dict[int, str] = {}

    def credentials(user) -> dict[str, str]:
        if user.pk not in keys:
            token, keys[user.pk] = services.token_create(
                user=user, name="walker", expires_on=timezone.localdate() + dt.timedelta(days=2)
            )
            # The walk makes hundreds of calls a minute per user: not what the limit is about.
            ApiToken.objects.filter(pk=token.pk).update(rate_per_minute=100_000)
        return {"HTTP_AUTHORIZATION": f"Bearer {keys[user.pk]}"}

    world.clients["api-token"] = lambda user: Client(**credentials(user))
    gao_user = Assignment.objects.filter(unit=world.mali.gao_commune).first().user
    token, _key = services.token_create(
        user=gao_user,
        name=f"Transfert DHIS2 {world.SECRET}",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    world.kwargs["token_id"] = token.pk
    StepRecord.objects.filter(committee__unit=world.mali.gao_commune).update(
        responsible=f"Adjudant {world.PERSONAL}"
    )
    gao = world.mali.gao
    world.queries.extend(
        [
            {"territory": gao.pcode, "on": "2021-07-20", "hxl": "true"},
            {"committee": world.kwargs.get("committee_id", 0), "start": "2021-01-01"},
        ]
    )
