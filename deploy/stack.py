"""The production configuration on this machine, for the smoke run and the load test.

A PostgreSQL database of its own, `DEBUG=0`, static files collected the production way
(WhiteNoise's manifest), the demo data, gunicorn with deploy/gunicorn.conf.py, a task
worker, and in front a small reverse proxy that does what Caddy or nginx do here: it
passes Host, sets X-Forwarded-For and X-Forwarded-Proto: https. Every port is chosen by
the system (sockets bound to port 0 and handed over), and everything is stopped and the
database dropped at the end.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from siccs.core.demo import DEMO_PASSWORD  # noqa: E402  (a plain module, no Django setup)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG = os.environ.get("SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def listening_socket() -> socket.socket:
    """A socket on a free port of 127.0.0.1, listening, that a child process can inherit."""
    sock = socket.create_server(("127.0.0.1", 0), backlog=2048)
    sock.set_inheritable(True)
    return sock


class ForwardingProxy(ThreadingHTTPServer):
    """What the TLS proxy does in production, without TLS: X-Forwarded-For set to the
    visitor's address (replacing what the visitor sent), X-Forwarded-Proto: https."""

    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.local = threading.local()
        super().__init__(("127.0.0.1", 0), _ProxyHandler)

    def upstream(self) -> http.client.HTTPConnection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=120)
            self.local.conn = conn
        return conn


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ForwardingProxy

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        headers["X-Forwarded-For"] = self.client_address[0]
        headers["X-Forwarded-Proto"] = "https"
        for attempt in (1, 2):
            conn = self.server.upstream()
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                self.server.local.conn = None
                if attempt == 2:
                    self.send_error(502)
                    return
        self.send_response_only(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in _HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_HEAD = _forward


_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-connection"}


class Response:
    def __init__(self, status: int, headers: dict[str, str], raw: bytes) -> None:
        self.status = status
        self.headers = headers
        self.raw = raw
        encoded = headers.get("content-encoding") == "gzip"
        self.body = gzip.decompress(raw) if encoded else raw
        self.text = self.body.decode("utf-8", errors="replace")


class Client:
    """A visitor's browser, reduced: cookies (Secure ones too: TLS ends at the proxy),
    the Referer a browser sends over HTTPS, gzip accepted."""

    def __init__(self, port: int, *, forwarded_for: str | None = None) -> None:
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.forwarded_for = forwarded_for

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None, **headers: str
    ) -> Response:
        body = urlencode(data).encode() if data is not None else None
        sent = {
            "Host": self.host,
            "Accept-Encoding": "gzip",
            "Referer": f"https://{self.host}{path}",
            "User-Agent": "siccs-smoke",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
            sent["X-Forwarded-Proto"] = "https"
        sent.update(headers)
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self.conn.request(method, path, body=body, headers=sent)
                response = self.conn.getresponse()
                raw = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        headers_ = {k.lower(): v for k, v in response.getheaders()}
        return Response(response.status, headers_, raw)

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, **headers)

    def post(self, path: str, data: dict[str, str]) -> Response:
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request("POST", path, data)

    def login(self, username: str) -> None:
        page = self.get("/login/")
        token = csrf_token(page.text)
        response = self.request(
            "POST",
            "/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": DEMO_PASSWORD},
        )
        if response.status != 302:
            raise RuntimeError(f"login of {username}: {response.status}")


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


