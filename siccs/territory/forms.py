from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

ALLOWED = {".geojson", ".json", ".csv", ".xlsx", ".zip"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(sorted(ALLOWED))}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class BoundaryUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Boundary files"),
        help_text=_(
            "The COD-AB files of the humanitarian data exchange: the GeoJSON files adm0 to adm3"
            " (select them together), the tabular CSV or XLSX, or a ZIP of them."
        ),
    )
    repair = forms.BooleanField(
        label=_("Repair invalid geometries"),
        required=False,
        help_text=_(
            "A shape that crosses itself or a ring left open is repaired (make_valid) instead"
            " of stopping the import; each repair is listed as a warning to look at."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if PurePath(upload.name).suffix.lower() not in ALLOWED:
                raise forms.ValidationError(
                    _("%(name)s: send GeoJSON, CSV, XLSX or ZIP files.") % {"name": upload.name}
                )
        if sum(f.size for f in files) > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("These files are too large."))
        return files


class ImportConfirmForm(forms.Form):
    """Confirming a plan: its effective date, its legal reference, and a choice for each
    doubtful match (one field per doubt, named after the plan item's key)."""

    on = forms.DateField(
        label=_("Effective date"),
        help_text=_("The day the changes take effect (by default the edition's date)."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reference = forms.CharField(
        label=_("Legal reference"),
        max_length=255,
        required=False,
        help_text=_("The law, decree or order of the reform (not needed for a first load)."),
    )
    baseline = forms.BooleanField(
        label=_("First load: the units created already existed before this edition"),
        required=False,
    )

    def __init__(self, *args: Any, report: dict[str, Any], **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        if report.get("on"):
            initial.setdefault("on", dt.date.fromisoformat(report["on"]))
        initial.setdefault("baseline", report.get("baseline", False))
        super().__init__(*args, **kwargs)
        self.doubts = report.get("doubts", [])
        for doubt in self.doubts:
            self.fields[self.field_name(doubt["key"])] = forms.ChoiceField(
                label=f"{doubt['name']} ({doubt.get('pcode', '')})",
                choices=[(value, label) for value, label in doubt["options"]],
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(key: str) -> str:
        return "decision_" + key.replace(":", "_")

    def decision_fields(self) -> list[tuple[Any, dict[str, Any]]]:
        """Each doubt's field with the doubt itself (its evidence is shown beside it)."""
        return [(self[self.field_name(d["key"])], d) for d in self.doubts]

    def main_fields(self) -> list[Any]:
        return [self["on"], self["reference"], self["baseline"]]

    def decisions(self) -> dict[str, str]:
        return {d["key"]: self.cleaned_data[self.field_name(d["key"])] for d in self.doubts}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("baseline") and not (data.get("reference") or "").strip():
            self.add_error(
                "reference", _("Give the legal reference (law, decree, order) of the reform.")
            )
        return data
