"""Editors' texts and photos on a portrait: written in the portal's editor (Wagtail snippets, drafted and
published there), shown published only, in the reader's language with the other one's mark, sanitised,
printed in the PDF; only editors and administrators may write them."""

from __future__ import annotations

import io

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.portraits import pdf, selectors
from kenesh.portraits.models import PortraitPhoto, PortraitText

pytestmark = pytest.mark.django_db

ADMIN_LIST = "/office/portal/snippets/portraits/portraittext/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def image_make(title: str = "Мектеп", size: tuple[int, int] = (40, 30)) -> object:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (20, 120, 60)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name="school.png")
    )


def text_make(unit, *, live: bool = True, photos: int = 0, **fields) -> PortraitText:
    text = PortraitText.objects.create(unit=unit, live=live, **fields)
    for number in range(photos):
        PortraitPhoto.objects.create(
            text=text, image=image_make(), caption_ru=f"Фото {number}", sort_order=number
        )
    return text


def test_a_published_text_shows_in_the_readers_language_and_a_draft_does_not(place, client):
    unit = place["units"][0]
    text_make(
        unit,
        heading_ky="Айыл жөнүндө",
        heading_ru="О селе",
        body_ky="<p>Кум-Добо — тоо этегиндеги айыл.</p>",
        body_ru="<p>Кум-Добо — село у подножия гор.</p>",
    )
    text_make(unit, live=False, heading_ru="Черновик", body_ru="<p>Ещё не опубликовано.</p>")
    ru = client.get(f"/ru/portraits/{unit.coate}/").content.decode()
    assert "О селе" in ru and "село у подножия гор" in ru
    assert "тоо этегиндеги" not in ru and "Черновик" not in ru
    ky = client.get(f"/ky/portraits/{unit.coate}/").content.decode()
    assert "Айыл жөнүндө" in ky and "тоо этегиндеги" in ky and "подножия" not in ky


def test_a_text_in_one_language_is_shown_to_the_other_with_its_mark(place, client):
    unit = place["units"][0]
    text_make(unit, heading_ru="О селе", body_ru="<p>Только по-русски.</p>")
    html = client.get(f"/ky/portraits/{unit.coate}/").content.decode()
    assert "Только по-русски." in html
    assert 'lang="ru"' in html and "lang-mark" in html


def test_the_rich_text_is_cleaned_when_saved(place, client):
    unit = place["units"][0]
    text = text_make(
        unit,
        body_ru='<p onclick="steal()">Текст<script>alert(1)</script></p><style>p{}</style><b>жирный</b>',
    )
    text.refresh_from_db()
    assert "script" not in text.body_ru and "onclick" not in text.body_ru and "style" not in text.body_ru
    html = client.get(f"/ru/portraits/{unit.coate}/").content.decode()
    assert "<script>alert" not in html and 'onclick="steal()"' not in html and "<style>p" not in html
    assert "Текст" in html and "жирный" in html


def test_a_text_with_neither_heading_nor_words_is_refused():
    from django.core.exceptions import ValidationError

    text = PortraitText(body_ru="<p> </p>")
    with pytest.raises(ValidationError):
        text.clean()


def test_the_photos_show_on_the_page_and_are_printed_in_the_pdf(place, client):
    unit = place["units"][0]
    text_make(unit, heading_ru="Новая школа", photos=2)
    html = client.get(f"/ru/portraits/{unit.coate}/").content.decode()
    assert html.count('class="portrait-photo"') == 2
    assert "/media/images/" in html and "Фото 1" in html
    data = selectors.portrait(coate=unit.coate)
    printed = pdf.portrait_html(data, language="ru")
    assert printed.count("data:image/png;base64,") == 2
    assert "Новая школа" in printed
    response = client.get(f"/ru/portraits/{unit.coate}/portrait-ky.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_texts_cost_the_same_queries_for_one_or_many_photos(place, client):
    unit = place["units"][0]
    text_make(unit, heading_ru="Один", photos=1)
    client.get(f"/ru/portraits/{unit.coate}/")  # renditions made once

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/ru/portraits/{unit.coate}/").status_code == 200
        return len(context.captured_queries)

    few = count()
    text_make(unit, heading_ru="Два", photos=3)
    text_make(unit, heading_ru="Три", photos=2)
    client.get(f"/ru/portraits/{unit.coate}/")
    assert count() == few


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_an_editor_drafts_and_publishes_a_text_in_the_portals_editor(client, place, role):
    person = person_make(role=role)
    office_login(client, person)
    unit = place["units"][0]
    assert client.get(ADMIN_LIST).status_code == 200
    assert client.get(f"{ADMIN_LIST}add/").status_code == 200
    form = {
        "unit": unit.pk,
        "heading_ky": "",
        "heading_ru": "О селе",
        "body_ky": '{"blocks":[],"entityMap":{}}',
        "body_ru": '{"blocks":[{"key":"a1","type":"unstyled","depth":0,"text":"Черновик текста",'
        '"inlineStyleRanges":[],"entityRanges":[],"data":{}}],"entityMap":{}}',
        "position": 0,
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
        "photos-MIN_NUM_FORMS": 0,
        "photos-MAX_NUM_FORMS": 6,
    }
    response = client.post(f"{ADMIN_LIST}add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    text = PortraitText.objects.get()
    assert not text.live
    assert "Черновик текста" not in client.get(f"/ru/portraits/{unit.coate}/").content.decode()
    response = client.post(f"{ADMIN_LIST}edit/{text.pk}/", {**form, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    text.refresh_from_db()
    assert text.live
    assert "Черновик текста" in client.get(f"/ru/portraits/{unit.coate}/").content.decode()


@pytest.mark.parametrize("role", [Role.STAFF, Role.DEPUTY, Role.MODERATOR, Role.ANALYST, None])
def test_anyone_without_the_editor_role_is_refused(client, place, role):
    unit = place["units"][0]
    text = text_make(unit, heading_ru="О селе")
    person = person_make(role=role, municipality=unit) if role is not None else person_make(municipality=unit)
    office_login(client, person)
    for url in (ADMIN_LIST, f"{ADMIN_LIST}add/", f"{ADMIN_LIST}edit/{text.pk}/"):
        assert client.get(url).status_code == 403, url
    response = client.post(f"{ADMIN_LIST}edit/{text.pk}/", {"unit": unit.pk, "heading_ru": "Взлом"})
    assert response.status_code == 403
    text.refresh_from_db()
    assert text.heading_ru == "О селе"
    for action in ("add", "change", "delete", "publish"):
        assert not person.has_perm(f"portraits.{action}_portraittext")
