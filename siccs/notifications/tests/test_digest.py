"""The weekly digest lists exactly the late items of its recipient's territory, once a
week, by e-mail."""

import datetime as dt

import pytest
from django.core import mail

from siccs.committees.tests.factories import CommitteeFactory
from siccs.meetings.tests.factories import RecommendationFactory, SessionFactory
from siccs.notifications.digest import digests_send
from siccs.notifications.models import Delivery, Purpose

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 16, 7, tzinfo=dt.UTC)


def test_each_recipient_gets_the_late_items_of_their_scope_once_a_week(
    mali, mopti_focal_point, national_admin, gao_secretary, django_capture_on_commit_callbacks
):
    bandiagara = CommitteeFactory(unit=mali.bandiagara, name="CCSC Bandiagara")
    gao = CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao")
    for committee, text, due in [
        (bandiagara, "Patrouilles vers Sangha", dt.date(2026, 3, 1)),
        (bandiagara, "Réunion avec les chasseurs", dt.date(2026, 4, 1)),  # not late
        (gao, "Éclairage du marché de Gao", dt.date(2026, 2, 1)),
    ]:
        RecommendationFactory(
            session=SessionFactory(committee=committee, held_on=dt.date(2026, 1, 5)),
            text=text,
            due_on=due,
        )
    RecommendationFactory(
        session=SessionFactory(committee=bandiagara, held_on=dt.date(2026, 1, 6)),
        text="Recommandation déjà faite",
        due_on=dt.date(2026, 2, 1),
        status="done",
    )
    with django_capture_on_commit_callbacks(execute=True):
        for day in range(7):
            for hour in (0, 6):
                digests_send(now=MONDAY + dt.timedelta(days=day, hours=hour))
    # The secretary gets no digest: focal points and national staff only.
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert sorted(by_recipient) == ["admin@example.ml", "pf.mopti@example.ml"]
    mopti = by_recipient["pf.mopti@example.ml"]
    assert "1 recommandation en retard" in mopti
    assert "Patrouilles vers Sangha" in mopti
    assert "Gao" not in mopti and "chasseurs" not in mopti and "déjà faite" not in mopti
    national = by_recipient["admin@example.ml"]
    assert "2 recommandations en retard" in national
    assert "Patrouilles vers Sangha" in national and "Éclairage du marché de Gao" in national
    assert Delivery.objects.filter(purpose=Purpose.DIGEST).count() == 2
    # The next Monday, a new digest.
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(now=MONDAY + dt.timedelta(days=7))
    assert len(mail.outbox) == 4
