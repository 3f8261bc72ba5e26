"""WeasyPrint's rendering of the progress report's HTML into a PDF, at the least cost.

Profiled on the national dataset (docs/performance.md), the report's PDF spent:
- a quarter to a third of its CPU time in Python's cyclic garbage collector: WeasyPrint
  makes hundreds of thousands of objects (boxes, styles, text layouts), so the collector
  runs hundreds of times during one rendering, and its full passes walk the whole heap of
  the process (Django, WeasyPrint, fontTools: some 300,000 long-lived objects) each time.
  The collector is paused while one document is rendered and resumes after it: what the
  rendering leaves in cycles is collected then, in one pass.
- a tenth of a second building two URL fetchers per document, each with its own TLS
  context (loading the system's certificates), although the report fetches nothing from
  the network: one fetcher, which accepts only `data:` URLs (the charts), serves every
  document, and the stylesheet is parsed once per process.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

CSS_FILE = Path(__file__).resolve().parent / "static" / "dashboard" / "report.css"


@cache
def url_fetcher() -> Any:
    """The one URL fetcher of the report: `data:` URLs only, nothing from a disk or a network
    (the report's text comes from users; no URL it may hold is ever followed)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=["data"])


@cache
def stylesheet() -> Any:
    """The report's stylesheet, parsed once per process (WeasyPrint's own user-agent
    stylesheets are kept the same way)."""
    from weasyprint import CSS

    return CSS(string=CSS_FILE.read_text(encoding="utf-8"), url_fetcher=url_fetcher())


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bounded piece of work (one document), then
    let it resume. Reference counting still frees most objects at once; only cycles wait
    for the end of the document. Left as it was found when already paused (nested or
    concurrent renderings)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def html_to_pdf(html: str) -> bytes:
    """The PDF of the report's HTML, with the report's stylesheet."""
    from weasyprint import HTML

    with collector_paused():
        document = HTML(string=html, url_fetcher=url_fetcher())
        return document.write_pdf(stylesheets=[stylesheet()])
