"""Links sent by e-mail point at the site's public address (SITE_URL), never at the Host
header of the request that triggered them."""

from django.core import mail


def test_the_password_reset_link_uses_site_url(client, national_admin, settings):
    settings.SITE_URL = "https://ccs.example.ml"
    national_admin.email = "admin@crss.ml"
    national_admin.save()
    client.post("/password-reset/", {"email": "admin@crss.ml"})
    body = mail.outbox[0].body
    assert "https://ccs.example.ml/password-reset/" in body and "testserver" not in body


def test_a_new_accounts_link_uses_site_url(client_for, national_admin, settings):
    settings.SITE_URL = "https://ccs.example.ml"
    client_for(national_admin).post(
        "/users/new/",
        {
            "username": "kadiatou",
            "first_name": "Kadiatou",
            "last_name": "Diarra",
            "email": "kadiatou@example.ml",
            "preferred_language": "fr",
        },
    )
    body = mail.outbox[0].body
    assert "https://ccs.example.ml/welcome/" in body and "testserver" not in body
