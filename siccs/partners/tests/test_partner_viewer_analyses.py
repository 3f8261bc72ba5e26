"""A partner viewer reads the gaps, the matrix and the support per committee over what its
partner supports and commits, gets a report titled for its support with its own
denominators beside the national figure, comments on its commitments, and reads amounts
and exchange rates the French way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from siccs.core.errors import DomainError
from siccs.dashboard import report
from siccs.dashboard.models import ProgressReport
from siccs.partners import services
from siccs.partners.models import Comment, CommentSubject, CommitmentScope, Currency
from siccs.partners.tests.factories import commitment
from siccs.partners.tests.test_partner_scope import world  # noqa: F401  (PNUD and GIZ)
from siccs.rollout.models import StepRecord

pytestmark = pytest.mark.django_db
ON = dt.date(2021, 6, 25)


@pytest.mark.parametrize(
    "url",
    [
        "/partners/gaps/",
        "/partners/gaps/export.xlsx",
        "/partners/matrix/",
        "/partners/matrix/export.xlsx",
        "/partners/support/",
        "/partners/support/export.xlsx",
    ],
)
def test_it_reads_the_analyses_of_its_own_support_only(
    world,  # noqa: F811
    partner_viewer,
    client_for,
    url,
):
    response = client_for(partner_viewer).get(url, {"on": "2021-06-25", "quarter": "2021"})
    assert response.status_code == 200
    for secret in (
        b"GIZ",
        b"Appui confidentiel",
        b"Membre secret",
        b"9\xe2\x80\xaf999\xe2\x80\xaf999",
    ):
        assert secret not in response.content, secret


def test_its_gaps_and_support_are_those_of_the_committees_it_supports(
    world,  # noqa: F811
    partner_viewer,
    national_admin,
    client_for,
):
    # A step of GIZ's Gao and one of PNUD's Bandiagara, planned in 2021 without cover.
    for committee in (world["gao"], world["bandiagara"]):
        StepRecord.objects.update_or_create(
            committee=committee,
            step=committee.methodology_version.steps.get(code="first-session"),
            defaults={"planned_on": dt.date(2021, 10, 1)},
        )
    client = client_for(partner_viewer)
    gaps = client.get("/partners/gaps/", {"on": "2021-06-25", "quarter": "2021-4"})
    committees = {d["committee__name"] for d in gaps.context["gaps"]["details"]}
    assert committees == {world["bandiagara"].name}
    everyone = client_for(national_admin).get(
        "/partners/gaps/", {"on": "2021-06-25", "quarter": "2021-4"}
    )
    assert {d["committee__name"] for d in everyone.context["gaps"]["details"]} >= {
        world["bandiagara"].name,
        world["gao"].name,
    }
    support = client_for(partner_viewer).get("/partners/support/").context["support"]
    assert [r["name"] for r in support["rows"]] == [world["bandiagara"].name]
    matrix = client_for(partner_viewer).get("/partners/matrix/").context["matrix"]
    assert [r["name"] for r in matrix["rows"]] == ["PNUD"]


def test_its_report_is_titled_for_its_support_with_its_denominators(
    world,  # noqa: F811
    partner_viewer,
    client_for,
    immediate_tasks,
):
    response = client_for(partner_viewer).post(
        "/dashboard/reports/", {"on": ON.isoformat(), "language": "fr"}
    )
    assert response.status_code == 302
    saved = ProgressReport.objects.latest("pk")
    assert saved.title == (
        "État de mise en place des Comités Consultatifs de Sécurité appuyés par le "
        "partenaire PNUD au 25 juin 2021"
    )
    with translation.override("fr"):
        context = report.build_context(user=partner_viewer, on=ON)
    assert context["title"] == saved.title
    summary = dict(context["tables"]["summary"].rows)
    # PNUD supports Bandiagara, installed; nationally, Bandiagara and Gao of a target of
    # the 20 shipped regions (the District included) and the 3 communes of this Mali.
    assert summary["Installés parmi les CCS appuyés par PNUD"] == "1 / 1 (100\u202f%)"
    national = summary["National : installés sur la cible nationale"]
    assert national == "2 / 23 (9\u202f%)"
    assert "Cible à la date (régions et District, communes)" not in summary
    coverage = {r[0]: r for r in context["tables"]["coverage"].rows}
    assert coverage["Mopti"][1:3] == [1, 1]  # 1 supported, 1 installed
    assert context["tables"]["coverage"].header[1] == "CCS appuyés par PNUD"


def test_its_dashboard_gives_its_denominators_and_the_national_figure(
    world,  # noqa: F811
    partner_viewer,
    client_for,
):
    html = client_for(partner_viewer).get("/dashboard/", {"on": ON.isoformat()}).content.decode()
    assert "1 installés sur les 1 CCS que votre partenaire appuie" in html
    assert "National : 2 installés sur une cible de 23 (9\u202f%)" in html


def test_it_comments_on_its_own_commitment(
    world,  # noqa: F811
    partner_viewer,
    national_admin,
    client_for,
):
    own = world["own"]
    client = client_for(partner_viewer)
    response = client.post(
        f"/partners/commitments/{own.pk}/comment/", {"text": "Le décaissement tarde."}
    )
    assert response.status_code == 302
    comment = Comment.objects.get(commitment__isnull=False)
    assert (comment.subject, comment.commitment, comment.author) == (
        CommentSubject.COMMITMENT,
        own,
        partner_viewer,
    )
    assert comment.unit == own.unit
    page = client.get(f"/partners/commitments/{own.pk}/").content.decode()
    assert "Le décaissement tarde." in page
    # The reform office reads it on the commitment and in the list, and may answer.
    admin = client_for(national_admin)
    assert (
        "Le décaissement tarde." in admin.get(f"/partners/commitments/{own.pk}/").content.decode()
    )
    listed = admin.get("/partners/comments/", {"subject": "commitment"}).content.decode()
    assert "Le décaissement tarde." in listed and own.title in listed


def test_it_cannot_comment_on_another_partners_commitment(
    world,  # noqa: F811
    partner_viewer,
    client_for,
):
    other = world["other"]
    response = client_for(partner_viewer).post(
        f"/partners/commitments/{other.pk}/comment/", {"text": "Usurpé"}
    )
    assert response.status_code == 404
    with pytest.raises(DomainError):
        services.comment_add(
            user=partner_viewer,
            subject=CommentSubject.COMMITMENT,
            text="Usurpé",
            commitment=other,
        )
    with pytest.raises(DomainError):
        services.comment_add(user=partner_viewer, subject=CommentSubject.COMMITMENT, text="Sans")
    assert not Comment.objects.filter(text__in=["Usurpé", "Sans"]).exists()


def test_a_national_user_cannot_comment_as_a_partner(world, national_admin, client_for):  # noqa: F811
    response = client_for(national_admin).post(
        f"/partners/commitments/{world['own'].pk}/comment/", {"text": "Avis"}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.comment_add(
            user=national_admin,
            subject=CommentSubject.COMMITMENT,
            text="Avis",
            commitment=world["own"],
        )


def test_amounts_and_exchange_rates_read_the_french_way(
    world,  # noqa: F811
    partner,
    partner_viewer,
    client_for,
):
    dollars = commitment(
        partner,
        title="Équipement des CCS",
        scope=CommitmentScope.COMMITTEES,
        committees=[world["bandiagara"]],
        amount=Decimal("12500.50"),
        currency=Currency.USD,
        exchange_rate=Decimal("567.4"),
    )
    page = client_for(partner_viewer).get(f"/partners/commitments/{dollars.pk}/").content.decode()
    assert "12\u202f500,50 USD × 567,4 = " in page
    assert "567,400000" not in page and "567.4" not in page
    assert "7\u202f092\u202f784\u00a0FCFA" in page or "7\u202f092\u202f784\u202fFCFA" in page
