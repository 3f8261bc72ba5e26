"""`make bench`: the dashboard and the progress report at national scale, on SQLite and
PostgreSQL, beside the same headline figures computed by hand-written SQL.

For each database a child process (Django is configured once per process) sets up the
national dataset (`generate_national_dataset`; the SQLite file is kept under var/bench/
and reused while the generator's signature matches, the PostgreSQL database likewise),
then measures, as a national administrator:
- the dashboard page's server time (Django test client GET, after warm-up) for today and
  for a date five years back, p50/p95, and its SQL query count;
- the report task's function (`dashboard.report.produce`: PDF, DOCX, XLSX), a few runs,
  with the time of each stage taken from its progress callback;
- hand-written SQL for the headline figures, its time, and whether the ORM agrees.
The table goes to stdout and to docs/performance.md, with the last run at the other
scale (`--scale 10` beside scale 1) and the ratios between them; each scale's results are
kept in var/bench/results-scale-<n>.json. Exit status 1 when a budget is broken
(dashboard p95 over 60 ms or more than 15 queries; report PDF+DOCX+XLSX over 4 s or its
PDF over 2.5 s) or a figure disagrees.

Timings on a busy machine mean nothing: the load average is read before and after each
database's run, and a run on a loaded machine (more than half a core busy per core
before it starts, or others' work beside it) is flagged, and refused for the page unless
`--allow-loaded` says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from siccs.core import dates

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "performance.md"
LOAD_SECTION = "\n## Production configuration under load"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/siccs_bench"
BUDGET_MS = 60  # dashboard p95
BUDGET_QUERIES = 15
BUDGET_REPORT_MS = 4000  # PDF, DOCX and XLSX together (p50)
BUDGET_PDF_MS = 2500
PAST_DAYS = 5 * 365  # the as-of date measured besides today
# A quiet machine: the 1-minute load average per core before a run (others' work), and
# after it less the benchmark's own process.
LOAD_PER_CORE = 0.5


def _load() -> float:
    return os.getloadavg()[0]


def _settled(wait: float = 120.0) -> float:
    """The load average once the bench's own previous child has left it (a ten-minute
    generation keeps the one-minute average near 1.0 for a while after it ends): waits
    up to `wait` seconds for it to fall under the limit, and returns it. Others' work keeps
    it high, and the run is flagged as before."""
    limit = LOAD_PER_CORE * (os.cpu_count() or 1)
    deadline = time.monotonic() + wait
    while (load := _load()) > limit and time.monotonic() < deadline:
        time.sleep(5)
    return load


def _loaded(before: float, after: float) -> bool:
    limit = LOAD_PER_CORE * (os.cpu_count() or 1)
    return before > limit or after - 1 > limit


def _suffix(scale: float) -> str:
    """Cache names per scale: scale 1 keeps the historical names."""
    return "" if scale == 1 else f"-x{scale:g}".replace(".", "_")


# --- Child process: one database --------------------------------------------------------


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siccs.settings")
    # The test client's host; DEBUG stays off, as in production.
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DEBUG"] = "0"
    import logging
    import warnings

    import django

    # Static files are not collected for the benchmark; WhiteNoise's notice is noise.
    warnings.filterwarnings("ignore", message="No directory at")

    django.setup()
    # WeasyPrint logs every page it lays out; the benchmark's output is the table.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)


def _postgres_ready(url: str) -> str | None:
    """Create the benchmark database if missing; None when the server is unreachable."""
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    try:
        with psycopg.connect(
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password or None,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
            return conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError as error:
        print(
            f"PostgreSQL unreachable at {parsed.hostname}:{parsed.port}: {error}", file=sys.stderr
        )
        return None


def _drop_postgres(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _prepare(args: argparse.Namespace, vendor: str, url: str) -> dict[str, Any]:
    """Migrate, and generate the dataset unless the one in place has the same signature."""
    from django.core.management import call_command
    from django.db import connections

    from tools.national_dataset import (
        dataset_signature,
        foreign_data,
        generate,
        signature,
    )

    wanted = signature(seed=args.seed, years=args.years, scale=args.scale)
    call_command("migrate", verbosity=0, interactive=False)
    info: dict[str, Any] = {"signature": wanted}
    if dataset_signature() == wanted and not foreign_data():
        info["generated"] = "reused"
        _analyze(vendor)
        return info
    connections.close_all()
    if vendor == "sqlite":
        path = Path(connections["default"].settings_dict["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        _drop_postgres(url)
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    generate(seed=args.seed, years=args.years, scale=args.scale, log=print)
    info["generated"] = f"{time.perf_counter() - started:.0f} s"
    _analyze(vendor)
    return info


def _analyze(vendor: str) -> None:
    """Table statistics for the query planners, as a maintained database has them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if vendor == "sqlite" else "VACUUM ANALYZE")


