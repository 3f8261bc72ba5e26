"""The field forms: XLSForm definitions kept in the repository, converted by pyxform.

Each form is a Markdown XLSForm in `xlsforms/` (readable in a diff, editable by hand, the
format pyxform reads besides XLSX). pyxform turns it into the XForm ODK Collect
downloads; the same definition is offered as an XLSX workbook for KoboToolbox. Choice
lists that depend on the user (committees, members...) are not in the form: they are
CSV media files the form names (`select_one_from_file comites.csv`), generated per user
by `selectors.choice_list`.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from pyxform.xls2json_backends import md_table_to_workbook
from pyxform.xls2xform import convert

from siccs.accounts.scoping import Action

XLSFORMS = Path(__file__).resolve().parent / "xlsforms"
MEDIA_RE = re.compile(r'src="jr://file-csv/([A-Za-z0-9_.-]+\.csv)"')


@dataclass(frozen=True)
class FieldForm:
    """A form of the catalogue: its XLSForm file, who may use it, and what it writes."""

    form_id: str
    description: object
    # The action the user must hold somewhere to fill it (and to receive its lists).
    action: str
    # Repeat groups of the form, read as lists of rows from a submission.
    repeats: tuple[str, ...] = ()
    # Image questions: their values name attachments.
    images: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return XLSFORMS / f"{self.form_id}.md"

    def definition(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def xform(self) -> str:
        return _xform(self.form_id, self.definition())

    @property
    def title(self) -> str:
        """The form's title as written in its definition (French, as the phone shows it)."""
        match = re.search(r"<h:title>([^<]*)</h:title>", self.xform())
        return html.unescape(match.group(1)) if match else self.form_id

    def version(self) -> str:
        match = re.search(r'<data id="[^"]+" version="([^"]*)"', self.xform())
        return match.group(1) if match else ""

    def hash(self) -> str:
        return "md5:" + hashlib.md5(self.xform().encode()).hexdigest()

    def media_names(self) -> list[str]:
        """The CSV files the form reads its choices from, in the order it names them."""
        return list(dict.fromkeys(MEDIA_RE.findall(self.xform())))

    def xlsx(self) -> bytes:
        """The XLSForm as an XLSX workbook, the format KoboToolbox and ODK Central load."""
        workbook = md_table_to_workbook(self.definition())
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


CATALOGUE: dict[str, FieldForm] = {
    form.form_id: form
    for form in (
        FieldForm(
            "seance_ccs",
            _("A session: attendance of the members, concerns raised, recommendations adopted."),
            Action.CHANGE,
            repeats=("preoccupations", "recommandations"),
        ),
        FieldForm(
            "etape_ccs",
            _("Where a committee stands on a step of its setting-up, with photos as evidence."),
            Action.CHANGE,
            repeats=("photos",),
            images=("photo",),
        ),
        FieldForm(
            "suivi_recommandation",
            _("A dated follow-up of an open recommendation, with a photo as evidence."),
            Action.CHANGE,
            images=("preuve",),
        ),
        FieldForm(
            "preoccupation_citoyenne",
            _("A citizen's concern taken down on paper or by phone: it gets a tracking code."),
            Action.TRIAGE,
        ),
    )
}


@cache
def _xform(form_id: str, definition: str) -> str:
    # Converted once per process and definition; ODK Validate (Java) runs in the tests.
    result = convert(xlsform=definition, file_type=".md", form_name="data")
    return result.xform


def validate(form: FieldForm) -> list[str]:
    """Convert with ODK Validate (needs Java): raises on an invalid form, returns warnings."""
    warnings: list[str] = []
    convert(xlsform=form.definition(), file_type=".md", validate=True, warnings=warnings)
    return warnings
