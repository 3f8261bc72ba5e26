"""Name matching that forgives accents, case, spacing and the usual variants, as field
files need.

Two keys: `name_key` (stored on every unit, indexed) drops accents, case and
punctuation; `match_key` also drops the words that official files and people add or
leave out ("Commune", "Cercle de", "Région de") and writes numbers one way ("Commune I"
and "Commune 1" are the same place). `nearest_names` suggests what a person probably
meant when nothing matches.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

# Words that say what kind of unit a name designates rather than which one: the COD
# writes "Bandiagara Commune" where people write "Bandiagara" or "Commune de Bandiagara".
_KIND_WORDS = {"commune", "cercle", "region", "arrondissement", "village", "rurale", "urbaine"}
_LINK_WORDS = {"de", "du", "des", "d", "la", "le", "l"}
_ROMAN = {
    "i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7",
    "viii": "8", "ix": "9", "x": "10", "xi": "11", "xii": "12",
}  # fmt: skip
# Two keys at least this similar are one name spelt two ways ("Soboundou" / "Souboundou").
SIMILAR = 0.85


def name_key(name: str) -> str:
    """`Ségou`, `SEGOU` and ` segou ` share one key; apostrophes and dashes become spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", ascii_only.lower()).strip()


def match_key(name: str) -> str:
    """`name_key` without the words of kind ("Commune", "Cercle de") and with numbers
    written in figures: "Bandiagara Commune", "Commune de Bandiagara" and "bandiagara"
    share one key, as do "Commune I" and "Commune 1". A name made only of such words
    keeps its plain key."""
    words = name_key(name).split()
    kept = [_ROMAN.get(w, w) for w in words if w not in _KIND_WORDS]
    while kept and kept[0] in _LINK_WORDS:
        kept.pop(0)
    return " ".join(kept) or " ".join(words)


def similarity(one: str, other: str) -> float:
    """How alike two match keys are (0 to 1), by their longest common blocks."""
    if not one or not other:
        return 0.0
    return difflib.SequenceMatcher(None, one, other, autojunk=False).ratio()


def nearest_names(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` of `candidates` nearest to `name` (best first), leaving out those too far
    to be a plausible spelling of it."""
    key = match_key(name)
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(match_key(candidate), candidate)
    found = difflib.get_close_matches(key, list(by_key), n=n, cutoff=0.6)
    return [by_key[k] for k in found]


class UnitNames:
    """Units (of one level, inside one area) looked up by any spelling of their name:
    the exact key first, then the key without words of kind, then known other spellings
    (`aliases`). Built once and asked many times, as an import asks row after row."""

    def __init__(self, units: Iterable) -> None:
        self.units = list(units)
        self._exact: dict[str, list] = {}
        self._loose: dict[str, list] = {}
        for unit in self.units:
            spellings = [unit.name, *(a for a in (unit.aliases or "").split(";") if a.strip())]
            for spelling in spellings:
                for index, key in (
                    (self._exact, name_key(spelling)),
                    (self._loose, match_key(spelling)),
                ):
                    bucket = index.setdefault(key, [])
                    if unit not in bucket:
                        bucket.append(unit)

    def find(self, name: str) -> list:
        """The units `name` designates: by its exact key if any, else by its loose key."""
        return list(self._exact.get(name_key(name)) or self._loose.get(match_key(name)) or [])

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The names nearest to `name`, for a "did you mean" when `find` finds nothing."""
        return nearest_names(name, [u.name for u in self.units], n=n)