def _bench_user() -> Any:
    from siccs.accounts.models import Assignment, User
    from siccs.accounts.scoping import Role
    from siccs.territory.models import AdministrativeUnit

    root = AdministrativeUnit.objects.get(parent__isnull=True)
    user, _ = User.objects.get_or_create(username="bench.admin")
    Assignment.objects.get_or_create(user=user, role=Role.NATIONAL_ADMIN, unit=root)
    return User.objects.get(pk=user.pk)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def _measure_dashboard(user: Any, on: dt.date, runs: int) -> dict[str, Any]:
    """The page as users get it (its figures kept from the previous request while nothing
    was written, `dashboard.cache`) and as a first view after a write gets it (figures
    computed: the cache emptied before each request); the queries of a computed page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from siccs.dashboard import cache

    client = Client()
    client.force_login(user)
    url = f"{reverse('dashboard:dashboard')}?on={on.isoformat()}"
    for _ in range(3):  # warm-up (templates, translations, database caches), counting queries
        cache.forget()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code
        # Read now: every request empties the connection's query log.
        queries = len(captured.captured_queries)

    def timed(forget: bool) -> list[float]:
        times = []
        for _ in range(runs):
            if forget:
                cache.forget()
            started = time.perf_counter()
            response = client.get(url, secure=True)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        return times

    computed = timed(forget=True)
    client.get(url, secure=True)  # kept for the next requests
    times = timed(forget=False)
    return {
        "on": on.isoformat(),
        "p50": statistics.median(times),
        "p95": _percentile(times, 0.95),
        "max": max(times),
        "computed_p50": statistics.median(computed),
        "computed_p95": _percentile(computed, 0.95),
        "queries": queries,
        "runs": runs,
    }


def _measure_report(user: Any, on: dt.date, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from siccs.dashboard.report import produce

    stages = {25: "figures", 70: "pdf", 85: "docx", 95: "xlsx"}
    totals: list[float] = []
    per_stage: dict[str, list[float]] = {name: [] for name in stages.values()}
    queries = 0
    # Warm-up, untimed: the worker imports WeasyPrint and loads its fonts once per process
    # (seconds), not once per report.
    with translation.override("fr"):
        produce(user=user, on=on)
    for run in range(runs):
        marks = [time.perf_counter()]

        def progress(percent: int, marks: list[float] = marks) -> None:
            marks.append(time.perf_counter())
            name = stages.get(percent)
            if name:
                per_stage[name].append((marks[-1] - marks[-2]) * 1000)

        with translation.override("fr"), CaptureQueriesContext(connection) as captured:
            files = produce(user=user, on=on, progress=progress)
        totals.append((time.perf_counter() - marks[0]) * 1000)
        if run == 0:
            queries = len(captured.captured_queries)
            assert files["pdf"][:4] == b"%PDF", "the report is not a PDF"
    return {
        "on": on.isoformat(),
        "p50": statistics.median(totals),
        "max": max(totals),
        "stages": {k: statistics.median(v) for k, v in per_stage.items() if v},
        "queries": queries,
        "runs": runs,
    }


# --- Hand-written SQL ---------------------------------------------------------------------


def _hand_sql(vendor: str, on: dt.date) -> dict[str, tuple[Any, float]]:
    """The headline figures for the whole country as of `on`, written in SQL by hand from
    the rules (docs/development/state.md), without the ORM: (value, milliseconds)."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    stalled = on - dt.timedelta(days=settings.STALLED_AFTER_DAYS)
    functional = on - dt.timedelta(days=settings.FUNCTIONAL_WITHIN_DAYS)
    day_end: Any = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    if vendor == "sqlite":
        # SQLite keeps UTC text without offset; an aware value would be compared as text.
        day_end = day_end.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    first = dt.date(on.year, on.month, 1)
    for _ in range(23):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    window = dt.date(on.year, on.month, 1)
    for _ in range(11):
        window = (window - dt.timedelta(days=1)).replace(day=1)
    month = "strftime('%%Y-%%m', held_on)" if vendor == "sqlite" else "to_char(held_on, 'YYYY-MM')"
    queries: dict[str, tuple[str, list]] = {
        "committees by state": (
            """
            WITH c AS (
              SELECT c.id, c.planned_on,
                (SELECT MIN(r.done_on) FROM rollout_steprecord r
                   JOIN rollout_methodologystep s ON s.id = r.step_id
                  WHERE r.committee_id = c.id AND s.marks_installation AND r.done_on <= %s)
                  AS installed_on,
                (SELECT MAX(r.done_on) FROM rollout_steprecord r
                  WHERE r.committee_id = c.id AND r.done_on <= %s) AS last_done,
                (SELECT MAX(r.started_on) FROM rollout_steprecord r
                  WHERE r.committee_id = c.id AND r.started_on <= %s) AS last_started,
                (SELECT MAX(s.held_on) FROM meetings_session s
                  WHERE s.committee_id = c.id AND s.kind = 'ordinary' AND s.held_on <= %s)
                  AS last_session
              FROM committees_committee c WHERE c.planned_on <= %s
            ), p AS (
              SELECT c.*, CASE
                WHEN COALESCE(last_done, planned_on) > COALESCE(last_started, planned_on)
                THEN COALESCE(last_done, planned_on) ELSE COALESCE(last_started, planned_on)
                END AS progress_on FROM c
            )
            SELECT CASE
              WHEN installed_on IS NOT NULL AND last_session >= %s THEN 'functional'
              WHEN installed_on IS NOT NULL THEN 'installed'
              WHEN progress_on < %s THEN 'stalled'
              WHEN last_done IS NOT NULL OR last_started IS NOT NULL THEN 'setting_up'
              ELSE 'planned' END AS state, COUNT(*)
            FROM p GROUP BY 1 ORDER BY 1
            """,
            [on, on, on, on, on, functional, stalled],
        ),
        "sessions per month (24 months)": (
            f"SELECT {month}, COUNT(*) FROM meetings_session "
            "WHERE held_on >= %s AND held_on <= %s GROUP BY 1 ORDER BY 1",
            [first, on],
        ),
        "members, women": (
            """
            SELECT COUNT(*), SUM(CASE WHEN p.sex = 'F' THEN 1 ELSE 0 END)
            FROM committees_membership m
            JOIN committees_person p ON p.id = m.person_id
            JOIN committees_committee c ON c.id = m.committee_id
            WHERE c.planned_on <= %s AND (m.start_on IS NULL OR m.start_on <= %s)
              AND ((m.end_on IS NULL AND m.active) OR m.end_on > %s)
            """,
            [on, on, on],
        ),
        "attendees (12 months, guests included), women": (
            """
            SELECT a.n + COALESCE(g.women, 0) + COALESCE(g.men, 0), a.w + COALESCE(g.women, 0)
            FROM (
              SELECT COUNT(*) AS n, SUM(CASE WHEN p.sex = 'F' THEN 1 ELSE 0 END) AS w
              FROM meetings_attendance a
              JOIN meetings_session s ON s.id = a.session_id
              JOIN committees_membership m ON m.id = a.membership_id
              JOIN committees_person p ON p.id = m.person_id
              WHERE a.presence = 'present' AND s.held_on >= %s AND s.held_on <= %s
            ) a CROSS JOIN (
              SELECT SUM(g.women) AS women, SUM(g.men) AS men
              FROM meetings_guestattendance g
              JOIN meetings_session s ON s.id = g.session_id
              WHERE s.held_on >= %s AND s.held_on <= %s
            ) g
            """,
            [window, on, window, on],
        ),
        "recommendations adopted, done": (
            """
            SELECT COUNT(*), SUM(CASE WHEN f.status = 'done' THEN 1 ELSE 0 END)
            FROM meetings_recommendation r
            LEFT JOIN (
              SELECT recommendation_id, status, ROW_NUMBER() OVER (
                PARTITION BY recommendation_id ORDER BY "on" DESC, id DESC) AS rn
              FROM meetings_followup WHERE "on" <= %s
            ) f ON f.recommendation_id = r.id AND f.rn = 1
            WHERE r.adopted_on <= %s
            """,
            [on, on],
        ),
        "concerns received, answered": (
            """
            SELECT COUNT(*), SUM(CASE WHEN EXISTS (
              SELECT 1 FROM meetings_concernstatuschange h
              WHERE h.concern_id = k.id AND h.status = 'answered' AND h.at < %s
            ) OR EXISTS (
              SELECT 1 FROM meetings_concernstatuschange h
              WHERE h.concern_id = k.id AND h.status = 'closed' AND h.at < %s
            ) THEN 1 ELSE 0 END)
            FROM meetings_concern k WHERE k.received_on <= %s AND k.duplicate_of_id IS NULL
            """,
            # Two EXISTS rather than `status IN (...) AND at < %s`: SQLite 3.40 answers
            # the latter wrongly through the (concern, status, at) index (it finds changes
            # after the bound), which once made the ORM and this SQL agree on a wrong count.
            [day_end, day_end, on],
        ),
        "citizen reports received, answered": (
            """
            SELECT COUNT(*), SUM(CASE WHEN answered_at < %s THEN 1 ELSE 0 END)
            FROM citizens_citizenreport WHERE received_at < %s
            """,
            [day_end, day_end],
        ),
    }
    results: dict[str, tuple[Any, float]] = {}
    with connection.cursor() as cursor:
        for label, (sql, params) in queries.items():
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            elapsed = (time.perf_counter() - started) * 1000
            if label == "committees by state":
                value: Any = {state: n for state, n in rows}
            elif label.startswith("sessions"):
                value = {m: n for m, n in rows}
            else:
                value = [int(v or 0) for v in rows[0]]
            results[label] = (value, elapsed)
    return results


