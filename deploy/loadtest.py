"""Load test: concurrent users against the production configuration (`make loadtest`).

Starts the production stack of deploy/stack.py (PostgreSQL, DEBUG=0, gunicorn with
deploy/gunicorn.conf.py, a worker, the demo data), then runs USERS virtual users at once:
a quarter are staff (log in, dashboard, committees, sessions, reports), the others are
citizens (reporting page, transparency page, a report sent, tracking). Each waits 0.5 to
2 s between requests, as a person does. The users talk to gunicorn as the proxy would
(X-Forwarded-For with an address of their own, X-Forwarded-Proto: https): the proxy is
not what is measured. Prints errors, p50/p95/max per page and overall, and the
dashboard's first load in bytes with and without compression.

    .venv/bin/python deploy/loadtest.py --users 200 --rounds 2
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.stack import DEMO_PASSWORD, Client, Stack, csrf_token

STAFF = ["admin", "analyste", "pf.mopti", "pf.gao", "sec.bandiagara", "ptf.pnud"]


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def timed(self, client: Client, name: str, method: str, path: str, data=None, ok=(200,)):
        start = time.perf_counter()
        try:
            response = client.request(method, path, data)
        except Exception as error:  # a refused or dropped connection is an error
            with self.lock:
                self.errors.append(f"{name}: {type(error).__name__}: {error}")
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.times[name].append(elapsed)
            if response.status not in ok:
                self.errors.append(f"{name}: HTTP {response.status}")
        return response


def think() -> None:
    time.sleep(random.uniform(0.5, 2.0))


def staff_user(port: int, index: int, rounds: int, rec: Recorder) -> None:
    client = Client(port, forwarded_for=f"10.1.{index // 250}.{index % 250 + 1}")
    page = rec.timed(client, "login page", "GET", "/login/")
    if page is None:
        return
    username = STAFF[index % len(STAFF)]
    data = {
        "csrfmiddlewaretoken": csrf_token(page.text),
        "username": username,
        "password": DEMO_PASSWORD,
    }
    rec.timed(client, "login", "POST", "/login/", data, ok=(302,))
    for _round in range(rounds):
        think()
        rec.timed(client, "dashboard", "GET", "/dashboard/")
        think()
        rec.timed(client, "dashboard 25/06/2021", "GET", "/dashboard/?on=2021-06-25")
        think()
        rec.timed(client, "committees", "GET", "/committees/")
        think()
        rec.timed(client, "sessions", "GET", "/sessions/")
        think()
        rec.timed(client, "reports", "GET", "/dashboard/reports/")


def citizen_user(port: int, index: int, rounds: int, rec: Recorder) -> None:
    client = Client(port, forwarded_for=f"10.2.{index // 250}.{index % 250 + 1}")
    for _round in range(rounds):
        form = rec.timed(client, "report form", "GET", "/signaler/")
        if form is None:
            return
        think()
        category = re.search(r'name="category".*?<option value="(\d+)"', form.text, re.S)
        region = re.search(r'<option value="(\d+)">Mopti</option>', form.text)
        data = {
            "csrfmiddlewaretoken": csrf_token(form.text),
            "category": category.group(1) if category else "",
            "region": region.group(1) if region else "",
            "commune_name": "Bandiagara",
            "description": f"Vol de bétail signalé au marché, visiteur {index}.",
            "lang": "fr",
        }
        sent = rec.timed(client, "report sent", "POST", "/signaler/", data, ok=(302,))
        if sent is not None and sent.status == 302:
            rec.timed(client, "report received", "GET", sent.headers.get("location", "/"))
        think()
        rec.timed(client, "transparency", "GET", "/transparence/")
        think()
        rec.timed(client, "tracking", "GET", "/suivi/?code=ABC-DEF")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def first_load(port: int) -> str:
    """Bytes of the dashboard's first load (HTML and what it loads), as sent."""
    lines = []
    for encoding in ("identity", "gzip"):
        client = Client(port, forwarded_for="10.9.9.9")
        page = client.get("/login/")
        client.request(
            "POST",
            "/login/",
            {
                "csrfmiddlewaretoken": csrf_token(page.text),
                "username": "admin",
                "password": DEMO_PASSWORD,
            },
        )
        html = client.get("/dashboard/", **{"Accept-Encoding": encoding})
        assets = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html.text))
        static = sum(len(client.get(a, **{"Accept-Encoding": encoding}).raw) for a in assets)
        lines.append(
            f"  {encoding:<8} HTML {len(html.raw) / 1024:6.1f} KB, {len(assets)} static files "
            f"{static / 1024:6.1f} KB, total {(len(html.raw) + static) / 1024:6.1f} KB"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds to start all users")
    parser.add_argument("--web-workers", type=int, default=None)
    args = parser.parse_args()

    with Stack(web_workers=args.web_workers) as stack:
        port = stack.web_port
        print("Dashboard first load (demo data):")
        print(first_load(port))
        rec = Recorder()
        threads = []
        stack.step(f"{args.users} users, {args.rounds} rounds each")
        started = time.perf_counter()
        for index in range(args.users):
            target = staff_user if index % 4 == 0 else citizen_user
            thread = threading.Thread(target=target, args=(port, index, args.rounds, rec))
            thread.start()
            threads.append(thread)
            time.sleep(args.ramp / args.users)
        for thread in threads:
            thread.join()
        took = time.perf_counter() - started
        workers = stack.env.get("GUNICORN_WORKERS", "2×cores+1")

    every = [t for values in rec.times.values() for t in values]
    print(
        f"\n{args.users} users, {len(every)} requests in {took:.0f} s "
        f"({len(every) / took:.1f}/s), gunicorn workers: {workers}, errors: {len(rec.errors)}"
    )
    print(f"{'page':<22}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, values in sorted(rec.times.items()):
        print(
            f"{name:<22}{len(values):>6}{percentile(values, 50) * 1000:>9.0f}"
            f"{percentile(values, 95) * 1000:>9.0f}{max(values) * 1000:>9.0f}"
        )
    if every:
        print(
            f"{'all':<22}{len(every):>6}{percentile(every, 50) * 1000:>9.0f}"
            f"{percentile(every, 95) * 1000:>9.0f}{max(every) * 1000:>9.0f}"
        )
        print(f"mean {statistics.mean(every) * 1000:.0f} ms")
    for error in rec.errors[:20]:
        print("ERROR", error)
    return 1 if rec.errors else 0


if __name__ == "__main__":
    sys.exit(main())
