"""The dashboard's month-by-month tables are written out in Python as the template would."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from siccs.dashboard.presentation import as_text, table_rows


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "value", [0, 7, 999, -999, 1000, -1500, 1234567, 2.5, Decimal("1234.5"), None]
)
def test_a_figure_reads_as_the_template_writes_it(language, value):
    template = engines["django"].from_string("{{ value }}")
    with translation.override(language):
        assert as_text(value) == template.render({"value": value})


def test_months_are_named_and_months_without_installation_left_out():
    figures = {
        "installations": [
            {"month": dt.date(2024, 1, 1), "new": 0, "total": 0},
            {"month": dt.date(2024, 2, 1), "new": 1200, "total": 1200},
            {"month": dt.date(2024, 3, 1), "new": 3, "total": 1203},
        ],
        "sessions": [{"month": dt.date(2024, 8, 1), "total": 4}],
    }
    with translation.override("fr"):
        rows = table_rows(figures)
    assert rows["installations"] == [
        {"month": "février 2024", "new": "1\xa0200", "total": "1\xa0200"},
        {"month": "mars 2024", "new": "3", "total": "1\xa0203"},
    ]
    assert rows["sessions"] == [{"month": "août 2024", "total": "4"}]
