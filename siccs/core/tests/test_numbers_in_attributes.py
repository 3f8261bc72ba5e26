"""No localised number inside an HTML attribute, on any page or form of the project.

With USE_THOUSAND_SEPARATOR and French formats, `{{ 1000 }}` renders `1 000` (a no-break
space) and `{{ 12.5 }}` renders `12,5`. Inside `maxlength`, `min`, `value` or an SVG
`width`, a browser reads `1 000` as 1 and `12,5` as nothing: the public report box kept one
character. This walks every URL as the scope walker does, as a national administrator and
as an anonymous visitor, page and htmx fragment, after pushing every table's next id past
1 000 so that ids written in attributes (`value="{{ unit.pk }}"`) are caught too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from siccs.core.tests import scope_walker

# Free text a person reads: a localised number is right there.
TEXT_ATTRIBUTES = {"title", "alt", "placeholder", "content", "aria-label", "aria-description"}
# No-break spaces between digits: a thousands separator, in any attribute.
GROUPED = re.compile(r"\d[\u00a0\u202f]\d")
# Attributes that hold one number: a decimal comma there is a localised number.
SINGLE_NUMBER = {
    "maxlength", "minlength", "min", "max", "step", "size", "rows", "cols", "colspan",
    "rowspan", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx",
    "ry", "dx", "dy", "stroke-width", "font-size", "opacity", "fill-opacity", "offset",
    "tabindex", "low", "high", "optimum",
}  # fmt: skip
DECIMAL_COMMA = re.compile(r"\d,\d")
FIRST_ID = 12_345


class AttributeCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        numeric_value = tag in {"meter", "progress"} or values.get("type") in {"number", "range"}
        for name, value in attrs:
            if not value or name in TEXT_ATTRIBUTES:
                continue
            single = name in SINGLE_NUMBER or (name == "value" and numeric_value)
            if GROUPED.search(value) or (single and DECIMAL_COMMA.search(value)):
                self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def localised_numbers_in_attributes(html: str) -> list[str]:
    collector = AttributeCollector()
    collector.feed(html)
    return collector.found


def push_ids_past_a_thousand() -> None:
    """The next row of every table gets an id above 12 345."""
    with connection.cursor() as cursor:
        for model in apps.get_models():
            pk = model._meta.pk
            if pk.get_internal_type() not in {"AutoField", "BigAutoField"}:
                continue
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), "
                    "GREATEST(%s, (SELECT COALESCE(MAX("
                    + connection.ops.quote_name(pk.column)
                    + "), 0) "
                    "FROM " + connection.ops.quote_name(table) + ")))",
                    [table, pk.column, FIRST_ID],
                )
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, FIRST_ID]
                )


def test_the_detector_sees_a_localised_maxlength_and_a_decimal_comma():
    html = '<textarea maxlength="1\u00a0000"></textarea><svg><rect width="12,5"/></svg>'
    assert len(localised_numbers_in_attributes(html)) == 2
    assert localised_numbers_in_attributes('<p title="1\u00a0000 FCFA">1\u00a0000</p>') == []
    assert localised_numbers_in_attributes('<polyline points="1,2 3,4"/>') == []


@pytest.fixture
def world(mali, gao_secretary, mopti_focal_point):
    from siccs.territory.models import AdministrativeUnit, Level

    push_ids_past_a_thousand()
    world = scope_walker.build_world(mali)
    # A region created after the push (a reform's new version): list pages filtered by it.
    region = AdministrativeUnit.objects.create(
        name="Ménaka", level=Level.REGION, parent=mali.country, pcode="ML09"
    )
    world.queries = [{"region": region.pk, "unit": region.pk, "area": region.pk}]
    return world


def test_no_page_or_form_writes_a_localised_number_in_an_attribute(world, national_admin):
    admin = Client()
    admin.force_login(national_admin)
    anonymous = Client()
    problems: list[str] = []
    pages = 0
    for route in scope_walker.routes():
        url = scope_walker.concrete_path(route, world)
        if url is None:
            continue
        visitor = anonymous if route.public else admin
        htmx = {"HX-Request": "true"}
        visits = [({}, {}), ({}, htmx)]
        if route.public:
            visits += [({"lang": "bm"}, {})]
        elif not route.kwarg_names:
            visits += [(query, {}) for query in world.queries]
        for query, headers in visits:
            response = visitor.get(url, query, headers=headers)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            problems += [
                f"{url} {query} {headers}: {found}"
                for found in localised_numbers_in_attributes(scope_walker.body_text(response))
            ]
    assert pages >= 40  # a walk that rendered nothing would pass vacuously
    assert not problems, "\n".join(problems)
