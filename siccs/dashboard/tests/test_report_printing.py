"""How the report's PDF is printed (`dashboard.printing`, the `chart` tag): the charts drawn
from their SVG, no URL followed but `data:`, the garbage collector paused for one document
only."""

from __future__ import annotations

import base64
import gc
import io
import logging

import pytest
from django.template import Context, Template
from PIL import Image

from siccs.dashboard import printing
from siccs.meetings.tests.pdf_text import pdf_text

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart" viewBox="0 0 200 40" '
    'width="200" height="40" role="img"><title>Comités par état &amp; région</title>'
    '<rect x="0" y="0" width="120" height="20" fill="#3f88c5"/>'
    '<text x="4" y="34" font-family="sans-serif" font-size="12">Zyxwvu 42</text></svg>'
)


def _page(body: str) -> str:
    return f'<!doctype html><html lang="fr"><head><meta charset="utf-8"></head><body>{body}</body></html>'


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "#d64545").save(out, format="PNG")
    return out.getvalue()


def test_it_draws_a_chart_from_its_svg(caplog):
    html = Template('{% load dashboard_report %}<div class="figure">{% chart charts "x" %}</div>')
    body = html.render(Context({"charts": {"x": SVG}}))
    assert "<svg" not in body
    assert 'class="chart bar-chart"' in body
    assert 'alt="Comités par état &amp; région"' in body
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = printing.html_to_pdf(_page(body))
    text = pdf_text(pdf)
    # The SVG's text is drawn (glyph by glyph: spaces are not kept); its title (the
    # image's alternative text) is not shown.
    assert "Zyxwvu42" in text
    assert "Comités" not in text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_it_follows_no_url_but_data(tmp_path, caplog):
    picture = tmp_path / "picture.png"
    picture.write_bytes(_png())
    inline = base64.b64encode(_png()).decode()
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        refused = printing.html_to_pdf(_page(f'<img src="{picture.as_uri()}" alt="none">'))
        drawn = printing.html_to_pdf(_page(f'<img src="data:image/png;base64,{inline}">'))
    assert b"/Subtype /Image" not in refused
    assert "none" in pdf_text(refused)  # the alternative text stands in for the picture
    assert b"/Subtype /Image" in drawn
    assert any("picture.png" in r.getMessage() for r in caplog.records)


def test_the_collector_is_paused_for_one_document_only():
    seen = []

    class Probe:
        def __init__(self) -> None:
            seen.append(gc.isenabled())

    assert gc.isenabled()
    with printing.collector_paused():
        Probe()
    assert seen == [False]
    assert gc.isenabled()
    with pytest.raises(ValueError), printing.collector_paused():
        raise ValueError
    assert gc.isenabled()
    # Nested, or already paused by someone else: left as found.
    gc.disable()
    try:
        with printing.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
