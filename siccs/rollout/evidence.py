"""Recognising an uploaded file by its content (magic bytes), never by its name."""

from __future__ import annotations

import io
import zipfile
from typing import IO

# content type, extension
PDF = ("application/pdf", "pdf")
JPEG = ("image/jpeg", "jpg")
PNG = ("image/png", "png")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
ALLOWED = (PDF, JPEG, PNG, XLSX, DOCX)


def sniff(file: IO[bytes]) -> tuple[str, str] | None:
    """(content type, extension) of an allowed file, or None for anything else."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        # Office files are zip archives; look inside for what they claim to be.
        try:
            data = file.read()
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        if "xl/workbook.xml" in names:
            return XLSX
        if "word/document.xml" in names:
            return DOCX
    return None
