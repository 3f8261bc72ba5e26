"""Server-drawn SVG charts: valid XML, titled, described, linked, without inline style."""

import datetime as dt
import xml.etree.ElementTree as ET

from siccs.dashboard import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg):
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").text
    assert "style=" not in str(svg)
    return root


def test_it_draws_a_bar_chart_with_links():
    svg = charts.bar_chart(
        [charts.Bar("installé", 10, "/committees/?state=installed"), charts.Bar("bloqué", 3)],
        title="CCS par état",
        desc="installé: 10, bloqué: 3",
    )
    root = _parse(svg)
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == ["/committees/?state=installed"]
    assert len(root.findall(f".//{SVG}rect")) == 2


def test_it_escapes_labels():
    svg = charts.bar_chart([charts.Bar("<script>", 1)], title="a & b", desc="<x>")
    _parse(svg)
    assert "<script>" not in str(svg)


def test_it_stacks_bars_per_series():
    svg = charts.stacked_bars(
        ["jan", "fév", "mar"],
        [charts.Series("ordinaire", [1, 2, 0], "#000"), charts.Series("extra", [0, 1, 1], "#f00")],
        title="Sessions",
        desc="4 sessions",
    )
    root = _parse(svg)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "fév · ordinaire: 2" in titles
    # 4 non-empty segments + 2 legend swatches
    assert len(root.findall(f".//{SVG}rect")) == 6


def test_it_draws_a_cumulative_line_and_the_target():
    points = [(dt.date(2021, m, 1), v) for m, v in [(1, 1), (2, 3), (3, 3), (4, 7)]]
    root = _parse(charts.cumulative_line(points, title="Installations", desc="7", target=12))
    line = root.find(f".//{SVG}polyline")
    assert len(line.get("points").split()) == 4
    assert root.find(f".//{SVG}line[@stroke-dasharray]") is not None


def test_an_empty_series_is_still_a_valid_chart():
    _parse(charts.cumulative_line([], title="Installations", desc="aucune"))
    _parse(charts.stacked_bars([], [], title="Sessions", desc="aucune"))
    _parse(charts.bar_chart([], title="États", desc="aucun"))
