"""Upload size enforced while the request is read, not after.

Django writes every uploaded file to memory or a temporary file whatever its size, and a
view checking `upload.size` afterwards has already paid for it (a 60 MB "evidence" sat in
the temporary folder before being refused). This handler, first in the chain, counts the
bytes of each file as they arrive and stops passing them on past `UPLOAD_MAX_BYTES`: the
view then receives an empty `OversizedUpload` whose `size` is the number of bytes that
were sent, which every size check (forms, services, the file reader) refuses as too
large. The rest of the request (its other fields) is still read, so the page can answer
with the form and its message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _


class OversizedUpload(SimpleUploadedFile):
    """What remains of a file sent over the limit: its name and its size, no content."""

    oversized = True

    def __init__(self, name: str, size: int, content_type: str | None) -> None:
        super().__init__(name, b"", content_type)
        self.size = size


class BoundedUploadHandler(FileUploadHandler):
    """Counts each file's bytes and drops them past the limit (see the module docstring)."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            return None  # the handlers after this one never see the rest
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        if self.received > settings.UPLOAD_MAX_BYTES:
            return OversizedUpload(self.file_name, self.received, self.content_type)
        return None  # the next handler (memory or temporary file) gives the file


class BoundedFileInput(forms.FileInput):
    """A file field that helps before anything is sent: `accept` tells the phone's picker
    which files fit, and `core/upload.js` refuses a file over UPLOAD_MAX_BYTES at once
    (a 10 MB scan over a slow link used to travel for minutes to be refused) and shows
    the upload's progress. The limit and the messages, in the page's language, travel in
    data attributes: the script has no text of its own. The handler above stays the rule."""

    def __init__(self, *, accept: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"accept": accept, **(attrs or {})})

    class Media:
        css = {"all": ["core/upload.css"]}
        js = ["core/upload.js"]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> Any:
        limit = settings.UPLOAD_MAX_BYTES
        messages = {
            "data-max-bytes": str(limit),
            "data-too-large": _("The file is too large (at most %(mb)s MB).")
            % {"mb": limit // (1024 * 1024) or 1},
            "data-sending": _("Sending the file: %(percent)s%%") % {"percent": "{percent}"},
            "data-failed": _("The file could not be sent: check the connection and try again."),
        }
        return super().get_context(name, value, {**messages, **(attrs or {})})


# Extensions and types together: some phones' pickers filter by one, some by the other.
SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
EVIDENCE_ACCEPT = (
    f"{SCAN_ACCEPT},.xlsx,.docx,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
