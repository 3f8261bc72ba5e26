"""Accent- and case-free text, the same in Python, SQLite and PostgreSQL.

French names are typed without their accents on a phone (`segou`, `djenne`, `kere`):
both the text searched and the words typed are folded character by character with one
table, so that `Ségou`, `SEGOU` and `segou` meet. PostgreSQL applies the table with its
`translate()` function, SQLite with the Python function this module registers on each
connection; neither needs an extension (unaccent would need a superuser in production).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import CharField, Func

# Latin letters with the diacritics of French, Bambara and Fulfulde place names, and the
# typographic apostrophes, each mapped to one plain lower-case character.
_ACCENTED = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝŸýÿ"
FOLD_FROM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + _ACCENTED + "’‘ʼ"
FOLD_TO = (
    "abcdefghijklmnopqrstuvwxyz"
    + "".join(unicodedata.normalize("NFKD", c)[0].lower() for c in _ACCENTED)
    + "'''"
)
assert len(FOLD_FROM) == len(FOLD_TO)
_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)
SQLITE_FUNCTION = "siccs_fold"


def fold(text: str | None) -> str | None:
    """`Ségou` → `segou`: the Python twin of the SQL `Fold` expression."""
    return None if text is None else text.translate(_TABLE)


class Fold(Func):
    """The folded form of a text column, for `contains` lookups with folded words."""

    output_field = CharField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"translate({sql}, %s, %s)", [*params, FOLD_FROM, FOLD_TO]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{SQLITE_FUNCTION}({sql})", list(params)


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give every new SQLite connection the folding function (connection_created)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
