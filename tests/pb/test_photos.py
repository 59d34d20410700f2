"""Photos: real images only, size-limited, re-encoded without EXIF or GPS."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kenesh.pb.photos import photo_clean


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (42.0, 30.0, 0.0), 3: "E", 4: (75.0, 50.0, 0.0)}  # GPSInfo
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def test_exif_and_gps_are_stripped():
    data = jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif()
    cleaned = photo_clean(SimpleUploadedFile("me.jpg", data, content_type="image/jpeg"))
    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert b"CameraMaker" not in cleaned.file.getvalue()


def test_png_with_transparency_becomes_jpeg():
    output = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(output, format="PNG")
    cleaned = photo_clean(SimpleUploadedFile("a.png", output.getvalue()))
    assert Image.open(io.BytesIO(cleaned.read())).mode == "RGB"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4 not an image", b"GIF89a" + b"\0" * 20, b"", b"\xff\xd8\xff\xe0 truncated jpeg"],
)
def test_a_file_that_is_not_an_image_is_refused(data):
    with pytest.raises(ValidationError) as caught:
        photo_clean(SimpleUploadedFile("x.jpg", data, content_type="image/jpeg"))
    assert caught.value.code == "not_an_image"


def test_a_gif_is_refused():
    output = io.BytesIO()
    Image.new("P", (4, 4)).save(output, format="GIF")
    with pytest.raises(ValidationError):
        photo_clean(SimpleUploadedFile("x.gif", output.getvalue()))


def test_a_too_large_file_is_refused(settings):
    upload = SimpleUploadedFile("big.jpg", b"\0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as caught:
        photo_clean(upload)
    assert caught.value.code == "photo_too_large"