def _orm_figures(user: Any, on: dt.date) -> tuple[dict[str, Any], float]:
    from siccs.dashboard.selectors import dashboard_figures

    started = time.perf_counter()
    f = dashboard_figures(user=user, on=on)
    elapsed = (time.perf_counter() - started) * 1000
    values = {
        "committees by state": {c["state"]: c["n"] for c in f["states"] if c["n"]},
        "sessions per month (24 months)": {
            m["month"].strftime("%Y-%m"): m["total"] for m in f["sessions"] if m["total"]
        },
        "members, women": [f["women"]["members_total"], f["women"]["members"]],
        "attendees (12 months, guests included), women": [
            f["women"]["attendees_total"],
            f["women"]["attendees"],
        ],
        "recommendations adopted, done": [
            f["recommendations"]["adopted"],
            f["recommendations"]["done"],
        ],
        "concerns received, answered": [f["concerns"]["received"], f["concerns"]["answered"]],
        "citizen reports received, answered": [f["reports"]["received"], f["reports"]["answered"]],
    }
    return values, elapsed


def _dataset_size() -> dict[str, int]:
    from siccs.citizens.models import CitizenReport
    from siccs.committees.models import Committee, Membership
    from siccs.meetings.models import (
        Attendance,
        Concern,
        ConcernStatusChange,
        FollowUp,
        Recommendation,
        Session,
    )
    from siccs.rollout.models import StepRecord
    from siccs.territory.models import AdministrativeUnit, Level

    return {
        "communes": AdministrativeUnit.objects.filter(level=Level.COMMUNE).count(),
        "committees": Committee.objects.count(),
        "step records": StepRecord.objects.count(),
        "members": Membership.objects.count(),
        "sessions": Session.objects.count(),
        "attendance rows": Attendance.objects.count(),
        "concerns": Concern.objects.count(),
        "concern status changes": ConcernStatusChange.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "follow-ups": FollowUp.objects.count(),
        "citizen reports": CitizenReport.objects.count(),
    }


