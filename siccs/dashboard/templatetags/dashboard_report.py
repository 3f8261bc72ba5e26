"""Tags of the printed report: its charts and its tables (`report.ReportTable`), written
in Python in one pass rather than by template loops cell by cell (the annex tables hold
hundreds of rows at national scale)."""

from __future__ import annotations

import base64
import re
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


SVG_CLASS = re.compile(r'<svg[^>]*?\sclass="([^"]*)"')
SVG_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)


@register.simple_tag
def chart(charts: dict[str, Any], name: str) -> SafeString:
    """A chart or the map as an image of its SVG (a `data:` URL), titled by the SVG's title.

    Inline, WeasyPrint's pure-Python HTML parser read every element of the five drawings
    (half the HTML's text), and its cascade matched every selector of its stylesheets
    against each of them (a quarter of the elements), before handing the tree to its SVG
    renderer; as an image, the SVG is parsed once by the XML parser and drawn the same."""
    svg = str(charts[name])
    css = SVG_CLASS.search(svg)
    title = SVG_TITLE.search(svg)
    data = base64.b64encode(svg.encode()).decode("ascii")
    return mark_safe(
        f'<img class="{css.group(1) if css else ""}" '
        f'alt="{title.group(1) if title else ""}" src="data:image/svg+xml;base64,{data}">'
    )


@register.simple_tag
def report_table(tables: dict[str, Any], key: str) -> SafeString:
    from siccs.dashboard.report import cell_text

    spec = tables[key]

    def row(cells: list[Any], css: str = "") -> str:
        head, *rest = cells
        tds = "".join(
            f'<td class="{"num" if isinstance(v, int) and not isinstance(v, bool) else "text"}">'
            f"{escape(cell_text(v))}</td>"
            for v in rest
        )
        attr = f' class="{css}"' if css else ""
        return f"<tr{attr}><th>{escape(cell_text(head))}</th>{tds}</tr>"

    header = "".join(f"<th>{escape(str(h))}</th>" for h in spec.header)
    cols = "".join(f'<col class="w{w}">' for w in column_widths(spec))
    body = [row(r) for r in spec.shown]
    if spec.total:
        body.append(row(spec.total, "total"))
    if not body:
        body.append(
            f'<tr><td colspan="{len(spec.header)}" class="text muted">{escape(str(_none()))}</td></tr>'
        )
    more = f'<p class="muted">{escape(spec.more)}</p>' if spec.more else ""
    return mark_safe(
        f'<h3>{escape(spec.title)}</h3><table class="grid {escape(key)}">'
        f"<colgroup>{cols}</colgroup><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"
    )


def column_widths(spec: Any) -> list[int]:
    """Each column's share of the width, in even percents summing to 100 at most: in
    proportion to its longest text (a header counts by its longest word, as it wraps),
    within bounds so that no column is starved or swallows the table."""
    from siccs.dashboard.report import cell_text

    rows = [*spec.shown, *([spec.total] if spec.total else [])]
    weights = []
    for i, heading in enumerate(spec.header):
        # A bold header word is wider than a cell's text: it counts a quarter more.
        longest = round(1.25 * max([len(w) for w in str(heading).split()] or [1]))
        for r in rows:
            longest = max(longest, len(cell_text(r[i])))
        weights.append(min(max(longest, 7), 40))
    total = sum(weights)
    widths = [max(2 * int(50 * w / total), 4) for w in weights]
    while sum(widths) > 100:
        widths[widths.index(max(widths))] -= 2
    return widths


def _none() -> str:
    from django.utils.translation import gettext

    return gettext("None.")
