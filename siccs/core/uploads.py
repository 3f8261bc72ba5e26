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

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


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