def child(args: argparse.Namespace) -> dict[str, Any]:
    vendor = args.child
    suffix = _suffix(args.scale)
    if vendor == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{CACHE / f'national{suffix}.sqlite3'}"
        server = None
    else:
        url = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL) + suffix.replace("-", "_")
        server = _postgres_ready(url)
        if server is None:
            return {"vendor": vendor, "skipped": "PostgreSQL unreachable"}
    _setup_django(url)
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    info = _prepare(args, vendor, url)
    user = _bench_user()
    today = dates.today()
    past = today - dt.timedelta(days=PAST_DAYS)
    if vendor == "sqlite":
        server = connection.Database.sqlite_version
    result: dict[str, Any] = {"vendor": vendor, "server": server, **info}
    result["size"] = _dataset_size()
    # Static files are served by whitenoise from a manifest in production; the benchmark
    # does not need `collectstatic`, only the page's own work.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        result["dashboard"] = [_measure_dashboard(user, on, args.runs) for on in (today, past)]
        result["report"] = [_measure_report(user, on, args.report_runs) for on in (today, past)]
    checks = []
    for on in (today, past):
        orm, orm_ms = _orm_figures(user, on)
        hand = _hand_sql(vendor, on)
        for label, (value, elapsed) in hand.items():
            checks.append(
                {
                    "on": on.isoformat(),
                    "figure": label,
                    "hand_ms": elapsed,
                    "equal": orm[label] == value,
                    "orm": orm[label],
                    "hand": value,
                }
            )
        checks.append(
            {"on": on.isoformat(), "figure": "all dashboard figures (ORM)", "orm_ms": orm_ms}
        )
    result["checks"] = checks
    return result


