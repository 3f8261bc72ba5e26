"""Administrators manage accounts in the application: create with a first role, invite,
edit, deactivate; the person sets a password in the platform's own pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from siccs.accounts.models import Assignment, User
from siccs.accounts.scoping import Role
from siccs.audit.models import AuditEntry

NEW = {
    "username": "sec.djenne",
    "first_name": "Awa",
    "last_name": "Traoré",
    "email": "awa.traore@example.ml",
    "preferred_language": "fr",
}


def verbs(user: User) -> list[str]:
    return list(
        AuditEntry.objects.filter(model="accounts.user", object_id=str(user.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def invitation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/welcome/\S+/)", message.body).group(1)


def test_it_creates_an_account_with_its_first_role_and_invites_it_in_french(
    client_for, national_admin, mali
):
    response = client_for(national_admin).post(
        "/users/new/", {**NEW, "role": Role.SECRETARY, "unit": mali.djenne.pk}
    )
    user = User.objects.get(username="sec.djenne")
    assert response.status_code == 302 and response.url == f"/users/{user.pk}/"
    assignment = Assignment.objects.get(user=user)
    assert (assignment.role, assignment.unit) == (Role.SECRETARY, mali.djenne)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["awa.traore@example.ml"]
    assert message.subject == "Votre compte SI-CCS est prêt"
    assert "Bonjour Awa Traoré," in message.body
    assert "Votre identifiant : sec.djenne" in message.body
    assert "secrétaire de comité · Djenné" in message.body
    assert "réinitialisation" not in message.body
    assert invitation_path(message).startswith("/welcome/")
    assert verbs(user) == ["create", "invite"]
    assert AuditEntry.objects.filter(model="accounts.assignment", verb="create").exists()


def test_it_writes_the_invitation_in_the_persons_language(client_for, national_admin, mali):
    client_for(national_admin).post("/users/new/", {**NEW, "preferred_language": "en"})
    assert mail.outbox[0].subject == "Your SI-CCS account is ready"


def test_it_leaves_no_account_when_the_first_role_is_refused(client_for, national_admin, mali):
    response = client_for(national_admin).post(
        "/users/new/", {**NEW, "role": Role.NATIONAL_ANALYST, "unit": mali.mopti.pk}
    )
    assert "Un rôle national couvre tout le pays." in response.content.decode()
    assert not User.objects.filter(username="sec.djenne").exists()
    assert mail.outbox == []


def test_it_asks_a_partner_for_a_partner_viewer(client_for, national_admin, mali, partner):
    client = client_for(national_admin)
    response = client.post(
        "/users/new/", {**NEW, "role": Role.PARTNER_VIEWER, "unit": mali.country.pk}
    )
    page = response.content.decode()
    assert "Un compte partenaire doit être rattaché à un partenaire." in page
    # Without the stylesheet's help, the partner field now shows.
    assert 'class="field-partner shown"' in page
    client.post(
        "/users/new/",
        {**NEW, "role": Role.PARTNER_VIEWER, "unit": mali.country.pk, "partner": partner.pk},
    )
    assert Assignment.objects.get(user__username="sec.djenne").partner == partner


def test_it_names_each_territory_with_its_level_and_parent(client_for, national_admin, mali):
    page = client_for(national_admin).get("/users/new/").content.decode()
    assert "Bandiagara (cercle, Mopti)" in page
    assert "Bandiagara (commune, Bandiagara)" in page
    assert "Mopti (région)" in page
    assert '<optgroup label="Mopti">' in page and '<optgroup label="Gao">' in page


def test_it_edits_an_account_and_audits_the_change(client_for, national_admin, gao_secretary):
    client_for(national_admin).post(
        f"/users/{gao_secretary.pk}/edit/",
        {
            "first_name": "Ousmane",
            "last_name": "Maïga",
            "email": "om@example.ml",
            "preferred_language": "fr",
        },
    )
    gao_secretary.refresh_from_db()
    assert (gao_secretary.first_name, gao_secretary.email) == ("Ousmane", "om@example.ml")
    entry = AuditEntry.objects.get(model="accounts.user", verb="update")
    assert entry.changes["email"][1] == "om@example.ml"
    assert "password" not in entry.changes


def test_it_deactivates_and_reactivates_an_account(client, national_admin, gao_secretary):
    client.force_login(national_admin)
    client.post(f"/users/{gao_secretary.pk}/deactivate/")
    gao_secretary.refresh_from_db()
    assert gao_secretary.is_active is False
    client.logout()
    refused = client.post("/login/", {"username": "sec.gao", "password": "demo-password-1"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    client.force_login(national_admin)
    client.post(f"/users/{gao_secretary.pk}/reactivate/")
    gao_secretary.refresh_from_db()
    assert gao_secretary.is_active is True
    assert verbs(gao_secretary)[-2:] == ["deactivate", "reactivate"]


def test_it_refuses_to_deactivate_ones_own_account(client_for, national_admin):
    response = client_for(national_admin).post(
        f"/users/{national_admin.pk}/deactivate/", follow=True
    )
    national_admin.refresh_from_db()
    assert national_admin.is_active
    assert "Vous ne pouvez pas désactiver votre propre compte." in response.content.decode()


def test_it_invites_again(client_for, national_admin, gao_secretary):
    response = client_for(national_admin).post(f"/users/{gao_secretary.pk}/invite/", follow=True)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [gao_secretary.email]
    assert f"Invitation envoyée à {gao_secretary.email}." in response.content.decode()
    assert verbs(gao_secretary) == ["invite"]


def test_it_does_not_invite_a_deactivated_account(client_for, national_admin, gao_secretary):
    gao_secretary.is_active = False
    gao_secretary.save()
    client_for(national_admin).post(f"/users/{gao_secretary.pk}/invite/")
    assert mail.outbox == []


@pytest.mark.parametrize("path", ["edit/", "invite/", "deactivate/", "reactivate/"])
def test_it_refuses_account_administration_to_a_focal_point(
    client_for, mopti_focal_point, gao_secretary, path
):
    client = client_for(mopti_focal_point)
    assert client.post(f"/users/{gao_secretary.pk}/{path}").status_code in (403, 404)
    gao_secretary.refresh_from_db()
    assert gao_secretary.is_active and mail.outbox == []


def test_the_invited_person_sets_a_password_and_lands_on_their_home(
    client, national_admin, gao_secretary
):
    client.force_login(national_admin)
    client.post(f"/users/{gao_secretary.pk}/invite/")
    client.logout()
    path = invitation_path(mail.outbox[0])
    page = client.get(path, follow=True)
    text = page.content.decode()
    assert "Bienvenue sur SI-CCS" in text and "sec.gao" in text
    assert "Administration de Django" not in text
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Baobab-de-Gao-2021", "new_password2": "Baobab-de-Gao-2021"},
    )
    assert response.status_code == 302 and response.url == "/"
    home = client.get("/")
    assert home.context["user"] == gao_secretary and home.context["kind"] == "secretary"
    gao_secretary.refresh_from_db()
    assert gao_secretary.check_password("Baobab-de-Gao-2021")
    assert verbs(gao_secretary) == ["invite", "password_set"]
    # The link works once.
    client.logout()
    again = client.get(path, follow=True).content.decode()
    assert "Ce lien n'est plus valide" in again


def test_a_forgotten_password_mail_and_page_speak_the_platforms_french(client, national_admin):
    client.post("/password-reset/", {"email": national_admin.email})
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Choisissez un nouveau mot de passe SI-CCS"
    assert "Quelqu'un a demandé à choisir un nouveau mot de passe" in body
    path = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", body).group(1)
    page = client.get(path, follow=True).content.decode()
    assert "Choisir un nouveau mot de passe" in page or "Choisissez un nouveau mot de passe" in page
    assert "Administration de Django" not in page
    for url in ("/password-reset/", "/password-reset/sent/"):
        assert "Administration de Django" not in client.get(url).content.decode()
