"""The QR code that configures ODK Collect in one scan.

Collect reads its project settings from a QR code holding JSON, compressed with zlib and
encoded in base64 ("Configure with QR code" in Collect). The code carries the app
password: it is shown once, on the page that created it, and never stored.
"""

from __future__ import annotations

import base64
import json
import zlib

import segno


def collect_settings(*, server_url: str, username: str, password: str) -> dict:
    return {
        "general": {
            "server_url": server_url,
            "username": username,
            "password": password,
            # Keep the phone's forms and choice lists the server's: lists change with data.
            "form_update_mode": "match_exactly",
            "periodic_form_updates_check": "every_one_hour",
            "autosend": "wifi_and_cellular",
        },
        "admin": {},
        "project": {"name": "SI-CCS", "icon": "S", "color": "#14532d"},
    }


def encode(settings: dict) -> str:
    """What the QR code holds: base64 of the zlib-compressed JSON, as Collect expects."""
    raw = json.dumps(settings, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.b64encode(zlib.compress(raw)).decode()


def decode(text: str) -> dict:
    return json.loads(zlib.decompress(base64.b64decode(text)).decode())


def svg(text: str) -> str:
    """An inline SVG (no style attribute, so the strict CSP lets it show)."""
    return segno.make(text, error="m", micro=False).svg_inline(scale=4, border=4, dark="#000")
