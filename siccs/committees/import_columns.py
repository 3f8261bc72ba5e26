"""The columns of the import files, their coded values, and the templates people fill.

One description per column serves three purposes: the template's header and its
"Instructions" sheet (in the user's language), the drop-down lists of coded columns, and
reading a filled file back, whatever language or spelling its header and values use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from siccs.core.errors import DomainError
from siccs.core.tabular.writer import XlsxWriter
from siccs.territory.names import name_key

LANGUAGES = ("fr", "en")
# Rows of the data sheet that get the drop-down lists (the import's own row limit).
VALIDATED_ROWS = 2000
# Words that say nothing about which value is meant ("Association *de* femmes").
_STOP_WORDS = {"de", "du", "des", "d", "la", "le", "l", "les", "et", "a", "of", "the", "and"}


def _in_every_language(text: Any) -> set[str]:
    """The keys of a translatable label in French and English."""
    keys = set()
    for language in LANGUAGES:
        with translation.override(language):
            keys.add(name_key(str(text)))
    return keys - {""}


def _words(key: str) -> set[str]:
    """The meaningful words of a key, plurals folded (`femmes` → `femme`)."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in key.split()} - _STOP_WORDS


@dataclass
class Option:
    code: str
    shown: str  # as the template shows it, in the active language
    keys: set[str] = field(default_factory=set)


@dataclass
class Choices:
    """The allowed values of a coded column and how a person may write them."""

    what: Any  # what the column holds, for messages: "function"
    options: list[Option]

    def find(self, text: str) -> str:
        """The code `text` designates: a code or label (French or English) in any case and
        accents, or failing that the one option all of whose meaningful words it uses."""
        key = name_key(text)
        for option in self.options:
            if key in option.keys:
                return option.code
        words = _words(key)
        if words:
            found = {
                option.code
                for option in self.options
                if words <= set().union(*(_words(k) for k in option.keys))
            }
            if len(found) == 1:
                return found.pop()
        raise DomainError(
            _("Unknown %(what)s « %(value)s »: choose one of %(allowed)s.")
            % {"what": self.what, "value": text, "allowed": self.allowed()}
        )

    def allowed(self) -> str:
        return ", ".join(f"« {option.shown} »" for option in self.options)

    @classmethod
    def from_text_choices(
        cls, what: Any, choices: Any, extra: dict[str, Iterable[str]] | None = None
    ) -> Choices:
        """Options of a `TextChoices`: its codes, labels in both languages, the parts of a
        label written "a / b", and `extra` spellings people use."""
        options = []
        for code, label in choices.choices:
            keys = {name_key(code), *_in_every_language(label)}
            for language in LANGUAGES:
                with translation.override(language):
                    keys.update(name_key(part) for part in str(label).split("/"))
            keys.update(name_key(e) for e in (extra or {}).get(code, ()))
            options.append(Option(code, str(label), keys - {""}))
        return cls(what, options)


@dataclass(frozen=True)
class Column:
    """One column of an import file."""

    key: str  # the code header, as the first templates had it ("full_name")
    label: Any  # the header in the user's language
    help: Any  # what it holds, for the instructions sheet
    example: Any = ""  # an example value (may be lazy text or a date)
    required: bool = False
    choices: str = ""  # the name of its list of allowed values, if coded
    aliases: tuple[str, ...] = ()  # other headers people write

    def header_keys(self) -> set[str]:
        return {name_key(self.key), *_in_every_language(self.label), *map(name_key, self.aliases)}


PLACE_COLUMNS = [
    Column(
        "region",
        pgettext_lazy("import column", "Region"),
        gettext_lazy("The region (or the District de Bamako) of the committee."),
        "Mopti",
        required=True,
        choices="region",
    ),
    Column(
        "commune",
        pgettext_lazy("import column", "Commune"),
        gettext_lazy("The commune of a communal committee; empty for a regional committee."),
        "Djenné",
    ),
    Column(
        "level",
        pgettext_lazy("import column", "Level"),
        gettext_lazy("The committee's level; empty: communal if a commune is given."),
        "",
        choices="level",
    ),
]

