"""Adopting a recommendation from a session page, and its detail with the follow-up form."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from siccs.meetings.models import Addressee, Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(committee, members, record):
    return record(
        committee, timezone.localdate() - dt.timedelta(days=10), dict.fromkeys(members, "present")
    )


def test_it_adopts_a_recommendation_answering_two_concerns(
    session, concern, client_for, gao_secretary
):
    first, second = concern(), concern(title="Braquages sur l'axe Gao–Ansongo", code="banditry")
    client = client_for(gao_secretary)
    response = client.post(
        f"/sessions/{session.pk}/recommendations/new/",
        {
            "text": "Escorter les foires hebdomadaires",
            "concerns": [first.pk, second.pk],
            "addressee": Addressee.objects.get(name="Garde nationale").pk,
            "responsible": "Commandant de peloton",
            "due_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert set(recommendation.concerns.all()) == {first, second}


def test_it_follows_up_with_evidence_and_shows_the_history(
    session, concern, client_for, gao_secretary, national_analyst
):
    from siccs.meetings import services

    recommendation = services.recommendation_adopt(
        user=gao_secretary,
        session=session,
        text="Réhabiliter l'éclairage du marché",
        addressee=Addressee.objects.get(name="Maire"),
        concerns=[concern(code="markets")],
        responsible="Adjoint au maire Touré",
    )
    client = client_for(gao_secretary)
    url = f"/sessions/recommendations/{recommendation.pk}/"
    photo = SimpleUploadedFile("lampadaires.png", b"\x89PNG\r\n\x1a\n" + b"0" * 30)
    response = client.post(
        url,
        {
            "on": timezone.localdate().isoformat(),
            "status": "done",
            "note": "Lampadaires posés",
            "evidence": photo,
        },
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "done"
    page = client.get(url).content.decode()
    assert "Lampadaires posés" in page and "lampadaires.png" in page
    follow_up = recommendation.follow_ups.last()
    download = client.get(f"/sessions/follow-ups/{follow_up.pk}/evidence/")
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    # Analysts read the history, not the evidence nor the person responsible, and cannot write.
    viewer = client_for(national_analyst)
    page = viewer.get(url).content.decode()
    assert "Lampadaires posés" in page and "Adjoint au maire Touré" not in page
    assert viewer.get(f"/sessions/follow-ups/{follow_up.pk}/evidence/").status_code == 404
    assert (
        viewer.post(url, {"on": timezone.localdate().isoformat(), "status": "dropped"}).status_code
        == 404
    )


def test_the_evidence_and_minutes_fields_say_what_they_accept(
    session, concern, client_for, gao_secretary
):
    from siccs.meetings import services

    recommendation = services.recommendation_adopt(
        user=gao_secretary,
        session=session,
        text="Réhabiliter l'éclairage du marché",
        addressee=Addressee.objects.get(name="Maire"),
        concerns=[concern(code="markets")],
    )
    client = client_for(gao_secretary)
    page = client.get(f"/sessions/recommendations/{recommendation.pk}/").content.decode()
    assert 'accept=".pdf,.jpg,.jpeg,.png,' in page and "data-max-bytes=" in page
    assert "core/upload.js" in page
    page = client.get(f"/sessions/{session.pk}/edit/").content.decode()
    minutes = re.search(r'<input[^>]*name="minutes_file"[^>]*>', page).group(0)
    assert 'accept=".pdf,.jpg,.jpeg,.png,' in minutes and ".xlsx" not in minutes
