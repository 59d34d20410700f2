"""Photo uploads: check that a file is a real JPEG, PNG or WebP image of sane size, and re-encode it.

Re-encoding from pixels drops everything else the file carried: EXIF (camera, time, GPS position),
XMP, comments, and any payload appended to the image. The stored file is always a JPEG.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Pixels are what decoding costs (4 bytes each in memory, and the time to inflate them), whatever the file's
# size: a blank PNG of 40 megapixels is 154 KB. 24 MP is 6,000 x 4,000, more than a phone's photo (12 MP).
MAX_PIXELS = 24_000_000
MAX_PIXELS_PER_REQUEST = 64_000_000  # five 12 MP phone photos; checked on all headers before decoding any
MAX_PHOTOS_PER_REQUEST = 5
MAX_SIDE = 2000  # stored photos are resized down to this longest side
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


def _too_large() -> ValidationError:
    return ValidationError(
        _("The photo is too large: at most %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        code="photo_too_large",
    )


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not a photo. Upload a JPEG, PNG or WebP image."), code="not_an_image"
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The photo has too many pixels: at most %(mp)s megapixels.") % {"mp": MAX_PIXELS // 1_000_000},
        code="photo_too_big",
    )


def _probe(upload: UploadedFile) -> tuple[bytes, int]:
    """The upload's bytes and its pixel count, read from the image's header without decoding it."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise _too_large()
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise _not_an_image()
                pixels = probe.width * probe.height
                if pixels > MAX_PIXELS:
                    raise _too_many_pixels()
                probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _not_an_image() from None
    except Image.DecompressionBombWarning:
        raise _too_many_pixels() from None
    return data, pixels


def _decoded(data: bytes) -> ContentFile:
    """The checked image as a JPEG of at most MAX_SIDE, decoded at the smallest scale that gives it."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            # A JPEG is decoded straight at 1/2, 1/4 or 1/8 of its size (draft); the others in full, once.
            # The orientation (EXIF, about to go) is applied to the small picture, not to a full-size copy.
            opened.thumbnail((MAX_SIDE, MAX_SIDE))
            image: Image.Image = ImageOps.exif_transpose(opened)
            if image.mode not in ("RGB", "L"):
                rgba = image.convert("RGBA")
                background = Image.new("RGB", image.size, "white")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            output = io.BytesIO()
            # A fresh save writes no EXIF, ICC or XMP unless asked to.
            image.save(output, format="JPEG", quality=85, optimize=True)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _not_an_image() from None
    return ContentFile(output.getvalue(), name="photo.jpg")


def photos_clean(uploads: Sequence[UploadedFile]) -> list[ContentFile]:
    """The uploads of one request as clean JPEGs (no metadata), or ValidationError for the person.

    Every header is checked (count, size, format, pixels, the request's total pixels) before any image is
    decoded; then they are decoded one at a time, so memory holds one full image at most.
    """
    if len(uploads) > MAX_PHOTOS_PER_REQUEST:
        raise ValidationError(
            _("At most %(count)s photos at a time.") % {"count": MAX_PHOTOS_PER_REQUEST}, code="photo_count"
        )
    probed = [_probe(upload) for upload in uploads]
    if sum(pixels for _data, pixels in probed) > MAX_PIXELS_PER_REQUEST:
        raise ValidationError(
            _(
                "The photos have too many pixels together: at most %(mp)s megapixels. "
                "Send fewer or smaller ones."
            )
            % {"mp": MAX_PIXELS_PER_REQUEST // 1_000_000},
            code="photos_too_big",
        )
    return [_decoded(data) for data, _pixels in probed]


def photo_clean(upload: UploadedFile) -> ContentFile:
    """The upload as a clean JPEG (no metadata), or ValidationError with a message for the person."""
    return photos_clean([upload])[0]
