"""The interface shell: French by default, English on request, strict CSP, own assets."""

import re
from pathlib import Path

from django.conf import settings


def test_it_speaks_french_by_default(client, db):
    response = client.get("/login/")
    assert 'lang="fr"' in response.text
    assert "Connexion" in response.text


def test_it_switches_to_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    response = client.get("/login/")
    assert 'lang="en"' in response.text and "Log in" in response.text


def test_it_sends_a_strict_content_security_policy(client, db):
    csp = client.get("/login/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp


def test_it_loads_no_asset_from_outside_the_platform():
    # Templates and static files must reference nothing on another host.
    offenders = []
    for path in Path(settings.BASE_DIR, "siccs").rglob("*"):
        if path.suffix in {".html", ".css", ".svg"} and "tests" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="ignore")
            for url in re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", text):
                if not url.startswith("http://www.w3.org"):
                    offenders.append(f"{path}: {url}")
    assert offenders == []


def test_it_redirects_anonymous_visitors_to_login(client, db):
    response = client.get("/territory/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_it_keeps_the_admin_for_superusers(client_for, national_admin):
    response = client_for(national_admin).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_it_mails_a_password_reset_link(client, national_admin):
    from django.core import mail

    client.post("/password-reset/", {"email": national_admin.email})
    assert len(mail.outbox) == 1
    assert "/password-reset/" in mail.outbox[0].body
