"""Production smoke run (`make test-production`, part of `make test`).

The production configuration (deploy/stack.py) on PostgreSQL; then each demo role walks
its menu's pages and the static files they load, a citizen reports a problem with a phone
(the worker sends the acknowledgement SMS), the administrator has a progress report
produced by the worker and downloads it, and a probe asks /healthz over plain HTTP.
Any server error, any page not answering as it should, is a failure.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.stack import Client, Stack, csrf_token

ROLES = ["admin", "analyste", "pf.mopti", "pf.gao", "sec.bandiagara", "ptf.pnud"]


class Smoke:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.requests = 0
        self.failures: list[str] = []

    def check(self, ok: bool, what: str) -> None:
        if not ok:
            self.failures.append(what)
            print(f"  FAIL {what}", file=sys.stderr, flush=True)

    def get(self, client: Client, path: str, expect: int = 200):
        response = client.get(path)
        self.requests += 1
        self.check(response.status == expect, f"GET {path}: {response.status}, not {expect}")
        return response

    def walk(self, username: str) -> None:
        client = Client(self.stack.proxy_port)
        client.login(username)
        self.requests += 2
        # A national role's home is the dashboard: "/" sends it there.
        first = client.request("GET", "/")
        self.requests += 1
        location = first.headers.get("location", "")
        home = self.get(client, location) if first.status == 302 and location else first
        menu = re.findall(r'<nav class="menu"[^>]*>(.*?)</nav>', home.text, re.S)
        links = re.findall(r'href="(/[^"]*)"', menu[0]) if menu else []
        self.check(len(links) >= 3, f"{username}: a menu of {len(links)} links")
        assets: set[str] = set()
        for link in links:
            page = self.get(client, link)
            self.check("Server Error" not in page.text, f"{link}: Django's bare error page")
            assets |= set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text))
            if page.headers.get("content-type", "").startswith("text/html"):
                self.check(
                    page.headers.get("content-encoding") == "gzip",
                    f"{link}: HTML not compressed",
                )
        for asset in sorted(assets):
            self.get(client, asset)
            self.check(
                re.search(r"\.[0-9a-f]{12}\.\w+$", asset) is not None,
                f"{asset}: not a hashed (manifest) name",
            )
        missing = self.get(client, "/committees/999999999/", expect=404)
        self.check("introuvable" in missing.text, "the 404 page is not the French one")
        print(f"  {username}: {len(links)} pages, {len(assets)} static files", flush=True)

    def citizen(self) -> None:
        client = Client(self.stack.proxy_port)
        form = self.get(client, "/signaler/")
        category = re.search(r'name="category".*?<option value="(\d+)"', form.text, re.S)
        region = re.search(r'<option value="(\d+)">Mopti</option>', form.text)
        self.check(bool(category and region), "the report form lists categories and regions")
        if not (category and region):
            return
        response = client.request(
            "POST",
            "/signaler/",
            {
                "csrfmiddlewaretoken": csrf_token(form.text),
                "category": category.group(1),
                "region": region.group(1),
                "commune_name": "Bandiagara",
                "place": "marché",
                "description": "Des hommes armés ont volé du bétail près du marché hier soir.",
                "phone": "+22376543210",
                "lang": "fr",
            },
        )
        self.requests += 1
        self.check(response.status == 302, f"POST /signaler/: {response.status}, not 302")
        done = self.get(client, response.headers.get("location", "/signaler/recu/"))
        code = re.search(r"[A-Z0-9]{3}-[A-Z0-9]{3}", done.text)
        self.check(code is not None, "the tracking code is shown")
        if code is None:
            return
        # The acknowledgement is the report's first SMS.
        query = (
            "SELECT o.state FROM citizens_outboundsms o JOIN citizens_citizenreport r "
            f"ON o.report_id = r.id WHERE r.tracking_code = '{code.group(0)}' "
            "ORDER BY o.id LIMIT 1"
        )
        sent = self.wait(query, "sent", 120)
        state = self.stack.psql(query, self.stack.name)
        queue = self.stack.psql(
            "SELECT count(*) || ' in all, ' || count(sent_at) || ' sent, last hour: ' || "
            "count(*) FILTER (WHERE sent_at > now() - interval '1 hour') "
            "FROM citizens_outboundsms",
            self.stack.name,
        )
        self.check(sent, f"the worker sent the acknowledgement SMS ({state!r}; {queue})")
        print(f"  citizen: report {code.group(0)} received, acknowledgement sent", flush=True)

    def report(self) -> None:
        client = Client(self.stack.proxy_port)
        client.login("admin")
        page = self.get(client, "/dashboard/reports/")
        response = client.request(
            "POST",
            "/dashboard/reports/",
            {"csrfmiddlewaretoken": csrf_token(page.text), "on": "2021-06-25", "language": "fr"},
        )
        self.requests += 1
        self.check(response.status == 302, f"POST /dashboard/reports/: {response.status}")
        done = self.wait(
            "SELECT status FROM dashboard_progressreport ORDER BY id DESC LIMIT 1", "done", 300
        )
        self.check(done, "the worker produced the progress report")
        if done:
            pk = self.stack.psql("SELECT max(id) FROM dashboard_progressreport", self.stack.name)
            pdf = self.get(client, f"/dashboard/reports/{pk}/report.pdf")
            self.check(pdf.body.startswith(b"%PDF"), "the report's PDF downloads")
            print("  admin: progress report produced and downloaded", flush=True)

    def wait(self, sql: str, expected: str, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.stack.psql(sql, self.stack.name) == expected:
                return True
            time.sleep(1)
        return False


def main() -> int:
    started = time.monotonic()
    with Stack() as stack:
        smoke = Smoke(stack)
        stack.step("walking the pages through the proxy")
        for username in ROLES:
            smoke.walk(username)
        smoke.citizen()
        smoke.report()
        plain = Client(stack.web_port).get("/healthz")  # a probe on the machine, plain HTTP
        smoke.check(plain.status == 200, f"/healthz over plain HTTP: {plain.status}")
        redirected = Client(stack.web_port).get("/login/")
        smoke.check(redirected.status == 301, "plain HTTP pages are sent to HTTPS")
        errors = re.findall(r"(?m)^.*(?:Traceback|Internal Server Error).*$", stack.logs())
        smoke.check(not errors, f"errors in the logs: {errors[:3]}")
        if smoke.failures:
            print(stack.logs(), file=sys.stderr)
    took = time.monotonic() - started
    print(
        f"Production smoke run: {smoke.requests} requests, {len(smoke.failures)} errors "
        f"({took:.0f} s).",
        flush=True,
    )
    return 1 if smoke.failures else 0


if __name__ == "__main__":
    sys.exit(main())
