"""A partner comments on the methodology or the report; the reform office answers."""

import pytest

from siccs.partners.models import Comment, CommentSubject
from siccs.partners.tests.factories import PartnerFactory


def test_a_partner_comments_and_the_reform_office_answers(
    mali, partner_viewer, national_admin, client_for, django_assert_max_num_queries
):
    viewer = client_for(partner_viewer)
    response = viewer.post(
        "/partners/comments/",
        {"subject": "methodology", "text": "Prévoir un module genre dans la formation."},
    )
    assert response.status_code == 302
    assert response["Location"] == "/partners/comments/?subject=methodology"
    comment = Comment.objects.get()
    assert (comment.partner.acronym, comment.subject, comment.author) == (
        "PNUD",
        "methodology",
        partner_viewer,
    )
    page = viewer.get(response["Location"]).content.decode()
    assert "Prévoir un module genre" in page and "En attente de réponse." in page
    assert f"/partners/comments/{comment.pk}/answer/" not in page

    admin = client_for(national_admin)
    with django_assert_max_num_queries(10):
        listing = admin.get("/partners/comments/")
    assert f"/partners/comments/{comment.pk}/answer/" in listing.content.decode()
    answered = admin.post(
        f"/partners/comments/{comment.pk}/answer/",
        {"answer": "Retenu pour la version 2 de la méthodologie."},
    )
    assert answered.status_code == 302
    comment.refresh_from_db()
    assert comment.answered_by == national_admin and comment.answered_at is not None

    page = client_for(partner_viewer).get("/partners/comments/").content.decode()
    assert "Retenu pour la version 2 de la méthodologie." in page
    assert "Réponse du C-RSS" in page


def test_an_empty_comment_comes_back_with_the_error(mali, partner_viewer, client_for):
    response = client_for(partner_viewer).post(
        "/partners/comments/", {"subject": "report", "text": "   "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Comment.objects.exists()


def test_only_partners_comment_and_only_administrators_answer(
    mali, partner, national_analyst, partner_viewer, client_for
):
    analyst = client_for(national_analyst)
    assert (
        analyst.post("/partners/comments/", {"subject": "report", "text": "Avis"}).status_code
        == 403
    )
    comment = Comment.objects.create(
        partner=partner, subject=CommentSubject.REPORT, unit=mali.country, text="Avis PNUD"
    )
    assert analyst.get(f"/partners/comments/{comment.pk}/answer/").status_code == 403
    viewer = client_for(partner_viewer)
    assert (
        viewer.post(f"/partners/comments/{comment.pk}/answer/", {"answer": "Moi-même"}).status_code
        == 403
    )
    comment.refresh_from_db()
    assert comment.answer == ""


@pytest.mark.parametrize("subject", ["methodology", "report"])
def test_the_list_keeps_one_subject(mali, partner, national_admin, client_for, subject):
    for code in ("methodology", "report"):
        Comment.objects.create(partner=partner, subject=code, unit=mali.country, text=f"Sur {code}")
    Comment.objects.create(
        partner=PartnerFactory(acronym="GIZ"), subject=subject, unit=mali.country, text="GIZ"
    )
    response = client_for(national_admin).get("/partners/comments/", {"subject": subject})
    assert sorted(c.text for c in response.context["comments"]) == ["GIZ", f"Sur {subject}"]
