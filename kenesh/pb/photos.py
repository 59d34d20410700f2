"""Photo uploads: check that a file is a real JPEG, PNG or WebP image of sane size, and re-encode it.

Re-encoding from pixels drops everything else the file carried: EXIF (camera, time, GPS position),
XMP, comments, and any payload appended to the image. The stored file is always a JPEG.
"""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # about 7,300 x 5,500: any phone camera; more is a decompression bomb
MAX_SIDE = 2000  # stored photos are resized down to this longest side
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


def photo_clean(upload: UploadedFile) -> ContentFile:
    """The upload as a clean JPEG (no metadata), or ValidationError with a message for the person."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is too large: at most %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="photo_too_large",
        )
    data = upload.read()
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is too large: at most %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="photo_too_large",
        )
    not_an_image = ValidationError(
        _("This file is not a photo. Upload a JPEG, PNG or WebP image."), code="not_an_image"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise not_an_image
                if probe.width * probe.height > MAX_PIXELS:
                    raise ValidationError(_("The photo has too many pixels."), code="photo_too_big")
                probe.verify()
            opened = Image.open(io.BytesIO(data))
            opened.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    except Image.DecompressionBombWarning:
        raise ValidationError(_("The photo has too many pixels."), code="photo_too_big") from None
    # Keep the picture the right way up: the orientation lives in EXIF, which is about to go.
    image: Image.Image = ImageOps.exif_transpose(opened)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background
    output = io.BytesIO()
    # A fresh save writes no EXIF, ICC or XMP unless asked to.
    image.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name="photo.jpg")