# --- Parent: run both, print, write the page ------------------------------------------------


def _machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return {
        "cpu": f"{cpu} × {os.cpu_count()}",
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load": load,
    }


def _dashboard_ok(d: dict[str, Any]) -> bool:
    return d["p95"] <= BUDGET_MS and d["queries"] <= BUDGET_QUERIES


def _report_ok(rep: dict[str, Any]) -> bool:
    return rep["p50"] <= BUDGET_REPORT_MS and rep["stages"].get("pdf", 0) <= BUDGET_PDF_MS


def _verdict(ok: bool, result: dict[str, Any]) -> str:
    if result.get("loaded"):
        return "loaded machine: not a measure"
    return "ok" if ok else "**BROKEN**"


def _table(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| database | measure | as of | p50 | p95 / max | SQL queries | budget |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        if r.get("skipped"):
            lines.append(f"| {r['vendor']} | skipped: {r['skipped']} | | | | | |")
            continue
        name = f"{r['vendor']} {r['server']}"
        for d in r["dashboard"]:
            lines.append(
                f"| {name} | dashboard page ({d['runs']} runs, figures kept) | {d['on']} "
                f"| {d['p50']:.0f} ms | {d['p95']:.0f} ms | {d['queries']} "
                f"| {_verdict(_dashboard_ok(d), r)} |"
            )
            if "computed_p95" in d:
                lines.append(
                    f"| {name} | dashboard page ({d['runs']} runs, figures computed) "
                    f"| {d['on']} | {d['computed_p50']:.0f} ms | {d['computed_p95']:.0f} ms "
                    f"| {d['queries']} | |"
                )
        for rep in r["report"]:
            stages = ", ".join(f"{k} {v:.0f}" for k, v in rep["stages"].items())
            lines.append(
                f"| {name} | report PDF+DOCX+XLSX ({rep['runs']} runs; {stages} ms) "
                f"| {rep['on']} | {rep['p50']:.0f} ms | {rep['max']:.0f} ms | {rep['queries']} "
                f"| {_verdict(_report_ok(rep), r)} |"
            )
    return lines


def _ratio_table(
    base: list[dict[str, Any]], large: list[dict[str, Any]], scale: float
) -> list[str]:
    """Each measure at `scale` beside scale 1, and their ratio (the aim: under 2x for the
    dashboard, under 3x for the report)."""
    lines = [
        f"| database | measure | as of (scale 1 / {scale:g}) | scale 1 | scale {scale:g} | ratio |",
        "|---|---|---|---:|---:|---:|",
    ]
    ones = {r["vendor"]: r for r in base if not r.get("skipped")}
    for r in large:
        one = ones.get(r["vendor"])
        if r.get("skipped") or one is None:
            continue
        pairs = [
            ("dashboard p95 (figures kept)", "dashboard", "p95"),
            ("dashboard p95 (figures computed)", "dashboard", "computed_p95"),
            ("report p50", "report", "p50"),
        ]
        for label, key, stat in pairs:
            for a, b in zip(one[key], r[key], strict=False):
                if stat not in a or stat not in b:
                    continue
                lines.append(
                    f"| {r['vendor']} | {label} | {a['on']} / {b['on']} | {a[stat]:.0f} ms "
                    f"| {b[stat]:.0f} ms | {b[stat] / a[stat]:.1f}× |"
                )
    return lines


def _checks_table(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| database | as of | figure | hand SQL | ORM = hand SQL |",
        "|---|---|---|---:|---|",
    ]
    for r in results:
        if r.get("skipped"):
            continue
        for c in r["checks"]:
            if "orm_ms" in c:
                lines.append(
                    f"| {r['vendor']} | {c['on']} | {c['figure']} | {c['orm_ms']:.0f} ms | |"
                )
                continue
            lines.append(
                f"| {r['vendor']} | {c['on']} | {c['figure']} | {c['hand_ms']:.1f} ms "
                f"| {'yes' if c['equal'] else '**NO**'} |"
            )
    return lines


def _results_file(scale: float) -> Path:
    return CACHE / f"results-scale-{scale:g}.json"


def _saved(scale: float) -> dict[str, Any] | None:
    try:
        return json.loads(_results_file(scale).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_doc(runs: dict[float, dict[str, Any]]) -> None:
    """docs/performance.md from the last run at scale 1 and, when there is one, at a larger
    scale (each as saved by `main`), with the ratios between them."""
    first = runs.get(1.0) or next(iter(runs.values()))
    results, machine, args = first["results"], first["machine"], first["args"]
    done = [r for r in results if not r.get("skipped")]
    size = done[0]["size"] if done else {}
    generated = "; ".join(f"{r['vendor']}: {r['generated']}" for r in done)
    loads = "; ".join(
        f"{r['vendor']} {r.get('load_before', 0):.1f} → {r.get('load_after', 0):.1f}" for r in done
    )
    lines = [
        "# Performance at national scale",
        "",
        "Written by `make bench` (`python -m tools.bench`); do not edit by hand, run it again.",
        "",
        f"- Date: {first['date']}",
        f"- Machine: {machine['cpu']}, {machine['memory']} RAM, {machine['os']}, "
        f"Python {machine['python']}.",
        f"- Load average (1 minute) before → after each database's run: {loads}. The bench "
        f"flags a run begun above {LOAD_PER_CORE:g} per core, or ending with others' work "
        "beside it, and will not write this page from it without `--allow-loaded`.",
        f"- Dataset: `python -m tools generate_national_dataset --seed {args['seed']} --years "
        f"{args['years']} --scale {args['scale']:g}` (generation time: {generated or 'n/a'}, "
        "`reused` when the cached database matched).",
        "- Size: " + ", ".join(f"{n} {label}" for label, n in size.items()) + ".",
        f"- Budgets: dashboard p95 at most {BUDGET_MS} ms and {BUDGET_QUERIES} SQL queries; "
        f"progress report (PDF, DOCX and XLSX together) at most {BUDGET_REPORT_MS / 1000:g} s "
        f"and its PDF at most {BUDGET_PDF_MS / 1000:g} s; on both databases.",
        "",
        "## Method",
        "",
        "- Dashboard: Django test client `GET /dashboard/?on=<date>` as a national "
        "administrator (the whole country in scope), full request/response cycle with "
        "middleware and template rendering, DEBUG off; 3 warm-up requests, then "
        f"{args['runs']} timed ones as users get the page (its figures kept from the "
        "previous request while nothing was written to the database, `dashboard.cache`: "
        "the budget's measure) and as a first view after any write gets it (figures "
        "computed, the cache emptied before each request); the query count is that of a "
        "computed page (`CaptureQueriesContext`). Dates: today and five years back "
        "(as-of state).",
        "- Report: `siccs.dashboard.report.produce` (what the task worker runs) for the same "
        "dates, in French, after one untimed run (the worker imports WeasyPrint and loads "
        "its fonts once per process); the stage times come from its progress callback "
        "(figures and context, PDF, DOCX, XLSX), all three formats from one computation.",
        "- Hand-written SQL: the headline figures computed from the rules directly in SQL "
        "(states as of the date with correlated MAX/MIN, sessions per month, members and "
        "women, attendees, recommendations done by their latest follow-up, concerns and "
        "citizen reports answered by the date), timed alone, and compared to the ORM "
        "figures of `dashboard_figures`.",
        "",
        "## Results",
        "",
        *_table(results),
        "",
    ]
    for scale, run in sorted(runs.items()):
        if scale == 1.0 or 1.0 not in runs:
            continue
        size = next((r["size"] for r in run["results"] if not r.get("skipped")), {})
        lines += [
            f"## At {scale:g} times the data",
            "",
            f"Run of {run['date']} (`--scale {scale:g}`): "
            + ", ".join(f"{n} {label}" for label, n in size.items())
            + ".",
            "",
            *_table(run["results"]),
            "",
            *_ratio_table(results, run["results"], scale),
            "",
        ]
    lines += [
        "## Where the report's time goes",
        "",
        "Profiled (cProfile, then CPU time against the same loaded machine before and after) "
        "on the national dataset, the PDF of today's report as it was before issue 15:",
        "",
        "- 44 pages, most of them the annex (100 committees per partner) and monthly tables;",
        "- WeasyPrint's layout about half the PDF's time, and in it the automatic table "
        "layout (the minimum and maximum content width of every cell, measured before the "
        "rows are laid out) the largest part; the CSS cascade over every element (cells "
        "mostly, the SVG's elements a fifth of them) about a fifth; drawing the pages and "
        "the five SVG pictures most of the rest;",
        "- fonts: subsetting the two DejaVu faces is negligible once they are loaded, but "
        "importing WeasyPrint and loading its fonts costs seconds once per process (the "
        "worker pays it once; the bench now warms up before timing);",
        "- the DOCX: its pictures' Lanczos reduction and PNG optimisation about two thirds "
        "of its time, python-docx adding rows one by one and emptying each cell most of "
        "the rest.",
        "",
        "Since: tables with a fixed layout and computed column widths, long annexes at 50 "
        "rows (all in the XLSX), installations per year (18 pages); the DOCX's pictures "
        "reduced by a box filter and its tables made in one go. In CPU time on the same "
        "machine and data the PDF takes about a third of its former time and the DOCX a "
        "quarter.",
        "",
        "Then (CPU time with `time.process_time()` around `render_pdf`, national dataset, "
        "today and five years back, 3 runs each in three alternating rounds before and after, "
        "on the same loaded machine): the largest cost left in the PDF was Python's cyclic "
        "garbage collector, not WeasyPrint's work: some 400 collections per document, two of "
        "them full passes over the whole heap of the process, 0.4–0.7 s of 1.7 s. "
        "`dashboard.printing` now renders one document with the collector paused (its cycles, "
        "~140,000 objects, are collected once after it; peak memory unchanged), with one URL "
        "fetcher that accepts only `data:` URLs (each document built two, each loading the "
        "system's TLS certificates: 0.1 s) and the stylesheet parsed once per process; the "
        "charts and the map go in as SVG images (`data:` URLs) rather than inline, so "
        "WeasyPrint's pure-Python HTML parser and its cascade no longer walk their 570 "
        "elements. The PDF is byte-identical. Median CPU time of the PDF: 1.75 → 1.17 s "
        "today, 1.77 → 1.20 s five years back (a third less). What is left: laying out the "
        "tables and drawing the pages (text, borders, the five SVG pictures), about a "
        "quarter each; the cascade and collecting the document's cycles, about a tenth each "
        "(half of the cascade is the styles WeasyPrint computes for six pseudo-elements of "
        "every element, which the report never shows).",
        "",
        "## Same figures by hand-written SQL",
        "",
        *_checks_table(results),
        "",
        "## What makes it fast",
        "",
        "- The dashboard's figures and drawings are kept in the process from one request "
        "to the next while nothing is written to the database (`dashboard.cache`: one "
        "query reads PostgreSQL's current snapshot, or SQLite's `data_version` and the "
        "connection's own changes, so that any write, through a service, a bulk loader or "
        "another process, is seen at once); a workshop asks the same page again and again. "
        "A first view after a write computes them (the 'figures computed' rows).",
        "- Every figure is a grouped or one-row aggregate in the database; the one-row "
        "figures share one round trip (`rawsql.one_row`). The page costs a fixed number "
        "of queries whatever the size of the country.",
        "- With the whole country in scope (a national user, no region), rows are not "
        "filtered by a semi-join on the committees in scope: every row has a committee.",
        "- Dates are compared to the day's bounds in the current time zone "
        "(`at < day_end(on)`) rather than cast per row.",
        "- Some figures read columns kept beside their histories by the services that "
        "write them (`siccs.meetings.denormalised`, `citizens.services`): a session's "
        "members present, women among them and guests (instead of every attendance row); "
        "the date each follow-up was superseded (the status in force on a date is a range "
        "condition, not a lookup per recommendation); a concern's answer day and days to "
        "answer (instead of a pass over its status history); a citizen report's delay to "
        "answer. The hand-written SQL below still reads the histories, so the table "
        "checks those columns at national scale.",
        "- A committee's state is computed over its dated facts read once each, as a "
        "derived table (`committee_rows`), rather than repeating a subquery at every "
        "mention in the state rule; one index on step records holds those facts. The "
        "level's and the current step's names come with its rows (joins on the grouped "
        "keys), not from two more queries.",
        "- The target by region groups the units in force by the region map the page "
        "already holds, rather than a CASE over every unit id; the coverage table is "
        "written out in Python in one pass, not by template loops over its cells.",
        "- Medians count their rows once, then walk an index ordered by the delay to the "
        "middle row (LIMIT/OFFSET) instead of sorting or numbering every row.",
        "- Sessions per month are grouped by the month's text (`MonthOf`) over a covering "
        "index instead of a Python truncation per row on SQLite.",
        "- Covering indexes: sessions (held_on, kind, committee, tallies), follow-ups "
        "(on, superseded_on, status, recommendation), concerns (received_on, duplicate_of, "
        "answered_on, committee) and (answer_days, …), citizen reports (received_at, "
        "answered_at), (answered_at, received_at) and (answer_delay, …).",
        "- Connections stay open between requests; SQLite reads through a memory map with "
        "a 32 MB page cache; PostgreSQL plans with SSD read costs (random_page_cost 1.1) "
        "and without JIT.",
        "- The report: one computation of the figures for the three formats; the PDF's "
        "tables have a fixed layout with column widths computed from their text "
        "(WeasyPrint's automatic layout measured every cell twice, its costliest step), "
        "its long annexes show their first 50 rows (the XLSX has them all), installations "
        "are counted per year (the chart shows the months); the DOCX's pictures are "
        "reduced by a box filter and its tables made in one go; the PDF is rendered with the "
        "garbage collector paused, one URL fetcher (`data:` only) and the stylesheet parsed "
        "once per process, its charts and map as SVG images rather than inline SVG "
        "(`dashboard.printing`).",
        "",
    ]
    # The load test's section (deploy/loadtest.py, written by hand) is kept as it is.
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    kept = old[old.index(LOAD_SECTION) :] if LOAD_SECTION in old else ""
    DOC.write_text("\n".join(lines) + kept, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--report-runs", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/performance.md")
    parser.add_argument(
        "--allow-loaded",
        action="store_true",
        help="write the page even from a run on a loaded machine (flagged there)",
    )
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print("BENCH-RESULT " + json.dumps(child(args), default=str))
        return 0

    machine = _machine()
    results = []
    for vendor in [args.only] if args.only else ["sqlite", "postgresql"]:
        print(f"== {vendor}: preparing the national dataset and measuring…", flush=True)
        command = [sys.executable, "-m", "tools.bench", "--child", vendor, *_passthrough(args)]
        before = _settled()
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        after = _load()
        sys.stderr.write(completed.stderr)
        payload = [ln for ln in completed.stdout.splitlines() if ln.startswith("BENCH-RESULT ")]
        for line in completed.stdout.splitlines():
            if not line.startswith("BENCH-RESULT "):
                print("  " + line)
        if completed.returncode != 0 or not payload:
            print(f"{vendor}: the benchmark failed (exit {completed.returncode}).")
            return 1
        result = json.loads(payload[-1][len("BENCH-RESULT ") :])
        result.update(load_before=before, load_after=after, loaded=_loaded(before, after))
        results.append(result)
    print()
    print("\n".join(_table(results)))
    print()
    print("\n".join(_checks_table(results)))
    for r in results:
        if r.get("skipped"):
            print(f"\n{r['vendor']} skipped: {r['skipped']}")
    loaded = [r for r in results if r.get("loaded")]
    for r in loaded:
        print(
            f"\n{r['vendor']}: LOADED MACHINE (load average {r['load_before']:.1f} before, "
            f"{r['load_after']:.1f} after, {os.cpu_count()} cores): these times are not a measure."
        )
    run = {
        "date": f"{dt.datetime.now():%Y-%m-%d %H:%M}",
        "machine": machine,
        "args": {k: getattr(args, k) for k in ("seed", "years", "scale", "runs")},
        "results": results,
    }
    CACHE.mkdir(parents=True, exist_ok=True)
    _results_file(args.scale).write_text(json.dumps(run, default=str), encoding="utf-8")
    if loaded and not args.allow_loaded:
        print("\nNot written to docs/performance.md: rerun on a quiet machine (or --allow-loaded).")
        return 2
    if not args.no_doc:
        runs = {s: r for s in {1.0, args.scale} if (r := _saved(s)) is not None}
        write_doc(runs)
        print(f"\nWritten to {DOC.relative_to(ROOT)}.")
    broken = [
        f"{r['vendor']} dashboard as of {d['on']}: p95 {d['p95']:.0f} ms, {d['queries']} queries"
        for r in results
        if not r.get("skipped")
        for d in r["dashboard"]
        if not _dashboard_ok(d)
    ]
    broken += [
        f"{r['vendor']} report as of {rep['on']}: {rep['p50']:.0f} ms, "
        f"PDF {rep['stages'].get('pdf', 0):.0f} ms"
        for r in results
        if not r.get("skipped")
        for rep in r["report"]
        if not _report_ok(rep)
    ]
    broken += [
        f"{r['vendor']} {c['figure']} as of {c['on']}: ORM {c['orm']} != hand SQL {c['hand']}"
        for r in results
        if not r.get("skipped")
        for c in r["checks"]
        if "equal" in c and not c["equal"]
    ]
    if broken:
        print("\nBudget broken or figures differ:\n  " + "\n  ".join(broken))
        return 1
    print("\nWithin budget; ORM and hand-written SQL agree.")
    return 0


def _passthrough(args: argparse.Namespace) -> list[str]:
    return [
        f"--seed={args.seed}",
        f"--years={args.years}",
        f"--scale={args.scale}",
        f"--runs={args.runs}",
        f"--report-runs={args.report_runs}",
    ]


if __name__ == "__main__":
    sys.exit(main())
