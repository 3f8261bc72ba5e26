"""Personal API tokens: created and revoked by their user on a French page, hashed,
shown once, expiring."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from siccs.api import services
from siccs.api.models import ApiToken
from siccs.audit.models import AuditEntry
from siccs.core.errors import DomainError

UNITS = "/api/v1/territory/units"


def _create_on_page(client, name="Transfert DHIS2", days=30):
    expires = (timezone.localdate() + dt.timedelta(days=days)).isoformat()
    return client.post("/account/api-tokens/", {"name": name, "expires_on": expires})


def test_it_shows_a_new_token_once_and_stores_only_its_hash(client_for, mopti_focal_point):
    client = client_for(mopti_focal_point)
    response = _create_on_page(client)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Copiez ce jeton maintenant" in page
    token = ApiToken.objects.get(user=mopti_focal_point)
    key = page.split('<code class="token-key">')[1].split("</code>")[0]
    assert key.startswith("siccs_") and len(key) > 40
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(list(ApiToken.objects.values()))
    assert response["Cache-Control"] == "private, no-store"
    again = client.get("/account/api-tokens/").content.decode()
    assert key not in again and token.prefix in again
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(UNITS).status_code == 200


def test_it_stops_a_revoked_token_at_once(client_for, mopti_focal_point):
    client = client_for(mopti_focal_point)
    page = _create_on_page(client).content.decode()
    key = page.split('<code class="token-key">')[1].split("</code>")[0]
    token = ApiToken.objects.get(user=mopti_focal_point)
    response = client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(UNITS).status_code == 401
    verbs = list(
        AuditEntry.objects.filter(model="api.apitoken", object_id=str(token.pk)).values_list(
            "verb", flat=True
        )
    )
    assert sorted(verbs) == ["create", "revoke"]
    # The audit trail says which token, never how to forge it.
    assert token.key_hash not in str(list(AuditEntry.objects.values("changes")))


def test_it_answers_404_to_whoever_revokes_someone_elses_token(
    client_for, mopti_focal_point, gao_secretary
):
    token, _key = services.token_create(
        user=gao_secretary, name="x", expires_on=timezone.localdate() + dt.timedelta(days=3)
    )
    response = client_for(mopti_focal_point).post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_refuses_an_expired_token_and_one_of_a_deactivated_user(national_analyst):
    token, key = services.token_create(
        user=national_analyst, name="x", expires_on=timezone.localdate() + dt.timedelta(days=3)
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(UNITS).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert client.get(UNITS).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + dt.timedelta(days=1))
    national_analyst.is_active = False
    national_analyst.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(UNITS).status_code == 401


def test_it_bounds_the_life_of_a_token(national_analyst, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    today = timezone.localdate()
    with pytest.raises(DomainError):
        services.token_create(user=national_analyst, name="x", expires_on=today)
    with pytest.raises(DomainError):
        services.token_create(
            user=national_analyst, name="x", expires_on=today + dt.timedelta(days=31)
        )
    token, _key = services.token_create(
        user=national_analyst, name="x", expires_on=today + dt.timedelta(days=30)
    )
    assert timezone.localtime(token.expires_at).date() == today + dt.timedelta(days=31)


def test_it_says_on_the_page_why_a_token_was_refused(client_for, national_analyst):
    response = _create_on_page(client_for(national_analyst), days=5000)
    assert response.status_code == 200
    assert "Un jeton vit au plus" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_counts_calls_per_token_and_answers_429_beyond_the_limit(national_analyst):
    token, key = services.token_create(
        user=national_analyst, name="x", expires_on=timezone.localdate() + dt.timedelta(days=3)
    )
    ApiToken.objects.filter(pk=token.pk).update(rate_per_minute=3)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    statuses = [client.get(UNITS).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(UNITS)
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    # Another token of the same user has its own count.
    _other, other_key = services.token_create(
        user=national_analyst, name="y", expires_on=timezone.localdate() + dt.timedelta(days=3)
    )
    assert Client(HTTP_AUTHORIZATION=f"Bearer {other_key}").get(UNITS).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
