"""Guessing passwords: per account and per address, on /login/ and /admin/login/."""

from __future__ import annotations

import pytest
from django.test import Client

from siccs.audit.models import AuditEntry

PASSWORD = "demo-password-1"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5


def _try(client: Client, username: str, password: str, url: str = "/login/", **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def test_it_locks_an_account_after_five_wrong_passwords(mopti_focal_point):
    client = Client()
    for _ in range(4):
        assert _try(client, "pf.mopti", "wrong").status_code == 200
    # The fifth wrong password locks; then even the right one is refused.
    assert _try(client, "pf.mopti", "wrong").status_code == 429
    response = _try(client, "pf.mopti", PASSWORD)
    assert response.status_code == 429
    assert "Connexion verrouillée" in response.content.decode()
    assert "30 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_locks_the_account_from_any_other_address(mopti_focal_point):
    for number in range(5):
        _try(Client(REMOTE_ADDR=f"10.0.0.{number}"), "pf.mopti", "wrong")
    response = _try(Client(REMOTE_ADDR="10.9.9.9"), "pf.mopti", PASSWORD)
    assert response.status_code == 429


def test_it_locks_an_address_guessing_many_accounts(mopti_focal_point, gao_secretary):
    client = Client(REMOTE_ADDR="10.1.1.1")
    for number in range(5):
        _try(client, f"inconnu{number}", "wrong")
    assert _try(client, "sec.gao", PASSWORD).status_code == 429
    # Another address is not concerned.
    assert _try(Client(REMOTE_ADDR="10.1.1.2"), "sec.gao", PASSWORD).status_code == 302


def test_it_counts_addresses_behind_the_trusted_proxy(settings, mopti_focal_point):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for number in range(5):
        # The guesser forges the left of the header; the proxy appends the real address.
        forged = f"1.2.3.{number}, 41.73.10.10"
        _try(Client(**proxy), f"inconnu{number}", "wrong", HTTP_X_FORWARDED_FOR=forged)
    locked = _try(Client(**proxy), "pf.mopti", PASSWORD, HTTP_X_FORWARDED_FOR="41.73.10.10")
    assert locked.status_code == 429
    # Everybody else behind the same proxy still logs in.
    other = _try(Client(**proxy), "pf.mopti", PASSWORD, HTTP_X_FORWARDED_FOR="41.73.10.11")
    assert other.status_code == 302


def test_it_throttles_the_admin_login_too(db):
    from siccs.accounts.tests.factories import UserFactory

    UserFactory(username="technicien", is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(5):
        _try(client, "technicien", "wrong", url="/admin/login/")
    assert _try(client, "technicien", PASSWORD, url="/admin/login/").status_code == 429


def test_it_audits_the_lockout_and_lets_an_administrator_unlock(
    mopti_focal_point, national_admin, client_for
):
    for _ in range(5):
        _try(Client(), "pf.mopti", "wrong")
    lockout = AuditEntry.objects.get(verb="lockout")
    assert lockout.object_repr == "pf.mopti"
    admin = client_for(national_admin)
    page = admin.get(f"/users/{mopti_focal_point.pk}/")
    assert "Déverrouiller le compte" in page.content.decode()
    assert admin.post(f"/users/{mopti_focal_point.pk}/unlock/").status_code == 302
    unlock = AuditEntry.objects.get(verb="unlock")
    assert unlock.user == national_admin and unlock.object_id == str(mopti_focal_point.pk)
    assert _try(Client(), "pf.mopti", PASSWORD).status_code == 302


def test_only_a_national_administrator_may_unlock(mopti_focal_point, gao_secretary, client_for):
    response = client_for(gao_secretary).post(f"/users/{mopti_focal_point.pk}/unlock/")
    assert response.status_code in (403, 404)
    assert not AuditEntry.objects.filter(verb="unlock").exists()
