"""The DOCX report carries the PDF's charts and map as PNG pictures, each followed by its
table; the pictures are drawn from the figures (a drawing that breaks fails here)."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from django.utils import translation
from docx import Document
from PIL import Image

from siccs.dashboard import maps, raster, report
from siccs.dashboard.charts import Bar, Series
from siccs.dashboard.presentation import build_charts
from siccs.dashboard.tests.world import BEFORE, build

ORDER = ["states", "map", "regions", "installations", "sessions"]


@pytest.fixture
def context(mali, partner, national_admin):
    build(mali, partner=partner)
    with translation.override("fr"):
        yield report.build_context(user=national_admin, on=BEFORE)


def _pictures(docx: bytes) -> list[tuple[Image.Image, int, str]]:
    document = Document(io.BytesIO(docx))
    found = []
    for shape in document.inline_shapes:
        inline = shape._inline
        blob = document.part.related_parts[inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        image = Image.open(io.BytesIO(blob))
        image.load()
        found.append((image, len(blob), inline.docPr.get("descr")))
    return found


def _render(context) -> bytes:
    with translation.override("fr"):
        return report.render_docx(context)


def _pixels(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_it_embeds_the_four_charts_and_the_map_as_small_pngs(context):
    pictures = _pictures(_render(context))
    assert len(pictures) == 5
    with translation.override("fr"):
        svgs = build_charts(context["f"], map_width=raster.MAP_WIDTH)
    for name, (image, size, descr) in zip(ORDER, pictures, strict=True):
        assert image.format == "PNG"
        assert image.mode == "P"
        assert size < 60_000, name
        # As wide as the brief asks, as tall as the SVG's proportions make it.
        width, height = (
            float(v) for v in re.search(r'viewBox="0 0 (\S+) (\S+)"', svgs[name]).groups()
        )
        assert image.width == raster.WIDTH
        assert abs(image.height - height * raster.WIDTH / width) <= 1, name
        assert descr, name


def test_each_picture_is_followed_by_its_table_and_the_pdf_sentence_is_gone(context):
    document = Document(io.BytesIO(_render(context)))
    body = document.element.body
    kinds = [
        "picture" if child.xpath(".//pic:pic") else child.tag.rsplit("}", 1)[1]
        for child in body.iterchildren()
    ]
    for i, kind in enumerate(kinds):
        if kind == "picture":
            following = [k for k in kinds[i + 1 :] if k != "p"]
            assert following[0] in ("picture", "tbl")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "PDF" not in text


def test_a_chart_changes_with_the_figures(context):
    before = _pictures(_render(context))
    context["f"]["states"][0]["n"] += 7  # seven more planned committees
    after = _pictures(_render(context))
    changed = [
        name
        for name, (a, _, _), (b, _, _) in zip(ORDER, before, after, strict=True)
        if a.tobytes() != b.tobytes() or a.getpalette() != b.getpalette()
    ]
    assert changed == ["states"]


def _near(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    """The palette may move a colour by a step or two."""
    return max(abs(a - b) for a, b in zip(pixel, colour, strict=True)) <= 3


def _run_length(image: Image.Image, colour: tuple[int, int, int], *, row: int) -> int:
    return sum(1 for x in range(image.width) if _near(image.getpixel((x, row)), colour))


def test_bar_lengths_are_proportional_to_the_values():
    image = _pixels(
        raster.bar_chart([Bar("dix", 10, colour="#ff0000"), Bar("cinq", 5, colour="#0000ff")])
    )
    # Rows of 26 units from 8, drawn at 3 pixels a unit: the middle of each bar.
    red = _run_length(image, (255, 0, 0), row=(8 + 13) * 3)
    blue = _run_length(image, (0, 0, 255), row=(8 + 26 + 13) * 3)
    assert red > 500
    assert abs(red / blue - 2) < 0.02


def test_column_heights_are_proportional_to_the_values():
    image = _pixels(
        raster.stacked_bars(["a", "b"], [Series("s", [8, 2], "#ff0000")], title="t", desc="d")
    )
    columns = [
        sum(1 for y in range(image.height) if _near(image.getpixel((x, y)), (255, 0, 0)))
        for x in (round(image.width * 0.3), round(image.width * 0.75))
    ]
    assert columns[0] > 300
    assert abs(columns[0] / columns[1] - 4) < 0.05


def test_a_region_with_a_hole_leaves_its_enclave_uncovered():
    ring = [[-10, 11], [2, 11], [2, 24], [-10, 24], [-10, 11]]
    hole = [[-6, 15], [-2, 15], [-2, 19], [-6, 19], [-6, 15]]
    units = [{"pk": 1, "name": "K", "boundary": {"type": "Polygon", "coordinates": [ring, hole]}}]
    drawing = maps.map_drawing(units, {1: {"functional": 1}}, lambda u: "", width=300)
    image = _pixels(raster.map_png(drawing))
    project = maps.Projector(maps.bbox_of(units), 300)
    scale = raster.WIDTH / 300

    def at(lon: float, lat: float) -> tuple[int, int, int]:
        x, y = project(lon, lat)
        return image.getpixel((round(x * scale), round(y * scale)))

    assert _near(at(-8, 13), (47, 158, 68))  # the functional green
    assert _near(at(-4, 17), (255, 255, 255))
    assert image.height == round(drawing.height * scale)


def test_it_draws_without_any_font_file(monkeypatch):
    monkeypatch.setattr(raster, "FONTS", ("no-such-font.ttf",))
    raster.font.cache_clear()
    try:
        image = _pixels(raster.bar_chart([Bar("dix", 10)]))
    finally:
        raster.font.cache_clear()
    colours = Counter(image.get_flattened_data())
    assert colours[(255, 255, 255)] < image.width * image.height
