"""Walks every form and every query parameter of every URL with hostile values.

Beside the scope walker (`scope_walker.py`), on the same world: for each URL it finds

- the query parameters the view reads (recorded while the view runs, plus the fields of
  the page's GET forms), and tries each with extreme dates and numbers, formula-like
  text, markup, control characters, right-to-left marks and very long strings;
- the page's POST forms, and sends each with the same values (and, in its file fields,
  bombs and disguised files it builds itself: an XLSX whose sheet inflates a thousand
  times, a ZIP of a 300 MB member, HTML named `.pdf`, a PDF named `.xlsx`, bytes in no
  known encoding, a file over the size limit).

It reports every answer of 500 or more, every refused POST after which a table has
changed (a partial write), and every formula cell of any CSV or XLSX the platform
produced during the walk. A view added later is walked without being listed anywhere.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.http import QueryDict
from django.test import Client

from siccs.core.tabular.writer import FORMULA_PREFIXES
from siccs.core.tests.scope_walker import World, concrete_path, routes

FORMULA = '=HYPERLINK("http://example.org";"x")+cmd|\' /C calc\'!A0'
MARKUP = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
CONTROL = "a\x01b\x08c\x1f\x7fd"
NUL = "a\x00b"  # refused whole (400): tried alone
RTL = "\u202egpj.exe\u200f\u2066"
HOSTILE_TEXT = f"{FORMULA} {MARKUP} {CONTROL} {RTL}"
LONG_TEXT = "x" * 10_000
DATES = ["9999-12-31", "0001-01-01", "10000-01-01", "2024-02-30", "1900-01-01"]
NUMBERS = ["-1", "99999999999999999999", "1e309", "NaN", "0x10"]
# Each query parameter gets these (one at a time, the others absent), chosen by the kind of
# field the page offers for it; what a view reads by hand gets a bit of everything.
QUERY_VALUES = {
    "date": DATES[:3],
    "number": NUMBERS,
    "select": [NUMBERS[1], HOSTILE_TEXT],
    "checkbox": [HOSTILE_TEXT],
    "radio": [HOSTILE_TEXT],
    "text": [HOSTILE_TEXT, LONG_TEXT, DATES[0], NUMBERS[1], NUL],
    "any": [*DATES[:3], *NUMBERS[:4], HOSTILE_TEXT, LONG_TEXT, NUL],
}
# Whole tables whose rows change for reasons other than the form: the login throttle,
# sessions, the admin's log.
UNCOUNTED_APPS = {"sessions", "axes", "admin"}
# Paths whose 503 is their documented answer (the health check without a live worker).
HEALTH_PATHS = {"/healthz"}
# Forms that end the walk's session or only switch the language.
SKIPPED_FORM_ACTIONS = {"/logout/", "/i18n/setlang/"}
EXPORT_TYPES = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml")


# --- Files it builds itself ----------------------------------------------------------


def _xlsx(sheet_xml: bytes) -> bytes:
    """A minimal XLSX workbook whose first sheet is `sheet_xml`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


@functools.cache
def xlsx_bomb(rows: int = 400_000) -> bytes:
    """An XLSX of a few hundred kilobytes whose sheet inflates to about 40 MB of rows."""
    row = b'<row><c t="inlineStr"><is><t>Mopti</t></is></c><c><v>1</v></c></row>'
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + row * rows + b"</sheetData></worksheet>"
    )
    return _xlsx(sheet)


