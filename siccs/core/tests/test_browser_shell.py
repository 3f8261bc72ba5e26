"""The interface shell in a real Chromium on a phone-sized screen."""

import pytest

from conftest import browser_login

pytestmark = pytest.mark.browser


def test_it_logs_in_on_a_phone_in_french_without_console_errors(phone_page, mopti_focal_point):
    phone_page.goto("/")
    assert "/login/" in phone_page.url
    assert phone_page.locator("html").get_attribute("lang") == "fr"
    browser_login(phone_page, "pf.mopti")
    assert phone_page.url.endswith("/")
    # Nothing wider than the screen: the page must not scroll sideways on a phone.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert phone_page.console_errors == []