COLUMNS: dict[str, list[Column]] = {
    "committees": [
        *PLACE_COLUMNS,
        Column(
            "planned_on",
            pgettext_lazy("import column", "Planned on"),
            gettext_lazy("The day the setting-up is planned to start; empty: today."),
            dt.date(2024, 1, 15),
        ),
        Column(
            "name",
            pgettext_lazy("import column", "Name"),
            gettext_lazy("The committee's name; empty: the usual name (CCS of the commune)."),
        ),
    ],
    "step_records": [
        *PLACE_COLUMNS,
        Column(
            "step",
            pgettext_lazy("import column", "Step"),
            gettext_lazy("The step of the installation methodology."),
            "launch",
            required=True,
            choices="step",
        ),
        Column(
            "status",
            pgettext_lazy("import column", "Status"),
            gettext_lazy("Where the step stands; empty: planned."),
            "done",
            choices="status",
        ),
        Column(
            "planned_on",
            pgettext_lazy("import column", "Planned on"),
            gettext_lazy("The day the step is planned."),
        ),
        Column(
            "actual_on",
            pgettext_lazy("import column", "Done on"),
            gettext_lazy("The day the step was done (not in the future)."),
            dt.date(2024, 3, 2),
        ),
        Column(
            "blocked_reason",
            pgettext_lazy("import column", "Why blocked"),
            gettext_lazy("Required when the step is blocked."),
        ),
        Column(
            "responsible",
            pgettext_lazy("import column", "Responsible"),
            gettext_lazy("Who carries the step out."),
            "Préfet",
        ),
        Column(
            "partner",
            pgettext_lazy("import column", "Partner"),
            gettext_lazy("The partner who supported the step (acronym or name)."),
            "PNUD",
        ),
        Column("notes", pgettext_lazy("import column", "Notes"), gettext_lazy("Free notes.")),
    ],
    "members": [
        *PLACE_COLUMNS,
        Column(
            "full_name",
            pgettext_lazy("import column", "Full name"),
            gettext_lazy("First name and name of the member."),
            "Aminata Traoré",
            required=True,
            aliases=("nom", "name", "nom et prenom", "prenom et nom"),
        ),
        Column(
            "sex",
            pgettext_lazy("import column", "Sex"),
            gettext_lazy("Woman or man (F, M or H are understood)."),
            "F",
            required=True,
            choices="sex",
        ),
        Column(
            "birth_year",
            pgettext_lazy("import column", "Year of birth"),
            gettext_lazy("Four figures; may stay empty."),
            1988,
        ),
        Column(
            "age_group",
            pgettext_lazy("import column", "Age group"),
            gettext_lazy("When the year of birth is not known."),
            choices="age_group",
        ),
        Column(
            "phone",
            pgettext_lazy("import column", "Phone"),
            gettext_lazy("A Malian number (8 figures) or an international one (+…)."),
            "76 00 00 00",
        ),
        Column(
            "organisation",
            pgettext_lazy("import column", "Organisation"),
            gettext_lazy("The body the member represents."),
            "Coordination des femmes",
        ),
        Column(
            "category",
            pgettext_lazy("import column", "Category"),
            gettext_lazy("The category of the seat, as in the decree."),
            required=True,
            choices="category",
        ),
        Column(
            "function",
            pgettext_lazy("import column", "Function"),
            gettext_lazy("The member's function in the committee; empty: member."),
            choices="function",
        ),
        Column(
            "start_on",
            pgettext_lazy("import column", "Member since"),
            gettext_lazy("The first day of the mandate."),
            dt.date(2024, 3, 2),
        ),
    ],
}


def header_map(kind: str, header: list[Any]) -> list[str]:
    """The column key of each header cell ("" for a column this import does not read)."""
    keys = {column.key: column.header_keys() for column in COLUMNS[kind]}
    found = []
    for cell in header:
        text = name_key(str(cell or ""))
        found.append(next((k for k, aliases in keys.items() if text and text in aliases), ""))
    return found


def missing_columns(kind: str, found: Iterable[str]) -> list[Any]:
    present = set(found)
    return [c.label for c in COLUMNS[kind] if c.required and c.key not in present]


# --- The template -------------------------------------------------------------------------


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def template_workbook(kind: str, lists: dict[str, Choices], title: Any) -> bytes:
    """The file a person fills: the data sheet first (the one an import reads), then the
    instructions, then the hidden sheet holding the drop-down lists."""
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = COLUMNS[kind]
    writer = XlsxWriter()
    data = writer.sheet(
        title, widths=[max(14, len(str(c.label)) + 4) for c in columns], freeze="A2"
    )
    lists_title = str(_("Lists"))
    coded = [c for c in columns if c.choices in lists]
    for index, column in enumerate(columns, start=1):
        if column.choices not in lists:
            continue
        list_column = _letter(coded.index(column) + 1)
        size = len(lists[column.choices].options)
        validation = DataValidation(
            type="list",
            formula1=f"'{lists_title}'!${list_column}$2:${list_column}${size + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=str(_("Not in the list")),
            error=str(
                _("Choose a value from the list; other spellings are checked when importing.")
            ),
        )
        letter = _letter(index)
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        data.worksheet.data_validations.append(validation)
    data.append([c.label for c in columns], bold=True)

    instructions = writer.sheet(_("Instructions"), widths=[22, 12, 50, 50, 22])
    instructions.append([_("How to fill this file")], bold=True)
    for line in (
        _("Fill one line per row in the first sheet, « %(sheet)s », under its column names.")
        % {"sheet": title},
        _("Keep the first line (the column names); columns may be in any order."),
        _("Dates: 31/03/2024. Accents and capitals do not matter in names and lists."),
        _("Every line is checked before anything is written; then the whole file is written."),
        "",
    ):
        instructions.append([line])
    instructions.append(
        [_("Column"), _("Required"), _("What it holds"), _("Allowed values"), _("Example")],
        bold=True,
    )
    for column in columns:
        allowed = lists[column.choices].allowed() if column.choices in lists else ""
        instructions.append(
            [
                column.label,
                _("yes") if column.required else _("no"),
                column.help,
                allowed,
                column.example,
            ]
        )

    values = writer.sheet(lists_title)
    values.worksheet.sheet_state = "hidden"
    longest = max((len(lists[c.choices].options) for c in coded), default=0)
    values.append([c.label for c in coded], bold=True)
    for row in range(longest):
        values.append(
            [
                lists[c.choices].options[row].shown if row < len(lists[c.choices].options) else None
                for c in coded
            ]
        )
    return writer.content()
