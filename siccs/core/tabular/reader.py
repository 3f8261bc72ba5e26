"""The one reader of the CSV, XLSX and ZIP files people send (imports of committees,
members, step records and boundaries).

Every file is treated as hostile until read:
- its size is bounded while it is read (and the upload handler already stopped storing it
  past the limit, `siccs.core.uploads`);
- its type is decided from its content, never from its name: a PDF or a web page named
  `.xlsx` is told for what it is;
- ZIP archives (an XLSX is one) are checked before anything is inflated: number of
  members, declared uncompressed sizes, compression ratio; and members are read with a
  cap, since declared sizes can lie;
- tables stop at a row count, so a sheet of a million rows costs what the limit costs;
- text is decoded with the encodings spreadsheet programs write (UTF-8, UTF-16, Windows-1252),
  and a file in none of them gets a message naming the encodings tried.

Failures raise `FileRefused` with a message for the person who sent the file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

CHUNK = 64 * 1024
ENCODINGS = (("utf-8-sig", "UTF-8"), ("utf-16", "UTF-16"), ("cp1252", "Windows-1252 (Latin-1)"))


class FileRefused(Exception):
    """The file cannot be read safely; `message` says why, to the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    """How much a file may cost. The defaults fit an import of a few thousand rows."""

    max_bytes: int | None = None  # the upload itself; None: settings.UPLOAD_MAX_BYTES
    max_rows: int = 5000
    max_members: int = 200
    max_uncompressed: int = 40 * 1024 * 1024  # all members together, inflated
    max_ratio: int = 200  # inflated / compressed, per member (real XLSX: 5 to 50)

    @property
    def size(self) -> int:
        return self.max_bytes if self.max_bytes is not None else settings.UPLOAD_MAX_BYTES


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}" if n >= 1024 * 1024 else f"{n / (1024 * 1024):.1f}"


def too_large(limit: int) -> FileRefused:
    return FileRefused(_("The file is too large (at most %(mb)s MB).") % {"mb": _megabytes(limit)})


def read_capped(file: IO[bytes] | bytes, limits: Limits = Limits()) -> bytes:
    """The bytes of `file`, read in chunks and refused as soon as they pass the limit."""
    limit = limits.size
    if isinstance(file, bytes | bytearray):
        if len(file) > limit:
            raise too_large(limit)
        return bytes(file)
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise too_large(limit)
    if hasattr(file, "seek"):
        file.seek(0)
    parts, total = [], 0
    while chunk := file.read(CHUNK):
        total += len(chunk)
        if total > limit:
            raise too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


# --- What a file is -------------------------------------------------------------------


def kind_of(data: bytes) -> str:
    """`xlsx`, `docx`, `zip`, `pdf`, `xls`, `html`, `image`, `binary` or `text`, from content."""
    head = data[:2048]
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return "binary"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with its byte-order mark, as Excel's "Unicode text"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        return "html"
    if b"\x00" in head:
        return "binary"
    return "text"


REFUSED_KINDS = {
    "pdf": gettext_noop("This is a PDF document, not a table: send the CSV or XLSX file."),
    "docx": gettext_noop("This is a Word document, not a table: send the CSV or XLSX file."),
    "xls": gettext_noop(
        "This is an old Excel file (.xls): save it as .xlsx (Excel workbook) and send it again."
    ),
    "html": gettext_noop("This is a web page (HTML), not a table: send the CSV or XLSX file."),
    "image": gettext_noop("This is a picture, not a table: send the CSV or XLSX file."),
    "binary": gettext_noop("This file is neither a CSV text nor an XLSX workbook."),
    "zip": gettext_noop("This ZIP archive is not an XLSX workbook."),
}


def refuse_kind(kind: str) -> FileRefused:
    return FileRefused(_(REFUSED_KINDS[kind]))


# --- Archives -------------------------------------------------------------------------


