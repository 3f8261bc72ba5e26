"""Screenshots of every list and table on a 360 px phone, for docs/phone.md, from the demo.

    make demo-data   # or: DEBUG=1 DATABASE_URL=sqlite:///$PWD/var/demo.sqlite3 manage.py load_demo
    DEBUG=1 DATABASE_URL=sqlite:///$PWD/var/demo.sqlite3 .venv/bin/python manage.py runserver 127.0.0.1:8766
    .venv/bin/python tools/phone_screenshots.py http://127.0.0.1:8766

Playwright drives the system Chromium, as the browser tests do. Each picture is one screen
and a half of the phone, from the list's table (or the page's top), saved as a 64-colour
PNG so that each stays under 80 KB; files go to docs/screenshots/phone-*.png.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "ccs-demo-2021"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
WIDTH, HEIGHT = 360, 1100
MAX_BYTES = 80_000

# (file name, user, address, what to scroll to: a CSS selector, or None for the top;
#  a link to follow first, when the page is reached from a list).
SHOTS = [
    ("home-secretary", "sec.bandiagara", "/", None, None),
    ("home-focal-point", "pf.mopti", "/", None, None),
    ("home-partner", "ptf.pnud", "/", None, None),
    ("committees", "pf.mopti", "/committees/", "table.committees", None),
    ("committee-steps", "pf.mopti", "/committees/", "table.steps", "table.committees tbody a"),
    ("dashboard-tables", "admin", "/dashboard/", "#coverage table", None),
    ("dashboard-chart", "pf.mopti", "/dashboard/", "svg.chart .legend", None),
    ("map-table", "admin", "/dashboard/map/", "main table", None),
    ("funding-gaps", "admin", "/partners/gaps/", "#gap-regions", None),
    ("partners-matrix", "admin", "/partners/matrix/", "#matrix-partners", None),
    ("partners-support", "admin", "/partners/support/", "table.support", None),
    ("commitments", "ptf.pnud", "/partners/commitments/", "table.commitments", None),
    ("perspectives", "pf.mopti", "/methodology/perspectives/", "table.perspectives", None),
    ("sessions", "sec.bandiagara", "/sessions/", "table.sessions", None),
    ("attendance", "sec.bandiagara", "/sessions/", "main table", "table.sessions td a"),
    ("follow-up-board", "pf.mopti", "/sessions/follow-up/", "table.board", None),
    ("concerns", "pf.mopti", "/sessions/concerns/", "#register", None),
    ("reports-triage", "admin", "/signalements/", "main table", None),
    ("users", "admin", "/users/", ".user-rows", None),
    ("audit-trail", "admin", "/audit/", ".audit-entries", None),
    ("search", "pf.mopti", "/search/?q=bandiagara", "main", None),
]


def _login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.locator("#id_username").press_sequentially(username)
    page.locator("#id_password").press_sequentially(PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _small_png(png: bytes, path: Path) -> int:
    """The screenshot with a palette, fewer colours until it fits MAX_BYTES."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    for colours in (64, 32, 16):
        buffer = io.BytesIO()
        image.quantize(colors=colours).save(buffer, format="PNG", optimize=True)
        if buffer.tell() <= MAX_BYTES:
            break
    path.write_bytes(buffer.getvalue())
    return buffer.tell()


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
        page = context.new_page()
        current = None
        for name, username, address, target, follow in SHOTS:
            if username != current:
                _login(page, base, username)
                current = username
            page.goto(f"{base}{address}")
            if follow:
                page.locator(follow).first.click()
                page.wait_for_load_state()
            top = 0
            if target:
                top = page.evaluate(
                    "s => Math.max(0, document.querySelector(s).getBoundingClientRect().top"
                    " + window.scrollY - 60)",
                    target,
                )
            height = page.evaluate("document.documentElement.scrollHeight")
            clip = {"x": 0, "y": top, "width": WIDTH, "height": min(HEIGHT, height - top)}
            png = page.screenshot(full_page=True, clip=clip)
            size = _small_png(png, OUT / f"phone-{name}.png")
            print(f"phone-{name}.png {size // 1000} KB")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8766")
