"""API test helpers: a client that calls as a user, with a personal token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from siccs.api import services


def token_client(user, **headers) -> Client:
    _token, key = services.token_create(
        user=user, name="test", expires_on=timezone.localdate() + dt.timedelta(days=7)
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", **headers)


@pytest.fixture
def api_as():
    """`api_as(user)`: a test client whose calls carry a fresh token of `user`."""
    return token_client