@functools.cache
def zip_bomb(size: int = 300 * 1024 * 1024) -> bytes:
    """A ZIP of a few hundred kilobytes holding one 300 MB GeoJSON member."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("mli_admbnda_adm3.geojson", "w", force_zip64=True) as member,
    ):
        chunk = b" " * (1024 * 1024)
        for _ in range(size // len(chunk)):
            member.write(chunk)
    return buffer.getvalue()


def hostile_files(limit: int) -> list[tuple[str, bytes]]:
    """(name, content) of files no upload may take whole, or take blindly."""
    header = b"region;commune;level;planned_on;name\n"
    return [
        ("bombe.xlsx", xlsx_bomb()),
        ("limites.zip", zip_bomb()),
        ("piece.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("tableau.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"),
        ("illisible.csv", header + b"\x81\x8d\x8f\x90\x9d;\xff\xfe\x00;x;y;z\n"),
        ("formules.csv", header + f"{FORMULA};=1+1;@SUM(1);-2+3;{MARKUP}\n".encode()),
        ("enorme.pdf", b"%PDF-1.4\n" + b"0" * (limit + 1)),
    ]


# --- Reading pages --------------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    fields: list[dict[str, Any]] = field(default_factory=list)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("method", "get").lower(), a.get("action", "")))
        elif not self.forms:
            return
        elif tag in {"input", "textarea"} and a.get("name"):
            kind = a.get("type", "text").lower() if tag == "input" else "textarea"
            if kind in {"submit", "button", "image", "reset"}:
                return
            self.forms[-1].fields.append(
                {"name": a["name"], "type": kind, "value": a.get("value", "")}
            )
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "type": "select", "options": []}
            self.forms[-1].fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def page_forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


@contextmanager
def recording_reads() -> Iterator[set[str]]:
    """The names a view reads from its query string (and form data), while it runs."""
    names: set[str] = set()
    methods = ("__getitem__", "get", "getlist", "__contains__")
    own = {m: QueryDict.__dict__.get(m) for m in methods}

    def wrap(method: str) -> Any:
        original = getattr(QueryDict, method)

        def recorded(self: QueryDict, key: Any, *args: Any, **kwargs: Any) -> Any:
            names.add(str(key))
            return original(self, key, *args, **kwargs)

        return recorded

    for method in methods:
        setattr(QueryDict, method, wrap(method))
    try:
        yield names
    finally:
        for method, original in own.items():
            if original is None:
                delattr(QueryDict, method)
            else:
                setattr(QueryDict, method, original)


def content_of(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def formula_cells(response: Any) -> list[str]:
    """The cells of a CSV or XLSX answer that a spreadsheet could run as formulas."""
    kind = response.get("Content-Type", "")
    if not kind.startswith(EXPORT_TYPES):
        return []
    content = content_of(response)
    found: list[str] = []
    if kind.startswith("text/csv"):
        import csv

        text = content.decode("utf-8-sig", "replace")
        for row in csv.reader(io.StringIO(text), delimiter=";"):
            for cell in row:
                if cell.lstrip(" \u00a0")[:1] in FORMULA_PREFIXES and not _number(cell):
                    found.append(cell[:60])
        return found
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8", "replace")
                found.extend(m[:60] for m in re.findall(r"<f[ >][^<]*", xml))
    return found


def _export_text(response: Any) -> bytes:
    content = content_of(response)
    if content[:2] != b"PK":
        return content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))


def _number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


# --- The walk -------------------------------------------------------------------------


@dataclass
class Walk:
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    exports: int = 0
    hostile_exports: int = 0
    posts: int = 0

    def check(self, label: str, response: Any) -> None:
        self.requests += 1
        path = response.request.get("PATH_INFO", "")
        if response.status_code == 503 and path in HEALTH_PATHS:
            return
        if response.status_code >= 500:
            self.problems.append(f"{label}: answered {response.status_code}")
            return
        cells = formula_cells(response)
        if response.get("Content-Type", "").startswith(EXPORT_TYPES):
            self.exports += 1
            # Hostile text that the forms let in, now in a file: the case that matters.
            if b"HYPERLINK" in _export_text(response):
                self.hostile_exports += 1
        if cells:
            self.problems.append(f"{label}: formula cells {cells[:3]}")


def row_counts() -> dict[str, int]:
    """The number of rows of every table (many-to-many ones included), in one query."""
    from django.db import connection

    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label not in UNCOUNTED_APPS and model._meta.managed
        }
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _values_for(kind: str, variant: str, current: str, options: list[str]) -> list[str]:
    if kind == "select":
        real = [o for o in options if o]
        if variant == "numbers":
            return [NUMBERS[1]]
        if variant == "choices":
            return [HOSTILE_TEXT]
        # A real choice, so that the hostile text of the other fields gets written (and
        # then exported) when the platform accepts it.
        return [real[0]] if real else [""]
    if kind in {"checkbox", "radio"}:
        return [current or "on"]
    if kind == "hidden":
        return [HOSTILE_TEXT if variant == "choices" else current]
    if kind == "date":
        return [{"dates": DATES[0], "dates_low": DATES[1]}.get(variant, "2021-06-25")]
    if kind == "number":
        return [{"numbers": NUMBERS[1], "negative": "-1"}.get(variant, "1")]
    return [{"long": LONG_TEXT, "text": HOSTILE_TEXT, "nul": NUL}.get(variant, "Texte")]


VARIANTS = ["text", "long", "dates", "dates_low", "numbers", "choices", "nul"]


def _post_forms(client: Client, url: str, html: str, walk: Walk, limit: int) -> None:
    for form in page_forms(html):
        if form.method != "post":
            continue
        target = urlsplit(form.action).path or url
        if target in SKIPPED_FORM_ACTIONS or not target.startswith("/"):
            continue
        files = [f for f in form.fields if f["type"] == "file"]
        plans: list[tuple[str, dict[str, Any]]] = []
        for variant in VARIANTS:
            data: dict[str, Any] = {}
            for f in form.fields:
                if f["type"] != "file":
                    data[f["name"]] = _values_for(
                        f["type"], variant, f.get("value", ""), f.get("options", [])
                    )
            plans.append((variant, data))
        if files:
            for name, content in hostile_files(limit):
                data = _plain_data(form)
                for f in files:
                    data[f["name"]] = SimpleUploadedFile(name, content)
                plans.append((f"file {name}", data))
        for variant, data in plans:
            before = row_counts()
            response = client.post(target, data)
            walk.posts += 1
            label = f"POST {target} ({variant})"
            walk.check(label, response)
            if refused(response):
                after = row_counts()
                changed = {k: (before[k], after[k]) for k in before if before[k] != after.get(k)}
                if changed:
                    walk.problems.append(f"{label}: refused, yet rows changed {changed}")


def refused(response: Any) -> bool:
    """A POST the platform did not take: an error status, or the form shown again with
    its errors (a redirect, or a page without errors, is an accepted POST)."""
    if 300 <= response.status_code < 400:
        return False
    if response.status_code >= 400:
        return True
    # Form errors only: an error message on the page may be left from an earlier request.
    return 'class="errorlist' in content_of(response).decode("utf-8", "replace")


def _plain_data(form: Form) -> dict[str, Any]:
    """The form with ordinary values: only its file is hostile."""
    return {
        f["name"]: _values_for(f["type"], "plain", f.get("value", ""), f.get("options", []))
        for f in form.fields
        if f["type"] != "file"
    }


def _query_names(client: Client, url: str, html: str) -> dict[str, str]:
    """Each query parameter the page reads or offers, with the kind of values to try: the
    type of its field in the page's GET forms, `any` for what a view reads by hand."""
    with recording_reads() as names:
        client.get(url, {"zz_probe": "1"})
    found = {n: "any" for n in names if n and n != "zz_probe" and not n.startswith("csrf")}
    for form in page_forms(html):
        if form.method == "get":
            for f in form.fields:
                found[f["name"]] = f["type"] if f["type"] in QUERY_VALUES else "text"
    if "page" in found:
        found["page"] = "select"
    return found


