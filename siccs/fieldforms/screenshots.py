"""Screenshots of the platform side of ODK Collect for docs/odk.md, taken from the demo.

    DEBUG=1 DATABASE_URL=sqlite:///$PWD/var/demo.sqlite3 .venv/bin/python manage.py runserver 127.0.0.1:8765
    .venv/bin/python -m siccs.fieldforms.screenshots http://127.0.0.1:8765

Playwright drives the system Chromium, as the browser tests do; files go to docs/screenshots/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
PASSWORD = "ccs-demo-2021"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.locator("#id_username").press_sequentially(username)
    page.locator("#id_password").press_sequentially(PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, viewport in (("phone", (360, 740)), ("desktop", (1280, 900))):
            context = browser.new_context(
                viewport={"width": viewport[0], "height": viewport[1]}, locale="fr-FR"
            )
            page = context.new_page()
            _login(page, base, "sec.bandiagara")
            page.goto(f"{base}/odk/")
            page.screenshot(path=OUT / f"odk-page-{name}.png", full_page=True)
            if name == "phone":
                page.locator("#id_label").press_sequentially("Itel A70 du président")
                page.get_by_role("button", name="Créer un mot de passe d'application").click()
                page.wait_for_load_state()
                page.screenshot(path=OUT / "odk-app-password-phone.png", full_page=True)
            context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        page = context.new_page()
        _login(page, base, "admin")
        page.goto(f"{base}/odk/review/")
        page.screenshot(path=OUT / "odk-review-queue-desktop.png", full_page=True)
        page.locator("#queue tr", has_text="membre inconnu").locator("a").click()
        page.wait_for_load_state()
        page.screenshot(path=OUT / "odk-review-detail-desktop.png", full_page=True)
        context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8765")