def open_archive(data: bytes, limits: Limits = Limits()) -> zipfile.ZipFile:
    """A ZIP archive whose members were checked, before anything is inflated, against the
    limits on their number, their declared sizes and their compression ratio."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise FileRefused(_("This archive is damaged and cannot be opened.")) from error
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise FileRefused(
            _("This archive holds too many files (at most %(n)s).") % {"n": limits.max_members}
        )
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio and info.file_size > 1024 * 1024:
            raise FileRefused(
                _(
                    "« %(name)s » inflates %(ratio)s times: this archive is built to exhaust"
                    " the server (a decompression bomb) and is refused."
                )
                % {"name": info.filename[:80], "ratio": int(ratio)}
            )
    if total > limits.max_uncompressed:
        raise FileRefused(
            _("Once unpacked, this archive would take %(mb)s MB (at most %(max)s MB).")
            % {"mb": _megabytes(total), "max": _megabytes(limits.max_uncompressed)}
        )
    return archive


def read_member(archive: zipfile.ZipFile, name: str, limits: Limits = Limits()) -> bytes:
    """One member, inflated with a cap (a forged header could understate its size)."""
    cap = limits.max_uncompressed
    parts, total = [], 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > cap:
                    raise FileRefused(
                        _("Once unpacked, this archive would take more than %(max)s MB.")
                        % {"max": _megabytes(cap)}
                    )
                parts.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise FileRefused(_("This archive is damaged and cannot be opened.")) from error
    return b"".join(parts)


# --- Text ------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """The text of a CSV in the encodings spreadsheet programs write; UTF-16 only with its
    byte-order mark (without it, any even number of bytes would "decode")."""
    for codec, _label in ENCODINGS:
        if codec == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        return text
    raise FileRefused(
        _(
            "The file's text could not be read: it is in none of the encodings tried (%(tried)s)."
            " Save it again as « CSV UTF-8 » and send it again."
        )
        % {"tried": ", ".join(label for _codec, label in ENCODINGS)}
    )


def _csv_rows(text: str, limits: Limits) -> list[list[Any]]:
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        first = sample.split("\n", 1)[0]
        dialect = csv.excel
        if first.count(";") > first.count(","):
            dialect = type("semicolon", (csv.excel,), {"delimiter": ";"})
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append(row)
            if len(rows) > limits.max_rows + 1:
                raise _too_many_rows(limits)
    except csv.Error as error:
        raise FileRefused(
            _("Line %(line)s of the CSV file cannot be read (a cell too long or badly quoted).")
            % {"line": len(rows) + 1}
        ) from error
    return rows


def _too_many_rows(limits: Limits) -> FileRefused:
    return FileRefused(_("At most %(n)s rows per file.") % {"n": limits.max_rows})


# --- Workbooks -------------------------------------------------------------------------


def read_sheets(data: bytes, limits: Limits = Limits()) -> list[tuple[str, list[list[Any]]]]:
    """(title, rows) of every sheet of an XLSX workbook, after the archive's checks."""
    from openpyxl import load_workbook

    open_archive(data, limits).close()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        raise FileRefused(_("The file is not a readable XLSX workbook.")) from error
    sheets: list[tuple[str, list[list[Any]]]] = []
    try:
        for sheet in workbook.worksheets:
            rows: list[list[Any]] = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > limits.max_rows + 1:
                    raise _too_many_rows(limits)
            sheets.append((sheet.title, rows))
    except FileRefused:
        raise
    except Exception as error:
        raise FileRefused(_("The file is not a readable XLSX workbook.")) from error
    finally:
        workbook.close()
    return sheets


def read_table(file: IO[bytes] | bytes, limits: Limits = Limits()) -> list[list[Any]]:
    """The rows (header first) of a CSV file or of an XLSX workbook's first sheet, empty
    rows dropped."""
    data = read_capped(file, limits)
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    kind = kind_of(data)
    if kind == "xlsx":
        sheets = read_sheets(data, limits)
        rows = sheets[0][1] if sheets else []
    elif kind == "text":
        rows = _csv_rows(decode_text(data), limits)
    else:
        raise refuse_kind(kind)
    return [row for row in rows if any(v not in (None, "") for v in row)]
