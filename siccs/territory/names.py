"""Name matching that forgives accents, case and spacing, as field files need."""

import re
import unicodedata


def name_key(name: str) -> str:
    """`Ségou`, `SEGOU` and ` segou ` share one key; apostrophes and dashes become spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", ascii_only.lower()).strip()