def walk(world: World, user: Any, *, upload_limit: int, urlconf: Any = None) -> Walk:
    """Every URL as `user` (public ones anonymously): query parameters, then POST forms,
    then every export again (now holding whatever hostile text the forms let in)."""
    result = Walk()
    errors: list[str] = []

    def note(sender: Any, request: Any = None, **kwargs: Any) -> None:
        import traceback

        lines = traceback.format_exc().strip().splitlines()
        ours = [line.strip() for line in lines if "/siccs/" in line and "/tests/" not in line]
        errors.append(f"{getattr(request, 'path', '?')}: {lines[-1]} at {ours[-2:]}")

    got_request_exception.connect(note, weak=False)
    try:
        signed_in = Client(raise_request_exception=False)
        signed_in.force_login(user)
        anonymous = Client(raise_request_exception=False)
        pages: list[tuple[Client, str, str]] = []
        for route in routes(urlconf):
            url = concrete_path(route, world)
            if url is None:
                continue
            client = anonymous if route.public else signed_in
            response = client.get(url)
            result.check(f"GET {url}", response)
            html = ""
            if response.status_code == 200 and response.get("Content-Type", "").startswith(
                "text/html"
            ):
                html = content_of(response).decode("utf-8", "replace")
            pages.append((client, url, html))
            for name, kind in sorted(_query_names(client, url, html).items()):
                for value in QUERY_VALUES[kind]:
                    result.check(f"GET {url}?{name}={value[:20]!r}", client.get(url, {name: value}))
        for client, url, html in pages:
            if html:
                _post_forms(client, url, html, result, upload_limit)
        for client, url, _html in pages:
            result.check(f"GET {url} (after the forms)", client.get(url))
    finally:
        got_request_exception.disconnect(note)
    result.problems.extend(f"exception {e}" for e in errors)
    return result
