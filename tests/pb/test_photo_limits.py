"""Photos that cost little to send and much to decode are refused on their headers, before decoding.

The PNG bombs are real PNGs made by Pillow: blank images whose header declares the size. They are made
in mode "1" (a bit a pixel) so that making them costs the test little; the header, which is all the check
reads, declares the same width and height as the RGBA files of the report. The cost of decoding is
measured by bench/uploads.py (not asserted here).
"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from kenesh.pb.models import Phase, Proposal
from kenesh.pb.photos import MAX_PIXELS, MAX_PIXELS_PER_REQUEST, photo_clean, photos_clean
from kenesh.pb.testing import process_make, voter_make
from tests.crafted import png_bomb


def upload(data: bytes, name: str = "p.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.fixture(scope="module")
def reported_bomb() -> bytes:
    """6,300 x 6,300 as in the report: under the old 40-megapixel limit, over the new one."""
    return png_bomb(6300, 6300, mode="1")


@pytest.fixture(scope="module")
def thirteen_megapixels() -> bytes:
    return png_bomb(4500, 3000, mode="1")


def test_the_reported_png_is_refused_on_its_header(reported_bomb):
    assert len(reported_bomb) < 200 * 1024
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        photo_clean(upload(reported_bomb))
    assert caught.value.code == "photo_too_big"
    assert caught.value.messages == ["The photo has too many pixels: at most 24 megapixels."]


def test_a_phone_photo_of_24_megapixels_is_kept():
    assert MAX_PIXELS == 6000 * 4000
    cleaned = photo_clean(upload(png_bomb(6000, 4000, mode="1")))
    assert Image.open(io.BytesIO(cleaned.read())).size == (2000, 1333)


def test_five_photos_under_the_limit_each_are_refused_together(thirteen_megapixels):
    # Five 13.5 MP photos: 67.5 MP to decode in one request.
    assert 5 * 4500 * 3000 > MAX_PIXELS_PER_REQUEST
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        photos_clean([upload(thirteen_megapixels) for _ in range(5)])
    assert caught.value.code == "photos_too_big"
    assert "too many pixels together: at most 64 megapixels" in caught.value.messages[0]


def test_four_of_them_pass(thirteen_megapixels):
    cleaned = photos_clean([upload(thirteen_megapixels) for _ in range(4)])
    assert len(cleaned) == 4


def test_more_files_than_a_request_may_carry_are_refused_before_any_is_opened():
    never_read = [SimpleUploadedFile(f"{n}.png", b"") for n in range(6)]
    with pytest.raises(ValidationError) as caught:
        photos_clean(never_read)
    assert caught.value.code == "photo_count"


@pytest.mark.django_db
def test_the_proposal_form_refuses_them_and_keeps_what_was_typed(client, thirteen_megapixels):
    process = process_make(budget=1000, phase=Phase.PROPOSALS)
    client.force_login(voter_make(process))
    data = {"title_ru": "Мост", "description_ru": "Новый мост", "category": "roads", "estimated_cost": "900"}
    with translation.override("en"):
        url = reverse("pb:proposal_new", kwargs={"process_id": process.pk})
    photos = [upload(thirteen_megapixels, f"{n}.png") for n in range(5)]
    response = client.post(url, {**data, "photos": photos})
    assert response.status_code == 200
    body = response.content.decode()
    assert "too many pixels together" in body and "Новый мост" in body
    assert not Proposal.objects.exists()
    six = [upload(b"x", f"{n}.png") for n in range(6)]
    response = client.post(url, {**data, "photos": six})
    assert response.status_code == 200 and "At most 5 photos at a time." in response.content.decode()
