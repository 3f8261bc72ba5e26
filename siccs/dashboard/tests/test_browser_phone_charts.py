"""The dashboard's charts read on a 360 px phone: their legends are not shrunk below 11 px.

An SVG drawn wider than the screen is scaled down by its viewBox, its texts with it: a
chart drawn 640 units wide shows its 11-unit legend about 6 px tall on a phone.
"""

from __future__ import annotations

import pytest

from conftest import browser_login
from siccs.core.tests import scope_walker

pytestmark = pytest.mark.browser

# The size each text is drawn at on the screen: its font size times the SVG's scale.
RENDERED_SIZES_JS = """
selector => [...document.querySelectorAll(selector)].map(t => ({
  text: t.textContent,
  px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
}))
"""


@pytest.fixture
def world(mali, national_admin, gao_secretary, partner_viewer):
    # The scope walker's world: committees, sessions and partners enough for every chart.
    return scope_walker.build_world(mali)


def test_chart_legends_are_at_least_11_px_on_a_phone(phone_page, world):
    browser_login(phone_page, "admin")
    phone_page.goto("/dashboard/")
    legends = phone_page.evaluate(RENDERED_SIZES_JS, "main svg .legend text")
    # The states of the regions' chart, the kinds of the sessions' chart, the map's colours.
    assert len(legends) >= 6, legends
    small = [entry for entry in legends if entry["px"] < 10.95]
    assert small == []
    # Nor is any other text of the charts (names of bars, axes) smaller than 10 px.
    texts = phone_page.evaluate(RENDERED_SIZES_JS, "main svg.chart text")
    assert texts and [t for t in texts if t["px"] < 9.95] == []
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
