"""The user's own language wins over the browser's; the switch remembers the choice."""

from django.test import Client

from siccs.accounts.models import User


def test_it_opens_in_the_users_language_whatever_the_browser_says(national_admin):
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    client.force_login(national_admin)
    assert national_admin.preferred_language == "fr"
    response = client.get("/committees/")
    assert response.headers["Content-Language"] == "fr"


def test_it_remembers_the_language_chosen_with_the_switch(national_admin):
    client = Client()
    client.force_login(national_admin)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert User.objects.get(pk=national_admin.pk).preferred_language == "en"

    elsewhere = Client(headers={"accept-language": "fr"})  # another phone, no cookie
    elsewhere.force_login(national_admin)
    assert elsewhere.get("/committees/").headers["Content-Language"] == "en"


def test_an_anonymous_visitor_gets_french_by_default(db):
    response = Client().get("/login/")
    assert response.headers["Content-Language"] == "fr"
