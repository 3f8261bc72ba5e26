"""`make bench` judges its runs: budgets, a loaded machine, the ratio of scale 10 to scale 1.
(The measures themselves need the national dataset; these check what is made of them.)"""

from __future__ import annotations

import os

import pytest

from tools import bench


def _result(vendor="sqlite", p95=50.0, report=3500.0, pdf=2000.0, loaded=False):
    return {
        "vendor": vendor,
        "server": "3.40",
        "generated": "reused",
        "size": {"committees": 836},
        "load_before": 0.2,
        "load_after": 1.1,
        "loaded": loaded,
        "dashboard": [
            {
                "on": "2026-12-01",
                "p50": p95 - 5,
                "p95": p95,
                "max": p95,
                "computed_p50": 10 * p95 - 5,
                "computed_p95": 10 * p95,
                "queries": 13,
                "runs": 30,
            }
        ],
        "report": [
            {
                "on": "2026-12-01",
                "p50": report,
                "max": report,
                "stages": {"figures": 200, "pdf": pdf, "docx": 500, "xlsx": 200},
                "queries": 25,
                "runs": 3,
            }
        ],
        "checks": [],
    }


def test_it_holds_the_issue_budgets():
    assert bench._dashboard_ok({"p95": 60, "queries": 15})
    assert not bench._dashboard_ok({"p95": 61, "queries": 15})
    assert not bench._dashboard_ok({"p95": 40, "queries": 16})
    assert bench._report_ok({"p50": 4000, "stages": {"pdf": 2500}})
    assert not bench._report_ok({"p50": 4001, "stages": {"pdf": 2000}})
    assert not bench._report_ok({"p50": 3000, "stages": {"pdf": 2600}})


def test_a_run_on_a_loaded_machine_is_flagged_not_judged(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert not bench._loaded(0.4, 1.6)  # quiet; the benchmark's own process counts 1
    assert bench._loaded(1.5, 1.6)  # others were at work before it began
    assert bench._loaded(0.4, 3.0)  # and beside it
    row = bench._table([_result(p95=500, loaded=True)])[2]
    assert "loaded machine: not a measure" in row and "BROKEN" not in row
    assert "**BROKEN**" in bench._table([_result(p95=500)])[2]


def test_the_larger_scale_is_shown_with_its_ratio_to_scale_one(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "DOC", tmp_path / "performance.md")
    run = {
        "date": "2026-12-01 12:00",
        "machine": {"cpu": "x", "memory": "1 GB", "os": "Linux", "python": "3.12", "load": ""},
        "args": {"seed": 1, "years": 10, "scale": 1.0, "runs": 30},
    }
    ten = {**run, "args": {**run["args"], "scale": 10.0}}
    bench.write_doc(
        {
            1.0: {**run, "results": [_result(p95=50, report=3000)]},
            10.0: {**ten, "results": [_result(p95=90, report=6000)]},
        }
    )
    text = (tmp_path / "performance.md").read_text()
    assert "## At 10 times the data" in text
    assert (
        "| sqlite | dashboard p95 (figures kept) | 2026-12-01 / 2026-12-01 | 50 ms | 90 ms | 1.8× |"
        in text
    )
    assert (
        "| sqlite | dashboard p95 (figures computed) | 2026-12-01 / 2026-12-01 | 500 ms "
        "| 900 ms | 1.8× |" in text
    )
    assert "| sqlite | report p50 | 2026-12-01 / 2026-12-01 | 3000 ms | 6000 ms | 2.0× |" in text
    assert "at most 60 ms and 15 SQL queries" in text


@pytest.mark.parametrize(("scale", "suffix"), [(1.0, ""), (10.0, "-x10"), (2.5, "-x2_5")])
def test_each_scale_keeps_its_own_dataset(scale, suffix):
    assert bench._suffix(scale) == suffix
