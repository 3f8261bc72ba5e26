"""Just enough PDF reading to check what text a WeasyPrint PDF shows (no PDF library ships).

Inflates the streams, reads each font's ToUnicode map and decodes the hex strings of the
text operators. Good for WeasyPrint's output, not for PDFs at large."""

from __future__ import annotations

import re
import zlib

STREAM = re.compile(rb"<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream", re.S)


def _streams(data: bytes) -> list[bytes]:
    found = []
    for head, body in STREAM.findall(data):
        if b"FlateDecode" in head:
            try:
                body = zlib.decompress(body)
            except zlib.error:
                continue
        found.append(body)
    return found


def _cmap(stream: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "ignore")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def pdf_text(data: bytes) -> str:
    """The text of the PDF, glyph by glyph, through every font's map merged (WeasyPrint
    gives each font its own glyph numbers, so a word may come out garbled, never invented)."""
    streams = _streams(data)
    mapping: dict[int, str] = {}
    for stream in streams:
        if b"beginbfchar" in stream or b"beginbfrange" in stream:
            mapping.update(_cmap(stream))
    words = []
    for stream in streams:
        for hexa in re.findall(rb"<([0-9A-Fa-f]+)>", stream):
            if len(hexa) % 4:
                continue
            codes = [int(hexa[i : i + 4], 16) for i in range(0, len(hexa), 4)]
            words.append("".join(mapping.get(c, "") for c in codes))
    return "".join(words)
