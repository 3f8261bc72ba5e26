from __future__ import annotations

from pathlib import PurePath

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
    dry_run = forms.BooleanField(label=_("Only check the files, write nothing"), required=False)

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
