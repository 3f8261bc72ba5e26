"""Fixtures of the field forms: a Bandiagara committee with members, and photos as a
phone takes them (real JPEG and PNG files drawn with Pillow)."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from siccs.committees.models import MemberFunction
from siccs.committees.services import committee_plan
from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    install,
)
from siccs.fieldforms.tests.collect import CollectClient, collect_client_for
from siccs.meetings.tests.factories import addressee, concern_category


@pytest.fixture
def bandiagara(mali, national_admin, immediate_tasks):
    """The communal committee of Bandiagara (Mopti), planned with its steps, with three
    members; a Gao committee beside it, outside the Mopti focal point's scope."""
    from siccs.committees.models import CommitteeLevel

    level = CommitteeLevel.objects.get(code="communal")
    committee = committee_plan(
        user=national_admin, unit=mali.bandiagara, level=level, planned_on=dt.date(2021, 1, 4)
    )
    chair = MembershipFactory(
        committee=committee,
        person=PersonFactory(full_name="Amadou Guindo", phone="+22376111111"),
        function=MemberFunction.CHAIR,
    )
    members = [
        chair,
        MembershipFactory(committee=committee, person=PersonFactory(full_name="Fatoumata Dicko")),
        MembershipFactory(committee=committee, person=PersonFactory(full_name="Boubacar Tembély")),
    ]
    gao = CommitteeFactory(unit=mali.gao_commune, name="CCS de Gao")
    gao_member = MembershipFactory(committee=gao, person=PersonFactory(full_name="Moussa Maïga"))
    concern_category("banditry", "Banditisme et coupeurs de route")
    concern_category("cattle-theft", "Vol de bétail")
    return SimpleNamespace(
        committee=committee,
        members=members,
        gao=gao,
        gao_member=gao_member,
        addressee=addressee("Gendarmerie nationale"),
    )


def image_bytes(kind: str = "JPEG", size: tuple[int, int] = (64, 48)) -> bytes:
    """A real photo file, as small as a test needs (noise makes it big when asked)."""
    out = io.BytesIO()
    image = Image.effect_noise(size, 64).convert("RGB")
    image.save(out, kind, quality=90)
    return out.getvalue()


def photo(name: str = "1700000000000.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def new_instance_id() -> str:
    return f"uuid:{uuid.uuid4()}"


@pytest.fixture
def collect_for():
    """`collect_for(user)`: an ODK Collect client with a new app password of the user."""
    return collect_client_for


@pytest.fixture
def collect(mopti_focal_point) -> CollectClient:
    return collect_client_for(mopti_focal_point)


__all__ = ["image_bytes", "install", "new_instance_id", "photo"]
