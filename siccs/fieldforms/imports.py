"""Reading the data of our forms exported from KoboToolbox or ODK Central.

Teams that collected with KoboToolbox or ODK Central (the XLSForms downloaded from the
platform) export their data as:
- a CSV of the main table (KoboToolbox or ODK Central; enough for forms without repeat
  groups);
- an XLSX from KoboToolbox, one sheet per repeat group, rows linked by `_index` and
  `_parent_index` / `_parent_table_name`;
- a ZIP from ODK Central, one CSV per repeat group (`<form>-<repeat>.csv`), rows linked by
  `KEY` and `PARENT_KEY`.
Headers are the field names, possibly with their group path (`meta/instanceID`,
`meta-instanceID`): both exports' "XML values and headers". Each row becomes the same
values a phone's instance gives (`openrosa.read_values`), keyed by its instance ID, and
goes through the same appliers and review queue.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from siccs.fieldforms.xforms import FieldForm

MAX_ROWS = 2000
# Zip bombs: an export of a few thousand rows is a few megabytes once unpacked.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 50
META_NAMES = {"instanceID", "deprecatedID"}
NODESET_RE = re.compile(r'nodeset="/data/([^"]+)"')


class ImportFileError(Exception):
    pass


@dataclass
class Table:
    name: str
    rows: list[dict[str, str]]


@dataclass
class ImportedRow:
    line: str
    instance_id: str
    data: dict[str, Any] = field(default_factory=dict)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _csv_table(name: str, data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table = [row for row in reader if any(v.strip() for v in row)]
    return _table(name, table)


def _table(name: str, table: list[list[Any]]) -> Table:
    if not table:
        return Table(name, [])
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_("At most %(n)s rows per file.") % {"n": MAX_ROWS})
    header = [_cell(h) for h in table[0]]
    rows = [
        {header[i]: _cell(v) for i, v in enumerate(row) if i < len(header) and header[i]}
        for row in table[1:]
    ]
    return Table(name, rows)


def _check_archive(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("The archive is too large once unpacked."))


def read_tables(content: bytes) -> list[Table]:
    """The tables of a CSV, of a KoboToolbox XLSX or of an ODK Central ZIP."""
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    if content[:4] != b"PK\x03\x04":
        return [_csv_table("", content)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise ImportFileError(_("The file is neither a CSV, an XLSX nor a ZIP.")) from error
    with archive:
        _check_archive(archive)
        names = archive.namelist()
        if "xl/workbook.xml" in names:
            try:
                workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            except Exception as error:
                raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
            tables = [
                _table(sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)])
                for sheet in workbook.worksheets
            ]
            workbook.close()
            return tables
        return [
            _csv_table(name.rsplit("/", 1)[-1].removesuffix(".csv"), archive.read(name))
            for name in names
            if name.lower().endswith(".csv")
        ]


def field_names(form: FieldForm) -> set[str]:
    """The names of the form's questions, read from its XForm."""
    return {path.rsplit("/", 1)[-1] for path in NODESET_RE.findall(form.xform())}


def _mapper(form: FieldForm) -> Any:
    known = field_names(form) | META_NAMES

    def name_of(header: str) -> str | None:
        if header in known:
            return header
        last = re.split(r"[/\-.:]", header)[-1]
        return last if last in known else None

    return name_of


def _repeat_of(form: FieldForm, table: Table) -> str | None:
    """The repeat group a table holds (None: the main table)."""
    for repeat in form.repeats:
        if table.name == repeat or table.name.endswith(f"-{repeat}"):
            return repeat
    return None


def _instance_id(row: dict[str, str], values: dict[str, Any]) -> str:
    if values.get("instanceID"):
        return values["instanceID"]
    if row.get("KEY", "").startswith("uuid:") and "/" not in row["KEY"]:
        return row["KEY"]
    if row.get("_uuid"):
        return "uuid:" + row["_uuid"]
    return ""


def rows_of(form: FieldForm, tables: list[Table]) -> list[ImportedRow]:
    """One entry per instance of the main table, its repeat rows attached to it."""
    name_of = _mapper(form)
    nodes: dict[tuple[str, str], dict[str, Any]] = {}
    main: list[ImportedRow] = []
    children: list[tuple[str, tuple[str, str], dict[str, Any]]] = []
    main_tables = [t for t in tables if _repeat_of(form, t) is None]
    if not main_tables:
        raise ImportFileError(_("The file has no main table."))
    for table in tables:
        repeat = _repeat_of(form, table)
        if repeat is None and table is not main_tables[0]:
            continue  # other sheets (KoboToolbox's notes, for instance)
        for number, row in enumerate(table.rows, 2):
            values = {}
            for header, value in row.items():
                name = name_of(header)
                if name is not None and name not in values:
                    values[name] = value
            own = (repeat or "", row.get("_index", ""))
            if row.get("KEY"):
                own = ("", row["KEY"])
            nodes[own] = values
            if repeat is None:
                instance_id = _instance_id(row, values)
                line = f"{table.name or _('file')}:{number}"
                main.append(ImportedRow(line, instance_id, values))
                if instance_id:
                    nodes[("", instance_id)] = values
            else:
                if row.get("PARENT_KEY"):
                    parent = ("", row["PARENT_KEY"])
                else:
                    parent_table = row.get("_parent_table_name", "")
                    parent_repeat = parent_table if parent_table in form.repeats else ""
                    parent = (parent_repeat, row.get("_parent_index", ""))
                children.append((repeat, parent, values))
    for repeat, parent, values in children:
        target = nodes.get(parent)
        if target is not None:
            target.setdefault(repeat, []).append(values)
    for entry in main:
        for meta in META_NAMES:
            entry.data.pop(meta, None)
    return main
