"""Reading the apps' gettext catalogues (.po) as the translation tests need them.

A small parser rather than a dependency: entries are keyed by (context, msgid, plural),
as gettext looks them up, and the header is told apart from the first message even when
makemessages leaves no blank line between them.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

SICCS = Path(settings.BASE_DIR) / "siccs"
KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


@dataclass(frozen=True)
class Key:
    context: str | None
    msgid: str
    plural: str | None = None

    def __str__(self) -> str:
        return f"{self.msgid!r}" + (f" (context {self.context!r})" if self.context else "")


@dataclass
class Entry:
    key: Key
    translations: tuple[str, ...]
    fuzzy: bool = False


@dataclass
class _Parts:
    flags: set[str] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)


def parse(text: str) -> list[Entry]:
    """The messages of a catalogue (header and obsolete `#~` entries left out)."""
    entries: list[Entry] = []
    current = _Parts()
    last: str | None = None

    def close() -> None:
        values = current.values
        if values.get("msgid"):
            translations = tuple(v for k, v in sorted(values.items()) if k.startswith("msgstr"))
            entries.append(
                Entry(
                    Key(values.get("msgctxt"), values["msgid"], values.get("msgid_plural")),
                    translations,
                    fuzzy="fuzzy" in current.flags,
                )
            )

    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#,"):
            if last and last.startswith("msgstr"):
                close()
                current, last = _Parts(), None
            current.flags.update(f.strip() for f in line[2:].split(","))
            continue
        if not line or line.startswith("#"):
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, literal = match.groups()
            # A new message starts with msgctxt or msgid after the previous one's msgstr.
            if keyword in ("msgctxt", "msgid") and last and last.startswith("msgstr"):
                close()
                current = _Parts()
            current.values[keyword] = ast.literal_eval(literal)
            last = keyword
        elif line.startswith('"') and last:
            current.values[last] += ast.literal_eval(line)
    if last and last.startswith("msgstr"):
        close()
    return entries


def catalogue_paths(language: str) -> dict[str, Path]:
    """App label → its catalogue in `language`, for every app that has one."""
    return {
        path.parents[3].name: path
        for path in sorted(SICCS.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))
    }


def catalogue(path: Path) -> list[Entry]:
    return parse(path.read_text(encoding="utf-8"))


def clashes(language: str) -> list[str]:
    """Messages (with their context) translated differently by two apps' catalogues.

    Django merges every app's catalogue into one, so one of the translations silently
    wins on every page: each line names the message and what each app says."""
    seen: dict[Key, dict[str, tuple[str, ...]]] = {}
    for app, path in catalogue_paths(language).items():
        for entry in catalogue(path):
            if any(entry.translations):
                seen.setdefault(entry.key, {})[app] = entry.translations
    problems = []
    for key, by_app in seen.items():
        if len(set(by_app.values())) > 1:
            said = "; ".join(f"{app}: {' | '.join(t)!r}" for app, t in sorted(by_app.items()))
            problems.append(f"{language} {key} → {said}")
    return sorted(problems)
