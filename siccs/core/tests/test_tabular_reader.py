"""The one file reader: size, type from content, bombs, encodings, rows."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from siccs.core.tabular import reader
from siccs.core.tests.hostile_walker import xlsx_bomb, zip_bomb

ROOT = Path(__file__).resolve().parents[3]


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _refusal(data, limits=None) -> str:
    with pytest.raises(reader.FileRefused) as caught:
        reader.read_table(data, limits or reader.Limits())
    return caught.value.message


def test_it_reads_an_xlsx_written_by_openpyxl_and_a_csv_from_french_excel():
    assert reader.read_table(_xlsx([["région", "commune"], ["Mopti", "Djenné"]])) == [
        ["région", "commune"],
        ["Mopti", "Djenné"],
    ]
    csv_cp1252 = "région;commune\r\nSégou;Niono\r\n".encode("cp1252")
    assert reader.read_table(csv_cp1252) == [["région", "commune"], ["Ségou", "Niono"]]
    csv_utf16 = "région\tcommune\r\nGao\tAnsongo\r\n".encode("utf-16")
    assert reader.read_table(csv_utf16) == [["région", "commune"], ["Gao", "Ansongo"]]


def test_it_names_the_encodings_tried_when_none_fits():
    message = _refusal(b"region;commune\n\x81\x8d\x8f\x90\x9d;x\n")
    assert "UTF-8" in message and "UTF-16" in message and "Windows-1252" in message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.4\n1 0 obj<<>>endobj", "PDF"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "HTML"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image"),
    ],
)
def test_it_tells_what_a_file_is_whatever_its_name(content, words):
    assert words in _refusal(content)


def test_it_refuses_a_file_over_the_limit_while_reading(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    message = _refusal(io.BytesIO(b"a;b\n" * 1000))
    assert "trop volumineux" in message or "too large" in message


def test_it_stops_at_the_row_limit():
    rows = "\n".join(f"Mopti;{n}" for n in range(50)).encode()
    assert "10" in _refusal(b"region;n\n" + rows, reader.Limits(max_rows=10))


def test_it_refuses_an_xlsx_bomb_before_inflating_it():
    bomb = xlsx_bomb()
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    message = _refusal(bomb)
    assert "bombe" in message or "bomb" in message
    assert time.perf_counter() - started < 2


def test_it_refuses_an_archive_that_inflates_beyond_the_limit():
    with pytest.raises(reader.FileRefused):
        reader.open_archive(zip_bomb(), reader.Limits(max_ratio=10_000_000))


def test_it_caps_a_member_whose_header_lies_about_its_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.csv", b"x" * 5_000_000)
    data = bytearray(buffer.getvalue())
    # Declare 100 bytes in the central directory (offset 24 of the entry: file size).
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 100)
    limits = reader.Limits(max_uncompressed=1_000_000, max_ratio=10**9)
    with reader.open_archive(bytes(data), limits) as archive, pytest.raises(reader.FileRefused):
        content = reader.read_member(archive, "a.csv", limits)
        assert len(content) <= 1_000_000


def test_a_csv_with_an_endless_cell_is_refused_with_its_line():
    message = _refusal(b"region;commune\n" + b'"' + b"x" * 200_000 + b'";y\n')
    assert "2" in message


MEASURE = r"""
import json, sys
import django
django.setup()
from siccs.core.tabular import reader
from siccs.core.tests.hostile_walker import xlsx_bomb, zip_bomb
from siccs.territory.importers import parse_files
results = {}
try:
    reader.read_table(xlsx_bomb())
except reader.FileRefused as error:
    results["web"] = error.message
parsed = parse_files([("limites.zip", zip_bomb())])
results["worker"] = [p.message for p in parsed.problems]
# VmHWM is this process's own peak: getrusage's ru_maxrss survives exec and would report
# the peak of the (large) test process that started this one.
with open("/proc/self/status") as status:
    hwm = next(line for line in status if line.startswith("VmHWM:"))
results["peak_mb"] = int(hwm.split()[1]) / 1024
print(json.dumps(results))
"""


def test_memory_stays_under_300_mb_on_bombs_in_the_web_process_and_the_worker():
    """Measured, not assumed: a fresh Python runs what the web process does with an upload
    (the import's reading of an XLSX bomb) and what the worker does with a boundary ZIP
    whose member inflates to 300 MB, and reports its peak resident memory."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "siccs.settings", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE], cwd=ROOT, env=env, capture_output=True, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    results = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert results["web"] and results["worker"]
    assert results["peak_mb"] < 300, results
