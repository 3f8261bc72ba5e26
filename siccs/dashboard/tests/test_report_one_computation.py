"""The report's three formats are laid out from one computation of its figures: the PDF,
the DOCX and the XLSX read no fact of their own (only the map's drawing reads the
territory's shapes and centres)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from siccs.dashboard import report, selectors
from siccs.dashboard.tests.world import BEFORE, build

FACT_TABLES = ("committees_", "rollout_", "meetings_", "partners_", "citizens_", "accounts_")


def test_the_three_formats_come_from_one_computation_of_the_figures(
    mali, national_admin, partner, monkeypatch
):
    build(mali, partner=partner)
    computed = []
    compute = selectors.dashboard_figures

    def counted(**kwargs):
        computed.append(kwargs["on"])
        return compute(**kwargs)

    monkeypatch.setattr(selectors, "dashboard_figures", counted)
    marks: dict[int, int] = {}
    with translation.override("fr"), CaptureQueriesContext(connection) as captured:
        files = report.produce(
            user=national_admin,
            on=BEFORE,
            progress=lambda percent: marks.setdefault(percent, len(captured.captured_queries)),
        )
    assert computed == [BEFORE]
    assert files["pdf"].startswith(b"%PDF")
    assert files["docx"][:2] == files["xlsx"][:2] == b"PK"
    # After the figures (25 %), the formats only lay them out.
    laid_out = [q["sql"] for q in captured.captured_queries[marks[25] :]]
    assert laid_out, "the map's drawing reads the territory: the capture must see it"
    for sql in laid_out:
        assert not any(f'"{table}' in sql for table in FACT_TABLES), sql