class Stack:
    """`with Stack() as stack:` the production configuration, up; stopped at the end."""

    def __init__(self, *, web_workers: int | None = None, log: Any = sys.stderr) -> None:
        self.name = f"siccs_prod_{os.getpid()}_{secrets.token_hex(3)}"
        self.folder = Path(tempfile.mkdtemp(prefix="siccs-prod-"))
        self.log = log
        self.processes: list[subprocess.Popen] = []
        self.proxy: ForwardingProxy | None = None
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8",
            "DEBUG": "0",
            "DATABASE_URL": f"{PG}/{self.name}",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(self.folder / "static"),
            "PRIVATE_MEDIA_ROOT": str(self.folder / "private"),
            "BACKUP_DIR": str(self.folder / "backups"),
            "TRUSTED_PROXY_COUNT": "1",
            "SECURE_HSTS_SECONDS": "60",
            # As an administrator sets them (docs/operations.md): the public address in
            # every link sent, and a server that must not send SMS says so.
            "SITE_URL": "https://ccs.example.ml",
            "SMS_ALLOW_CONSOLE": "1",
            # The demo's queue (about 320 SMS) leaves at the worker's start: with the
            # default ceiling of 200 an hour the smoke's own acknowledgement would wait.
            "SMS_HOURLY_CEILING": "1000",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESSLOG": "",  # no access log: the load test would drown in it
        }
        if web_workers:
            self.env["GUNICORN_WORKERS"] = str(web_workers)
        self.web_port = 0
        self.proxy_port = 0

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}")
        return result.stdout

    def psql(self, sql: str, database: str = "postgres") -> str:
        return subprocess.run(
            ["psql", f"{PG}/{database}", "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout.strip()

    def step(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=self.log, flush=True)

    def __enter__(self) -> Stack:
        try:
            self.up()
        except BaseException:
            self.down()
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        self.down()

    def up(self) -> None:
        self.step(f"database {self.name}")
        self.psql(f'CREATE DATABASE "{self.name}"')
        self.step("migrate")
        self.manage("migrate", "--no-input", "-v", "0")
        self.step("collectstatic (the manifest)")
        self.manage("collectstatic", "--no-input", "-v", "0")
        if not (self.folder / "static" / "staticfiles.json").exists():
            raise RuntimeError("collectstatic wrote no manifest")
        self.step("check --deploy")
        self.manage("check", "--deploy", "--fail-level", "WARNING")
        self.step("load_demo")
        self.manage("load_demo")
        web = listening_socket()
        self.web_port = web.getsockname()[1]
        self.step(f"gunicorn on 127.0.0.1:{self.web_port}, worker, proxy")
        self.processes.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "-c",
                    "deploy/gunicorn.conf.py",
                    "--bind",
                    f"fd://{web.fileno()}",
                    "siccs.wsgi",
                ],
                cwd=ROOT,
                env=self.env,
                pass_fds=(web.fileno(),),
                stdout=(self.folder / "gunicorn.log").open("w"),
                stderr=subprocess.STDOUT,
            )
        )
        web.close()
        self.processes.append(
            subprocess.Popen(
                [PYTHON, "manage.py", "worker", "--no-reload", "--interval", "0.5"],
                cwd=ROOT,
                env=self.env,
                stdout=(self.folder / "worker.log").open("w"),
                stderr=subprocess.STDOUT,
            )
        )
        self.proxy = ForwardingProxy(self.web_port)
        self.proxy_port = self.proxy.server_address[1]
        threading.Thread(target=self.proxy.serve_forever, daemon=True).start()
        self.wait_healthy()

    def wait_healthy(self, timeout: float = 120) -> None:
        """Until /healthz, asked as a probe does (plain HTTP, straight to gunicorn), is 200."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a process exited:\n{self.logs()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.web_port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"/healthz never answered 200:\n{self.logs()}")

    def logs(self) -> str:
        text = ""
        for name in ("gunicorn.log", "worker.log"):
            path = self.folder / name
            if path.exists():
                text += f"--- {name}\n" + path.read_text(errors="replace")[-6000:]
        return text

    def down(self) -> None:
        if self.proxy is not None:
            self.proxy.shutdown()
            self.proxy.server_close()
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        try:
            self.psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        except subprocess.CalledProcessError as error:
            print(f"could not drop {self.name}: {error.stderr}", file=self.log)
        shutil.rmtree(self.folder, ignore_errors=True)
