"""A partner viewer sees its own commitments and aggregates of the committees it supports:
never another partner's commitments, never a member's name."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied

from siccs.committees.models import Sex
from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    install,
)
from siccs.partners import services
from siccs.partners.models import (
    Comment,
    CommentSubject,
    Commitment,
    CommitmentScope,
    CommitmentStatusChange,
    Partner,
)
from siccs.partners.selectors import partner_progress, supported_committees
from siccs.partners.tests.factories import PartnerFactory, commitment

D = dt.date


@pytest.fixture
def world(mali, partner):
    """PNUD supports Bandiagara; GIZ supports Gao; each has a comment."""
    bandiagara = install(CommitteeFactory(unit=mali.bandiagara), D(2021, 4, 7))
    gao = install(CommitteeFactory(unit=mali.gao_commune), D(2021, 5, 5))
    djenne = CommitteeFactory(unit=mali.djenne)  # planned, supported by nobody
    for committee, women in ((bandiagara, 1), (gao, 2)):
        for n in range(4):
            MembershipFactory(
                committee=committee,
                person=PersonFactory(
                    full_name=f"Membre secret {committee.unit.name} {n}",
                    sex=Sex.FEMALE if n < women else Sex.MALE,
                ),
            )
    own = commitment(
        partner,
        title="Lancement de Bandiagara",
        scope=CommitmentScope.COMMITTEES,
        committees=[bandiagara],
    )
    giz = PartnerFactory(acronym="GIZ", name="Coopération allemande")
    other = commitment(
        giz,
        title="Appui confidentiel GIZ à Gao",
        scope=CommitmentScope.COMMITTEES,
        committees=[gao],
        amount=9_999_999,
    )
    mine = Comment.objects.create(
        partner=partner, subject=CommentSubject.METHODOLOGY, unit=mali.country, text="Avis PNUD"
    )
    theirs = Comment.objects.create(
        partner=giz, subject=CommentSubject.METHODOLOGY, unit=mali.country, text="Avis GIZ"
    )
    return {
        "bandiagara": bandiagara,
        "gao": gao,
        "djenne": djenne,
        "own": own,
        "other": other,
        "giz": giz,
        "mine": mine,
        "theirs": theirs,
    }


def test_it_sees_its_own_partner_and_commitments_only(world, partner_viewer, partner):
    assert list(Partner.objects.visible_to(partner_viewer)) == [partner]
    assert list(Commitment.objects.visible_to(partner_viewer)) == [world["own"]]
    changes = CommitmentStatusChange.objects.visible_to(partner_viewer)
    assert {c.commitment_id for c in changes} == {world["own"].pk}
    assert list(Comment.objects.visible_to(partner_viewer)) == [world["mine"]]


def test_it_supports_the_committees_of_its_commitments(world, partner):
    assert set(supported_committees(partner.pk)) == {world["bandiagara"]}


def test_its_progress_is_counts_and_shares_of_the_committees_it_supports(world, partner):
    progress = partner_progress(partner_id=partner.pk, on=D(2021, 12, 31))
    assert (progress["total"], progress["installed"], progress["installed_share"]) == (1, 1, 1)
    assert (progress["members"], progress["women"], progress["women_share"]) == (4, 1, 0.25)


def test_its_space_shows_its_commitments_and_the_national_aggregates_without_names(
    world, partner_viewer, client_for
):
    response = client_for(partner_viewer).get("/partners/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lancement de Bandiagara" in page
    assert "Appui confidentiel GIZ" not in page and "9\u202f999\u202f999" not in page
    assert "Membre secret" not in page
    supported = response.context["supported"]
    national = response.context["national"]
    assert (supported["total"], supported["members"]) == (1, 4)
    assert (national["total"], national["members"], national["women"]) == (3, 8, 3)


@pytest.mark.parametrize(
    "url",
    [
        "/partners/commitments/{other}/",
        "/partners/{giz}/",
        "/partners/commitments/{other}/edit/",
        "/partners/comments/{theirs}/answer/",
    ],
)
def test_another_partners_objects_are_not_found(world, partner_viewer, client_for, url):
    ids = {k: world[k].pk for k in ("other", "giz", "theirs")}
    assert client_for(partner_viewer).get(url.format(**ids)).status_code == 404


def test_it_reads_its_own_commitment_but_cannot_change_it(world, partner_viewer, client_for):
    client = client_for(partner_viewer)
    response = client.get(f"/partners/commitments/{world['own'].pk}/")
    assert response.status_code == 200
    assert "Lancement de Bandiagara" in response.content.decode()
    # No form to change it: only the one to comment on it.
    actions = re.findall(r'action="(/partners/commitments/[^"]*)"', response.content.decode())
    assert actions == [f"/partners/commitments/{world['own'].pk}/comment/"]
    edit = client.get(f"/partners/commitments/{world['own'].pk}/edit/")
    assert edit.status_code in (403, 404)
    status = client.post(
        f"/partners/commitments/{world['own'].pk}/status/",
        {"status": "disbursed", "on": "2021-06-01"},
    )
    assert status.status_code in (403, 404)
    world["own"].refresh_from_db()
    assert world["own"].status == "announced"


@pytest.mark.parametrize(
    "url",
    [
        "/partners/unit-costs/",
        "/partners/commitments/new/",
        "/partners/registry/new/",
    ],
)
def test_the_reform_offices_pages_are_forbidden(world, partner_viewer, client_for, url):
    assert client_for(partner_viewer).get(url).status_code == 403


def test_lists_and_exports_hold_nothing_of_another_partner(world, partner_viewer, client_for):
    client = client_for(partner_viewer)
    for url in (
        "/partners/commitments/",
        "/partners/registry/",
        "/partners/comments/",
        "/partners/commitments/export.xlsx",
        "/partners/comments/export.xlsx",
        "/partners/export.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        for secret in (b"GIZ", b"Membre secret"):
            assert secret not in response.content, (url, secret)


def test_it_never_reads_the_names_of_the_members_of_a_committee_it_supports(
    world, partner_viewer, client_for
):
    client = client_for(partner_viewer)
    response = client.get(f"/committees/{world['bandiagara'].pk}/")
    assert response.status_code == 200
    assert "Membre secret" not in response.content.decode()
    assert client.get(f"/committees/{world['gao'].pk}/").status_code == 404


def test_it_comments_only_for_its_own_partner(world, partner_viewer, partner):
    comment = services.comment_add(
        user=partner_viewer, subject=CommentSubject.REPORT, text="  Merci pour le rapport.  "
    )
    assert (comment.partner, comment.text, comment.author) == (
        partner,
        "Merci pour le rapport.",
        partner_viewer,
    )
    with pytest.raises(PermissionDenied):
        services.comment_add(
            user=partner_viewer, partner=world["giz"], subject="methodology", text="Usurpé"
        )


def test_other_users_cannot_comment_as_a_partner(world, mopti_focal_point):
    with pytest.raises(PermissionDenied):
        services.comment_add(user=mopti_focal_point, subject="methodology", text="Avis")


def test_a_focal_point_sees_partners_working_in_its_region(world, mopti_focal_point, partner):
    assert set(Partner.objects.visible_to(mopti_focal_point)) == {partner}
    assert list(Commitment.objects.visible_to(mopti_focal_point)) == [world["own"]]
    assert list(Comment.objects.visible_to(mopti_focal_point)) == []
