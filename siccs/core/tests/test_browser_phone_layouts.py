"""Every page of the platform, as each role, on a 360 px phone in Chromium.

Lists and tables are the pages people read on a phone: a table wider than the screen
hides its state, step or cost columns behind a sideways scroll nobody finds. This walk
opens every page the scope walker's world can reach (its Gao objects carry long texts)
as each persona and fails when the document scrolls sideways, when a table cell lies
beyond the screen's edges (inside a scrolling wrapper included), or when a table laid
out as cards has a cell without the label that names its column (a row's heading,
class "head", a cell of actions, class "act", and a row of one cell, a message, need
none). New pages are walked
without being listed.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from conftest import browser_login
from siccs.committees.models import Committee
from siccs.core.demo import DEMO_PASSWORD
from siccs.core.tests import scope_walker
from siccs.meetings.models import Session

pytestmark = pytest.mark.browser

# Files and machine answers, not pages; the API and ODK Collect's endpoints are not read
# in a phone's browser.
NOT_PAGES = (".csv", ".xlsx", ".pdf", ".docx", ".json", ".xml")
SKIPPED_PREFIXES = ("api/", "odk/formList", "odk/submission", "odk/forms/", "odk/lists/")

# Closed <details> hold tables too (the dashboard's month-by-month figures): open them all.
LAYOUT_PROBLEMS_JS = """
() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const width = window.innerWidth;
  const problems = [];
  const scroll = document.documentElement.scrollWidth;
  if (scroll > width) {
    // Name the innermost elements that stick out, so the failure says where to look.
    const wide = [...document.body.querySelectorAll('*')].filter(e => {
      const box = e.getBoundingClientRect();
      return box.right > width + 0.5 && ![...e.children].some(c => c.getBoundingClientRect().right > width + 0.5);
    }).slice(0, 3).map(e => `${e.tagName.toLowerCase()}.${e.className}`);
    problems.push(`the page scrolls sideways (${scroll} px wide): ${wide.join(', ')}`);
  }
  document.querySelectorAll('main table').forEach((table, t) => {
    const name = table.id || table.className || `table ${t + 1}`;
    const stacked = table.classList.contains('stack')
      && getComputedStyle(table.querySelector('tr') || table).display === 'grid';
    table.querySelectorAll('tbody td, tbody th, tfoot td, tfoot th').forEach(cell => {
      const rects = cell.getClientRects();
      if (!rects.length) return;
      const box = cell.getBoundingClientRect();
      if (box.width === 0) return;
      const text = cell.textContent.trim().slice(0, 40);
      if (box.left < -0.5 || box.right > width + 0.5) {
        problems.push(`${name}: cell "${text}" off-screen (${Math.round(box.left)}–${Math.round(box.right)} px)`);
      }
      const unlabelled = stacked && cell.tagName === 'TD' && !cell.hasAttribute('data-label')
        && cell.parentElement.cells.length > 1 && !cell.matches('.head, .act') && text && !cell.querySelector('form, button');
      if (unlabelled) problems.push(`${name}: card cell "${text}" has no data-label`);
    });
  });
  return problems;
}
"""


def layout_problems(page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS_JS)


def html_pages(world, user) -> list[str]:
    """The address of every page `user` may open, found with a test client first: the
    browser only opens those (a file would be downloaded, a 404 has no layout)."""
    client = Client()
    client.force_login(user)
    pages = []
    for route in scope_walker.routes():
        if route.public or route.auth_scheme or route.pattern.startswith(SKIPPED_PREFIXES):
            continue
        url = scope_walker.concrete_path(route, world)
        if url is None or url.endswith(NOT_PAGES):
            continue
        response = client.get(url)
        html = response.status_code == 200 and response["Content-Type"].startswith("text/html")
        # A fragment loaded into a page by htmx is checked inside its page.
        if html and b"<html" in response.content[:500].lower():
            pages.append(url)
    return pages


@pytest.fixture
def world(mali, national_admin, national_analyst, mopti_focal_point, gao_secretary, partner_viewer):
    return scope_walker.build_world(mali)


def walk(page, username: str, pages: list[str], password: str = "demo-password-1") -> list[str]:
    """The layout problems of `pages` opened as `username`, each named with its page."""
    page.context.clear_cookies()
    browser_login(page, username, password)
    problems: list[str] = []
    # A script error, a CSP refusal or a resource that fails to load (a stylesheet, the
    # icon) is a failure too, named with its page.
    listener = lambda m: (  # noqa: E731
        problems.append(f"{username} {page.url}: {m.text} {m.location.get('url')}")
        if m.type == "error"
        else None
    )
    page.on("console", listener)
    for url in pages:
        response = page.goto(url)
        assert response is not None and response.ok, url
        problems += [f"{username} {url}: {problem}" for problem in layout_problems(page)]
    page.remove_listener("console", listener)
    return problems


@pytest.mark.parametrize("username", ["admin", "analyste", "pf.mopti", "sec.gao", "ptf.pnud"])
def test_every_page_fits_a_phone_for_each_role(phone_page, world, username):
    user = get_user_model().objects.get(username=username)
    pages = html_pages(world, user)
    # A walk that found no page would pass vacuously.
    assert len(pages) >= 8, pages
    assert walk(phone_page, username, pages) == []


def test_the_lists_of_the_demo_fit_a_phone_for_each_role(phone_page, shipped_data):
    """The same walk on the demo's real volume and names (long category names, twenty
    regions, full attendance lists): every page without an object in its address, and the
    latest committee and session each role sees."""
    call_command("load_demo", stdout=StringIO())
    problems = []
    for username in ("admin", "analyste", "pf.mopti", "sec.bandiagara", "ptf.pnud"):
        user = get_user_model().objects.get(username=username)
        world = scope_walker.World(mali=None)
        for key, model, order in (
            ("committee_id", Committee, "-pk"),
            ("session_id", Session, "-held_on"),
        ):
            latest = model.objects.visible_to(user).order_by(order).first()
            if latest is not None:
                world.kwargs[key] = latest.pk
        pages = html_pages(world, user)
        assert len(pages) >= 8, pages
        problems += walk(phone_page, username, pages, password=DEMO_PASSWORD)
    assert problems == []


def test_the_check_catches_a_wide_table_and_an_unlabelled_card(phone_page, world):
    """The walk above proves nothing if its check cannot fail: a table of many columns
    outside the card layout, and a card cell without its column's name, are caught."""
    browser_login(phone_page, "admin")
    phone_page.goto("/committees/")
    assert layout_problems(phone_page) == []
    phone_page.evaluate(
        """() => {
          const table = document.createElement('table');
          table.id = 'wide';
          table.innerHTML = '<tbody><tr>' + '<td>Fonctionnel</td>'.repeat(12) + '</tr></tbody>';
          const wrap = document.createElement('div');
          wrap.className = 'table-wrap';
          wrap.append(table);
          document.querySelector('main').append(wrap);
          document.querySelector('table.stack td[data-label]').removeAttribute('data-label');
        }"""
    )
    problems = layout_problems(phone_page)
    assert any(p.startswith("wide: cell") and "off-screen" in p for p in problems), problems
    assert any("has no data-label" in p for p in problems), problems
