"""Hearing materials: check that an upload is a real PDF or image of bounded size before it is stored.

A PDF is recognised by its content (the `%PDF-` header and an `%%EOF` trailer), not by its name or the type
the browser claims; it is stored as uploaded. An image goes through kenesh.pb.photos: checked, decoded within
a pixel budget and re-encoded as a JPEG without its metadata (EXIF, GPS).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from kenesh.hearings.models import DocumentKind
from kenesh.pb.photos import photo_clean

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
PDF_HEADER = b"%PDF-"


def _not_allowed() -> ValidationError:
    return ValidationError(
        _("This file is neither a PDF nor an image. Upload a PDF, JPEG, PNG or WebP file."),
        code="not_allowed",
    )


def document_clean(upload: UploadedFile) -> tuple[str, ContentFile]:
    """(kind, the file to store) for an upload, or ValidationError with a message for the person."""
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(PDF_HEADER):
        data = upload.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise ValidationError(
                _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
                code="too_large",
            )
        # A real PDF ends with %%EOF (possibly followed by whitespace); a renamed text file does not.
        if b"%%EOF" not in data[-2048:]:
            raise _not_allowed()
        return DocumentKind.PDF, ContentFile(data, name="document.pdf")
    try:
        return DocumentKind.IMAGE, photo_clean(upload)
    except ValidationError as error:
        if error.code == "not_an_image":
            raise _not_allowed() from None
        raise
