"""The public pages: send an appeal, follow it by its code, the list; and the office's pages."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.appeals import services
from kenesh.appeals.models import Appeal, Appellant, Event, Status
from kenesh.appeals.testing import appeal_make, category

pytestmark = pytest.mark.django_db


def _jpeg_with_exif() -> io.BytesIO:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"
    data = io.BytesIO()
    image.save(data, format="JPEG", exif=exif)
    data.seek(0)
    data.name = "p.jpg"
    return data


def _post(client, municipality, language="ky", **fields):
    data = {"category": category().pk, "text": "Көчөдө жарык жок", "phone": "0700 123 456", **fields}
    url = reverse("appeals:new", kwargs={"coate": municipality.coate}).replace("/ky/", f"/{language}/", 1)
    return client.post(url, data)


def test_an_anonymous_citizen_sends_an_appeal_with_a_photo(client, municipality):
    response = _post(client, municipality, photo=_jpeg_with_exif(), name="Айгүл")
    assert response.status_code == 200
    appeal = Appeal.objects.get()
    assert appeal.code in response.content.decode()
    assert appeal.appellant.phone == "+996700123456" and appeal.appellant.name == "Айгүл"
    stored = appeal.photo.read()
    assert b"SecretCamera" not in stored and stored[:2] == b"\xff\xd8"


def test_a_double_click_is_one_appeal(client, municipality):
    _post(client, municipality)
    _post(client, municipality)
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "  "}, "Напишите, о чём обращение."),
        ({"phone": ""}, "Укажите телефон или электронную почту"),
        ({"phone": "abc"}, "Это не номер телефона"),
    ],
)
def test_bad_input_keeps_what_was_typed_and_stores_nothing(client, municipality, fields, message):
    response = _post(client, municipality, "ru", **{"name": "Typed Name", **fields})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Typed Name" in body
    assert not Appeal.objects.exists() and not Appellant.objects.exists()


def test_a_non_image_or_oversized_photo_is_refused(client, municipality, settings):
    fake = io.BytesIO(b"%PDF-1.4 not an image")
    fake.name = "x.jpg"
    response = _post(client, municipality, "ru", photo=fake)
    assert response.status_code == 400 and "Этот файл не фотография" in response.content.decode()
    big = io.BytesIO(b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 10))
    big.name = "big.jpg"
    response = _post(client, municipality, "ru", photo=big)
    assert response.status_code == 400 and "Фотография слишком большая" in response.content.decode()
    assert not Appeal.objects.exists()


def test_the_form_answers_in_russian(client, municipality):
    response = client.post(
        reverse("appeals:new", kwargs={"coate": municipality.coate}).replace("/ky/", "/ru/", 1),
        {"category": category().pk, "text": "", "phone": "0700123456"},
    )
    assert response.status_code == 400
    assert "Напишите, о чём обращение." in response.content.decode()


def test_a_signed_in_resident_needs_no_contact(client, municipality):
    resident = person_make(resident_of=municipality)
    client.force_login(resident)
    response = client.post(
        reverse("appeals:new", kwargs={"coate": municipality.coate}),
        {"category": category().pk, "text": "Суу"},
    )
    assert response.status_code == 200
    assert Appeal.objects.get().appellant.user == resident


def test_tracking_shows_status_history_and_deadline_without_personal_data(client, municipality, staff):
    appeal = appeal_make(municipality, name="Жаныбек Сатаров", phone="+996700987654", email="j@example.org")
    services.appeal_extend(actor=staff, appeal=appeal, reason="Суроо-талап районго жөнөтүлдү")
    response = client.get(reverse("appeals:track_code", kwargs={"code": appeal.code}))
    body = response.content.decode()
    assert response.status_code == 200
    assert appeal.registration_number in body and "Суроо-талап районго жөнөтүлдү" in body
    for private in ("Жаныбек", "987654", "j@example.org", appeal.text):
        assert private not in body


def test_a_code_that_does_not_exist_and_a_malformed_one_get_the_same_answer(client, municipality):
    appeal_make(municipality)
    missing = client.get(reverse("appeals:track_code", kwargs={"code": "ZZZZZZZZZZ"}))
    malformed = client.get(reverse("appeals:track_code", kwargs={"code": "0OIL1-x"}))
    assert missing.status_code == malformed.status_code == 404

    # The pages differ only where they link to themselves (the language switcher repeats the address) and
    # in the masked CSRF token, which is new on every page.
    def same(content: bytes, code: bytes) -> bytes:
        return re.sub(rb"[A-Za-z0-9]{64}", b"", content.replace(code, b"C"))

    assert same(missing.content, b"ZZZZZZZZZZ") == same(malformed.content, b"0OIL1-x")


def test_guessing_codes_is_rate_limited(client, municipality, settings):
    appeal = appeal_make(municipality)
    settings.KENESH_RATES = {**settings.KENESH_RATES, "appeal-track-address": "3/10m"}
    for guess in ("AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC"):
        assert client.get(reverse("appeals:track_code", kwargs={"code": guess})).status_code == 404
    assert client.get(reverse("appeals:track_code", kwargs={"code": appeal.code})).status_code == 429


def test_the_track_form_goes_to_the_codes_page(client, municipality):
    appeal = appeal_make(municipality)
    response = client.get(reverse("appeals:track"), {"code": appeal.code_display.lower()})
    assert response.status_code == 302 and response["Location"].endswith(f"/{appeal.code}/")


def test_one_click_feedback(client, municipality, staff):
    appeal = services.appeal_answer(actor=staff, appeal=appeal_make(municipality), text="Оңдолду")
    url = reverse("appeals:track_code", kwargs={"code": appeal.code})
    assert client.post(url, {"solved": "yes"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.solved is True


def test_the_public_list_shows_text_only_when_agreed(client, municipality):
    appeal_make(municipality, text="Жарыяланбасын", name="Нурбек")
    appeal_make(municipality, text="Жарыялоого макулмун", phone="+996700000777", publish_text=True)
    body = client.get(reverse("appeals:list", kwargs={"coate": municipality.coate})).content.decode()
    assert "Жарыялоого макулмун" in body and "Жарыяланбасын" not in body
    assert "Нурбек" not in body and "000777" not in body


# --- The office.


def test_staff_see_the_inbox_and_answer(client, municipality, staff):
    appeal = appeal_make(municipality)
    office_login(client, staff)
    assert appeal.registration_number in client.get(reverse("appeals:office")).content.decode()
    url = reverse("appeals:office_appeal", kwargs={"appeal_id": appeal.pk})
    assert client.post(url, {"action": "take"}).status_code == 302
    response = client.post(url, {"action": "answer", "answer-text": "Суу берилди"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Status.ANSWERED and appeal.assignee == staff


def test_an_empty_answer_keeps_the_page_and_stores_nothing(client, municipality, staff):
    appeal = appeal_make(municipality)
    office_login(client, staff)
    url = reverse("appeals:office_appeal", kwargs={"appeal_id": appeal.pk})
    response = client.post(url, {"action": "answer", "answer-text": ""})
    assert response.status_code == 400
    appeal.refresh_from_db()
    assert appeal.status == Status.REGISTERED


def test_the_appellant_is_shown_to_the_handler_and_the_head_only(client, municipality, staff, head):
    appeal = appeal_make(municipality, name="Көрүнбөсүн Адам")
    url = reverse("appeals:office_appeal", kwargs={"appeal_id": appeal.pk})
    colleague = person_make(role=Role.STAFF, municipality=municipality)
    office_login(client, colleague)
    assert "Көрүнбөсүн Адам" not in client.get(url).content.decode()
    office_login(client, head)
    assert "Көрүнбөсүн Адам" in client.get(url).content.decode()


def test_staff_of_another_municipality_get_403_and_nothing_changes(client, municipality, outsider):
    appeal = appeal_make(municipality)
    office_login(client, outsider)
    url = reverse("appeals:office_appeal", kwargs={"appeal_id": appeal.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "answer", "answer-text": "x"}).status_code == 403
    assert client.get(reverse("appeals:office_photo", kwargs={"appeal_id": appeal.pk})).status_code == 403
    paper = reverse("appeals:office_paper") + f"?m={municipality.coate}"
    assert client.post(paper, {"text": "x"}).status_code == 403
    settings_url = reverse("appeals:office_settings") + f"?m={municipality.coate}"
    assert client.post(settings_url, {"action": "category", "category-slug": "x"}).status_code == 403
    assert client.get(reverse("appeals:office_calendar")).status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == Status.REGISTERED and not Appeal.objects.exclude(pk=appeal.pk).exists()
    assert appeal.registration_number not in client.get(reverse("appeals:office")).content.decode()


def test_staff_register_a_paper_appeal(client, municipality, staff):
    office_login(client, staff)
    paper = reverse("appeals:office_paper") + f"?m={municipality.coate}"
    response = client.post(
        paper,
        {
            "category": category("roads").pk,
            "text": "Көпүрө кулады",
            "name": "Токтобек",
            "received_on": "2026-12-01",
            "language": "ru",
        },
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.channel == "paper" and str(appeal.received_on) == "2026-12-01" and appeal.language == "ru"
    assert appeal.events.get().actor == staff


def test_staff_extend_redirect_and_configure(client, municipality, staff):
    office_login(client, staff)
    first, second = appeal_make(municipality, text="бир"), appeal_make(municipality, text="эки")
    url = reverse("appeals:office_appeal", kwargs={"appeal_id": first.pk})
    client.post(url, {"action": "extend", "extend-reason": "Эксперттин корутундусу керек"})
    url = reverse("appeals:office_appeal", kwargs={"appeal_id": second.pk})
    client.post(url, {"action": "redirect", "redirect-body": "Райондук билим берүү бөлүмү"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.extended_at is not None and second.status == Status.REDIRECTED
    assert Event.objects.filter(kind=Event.Kind.REDIRECTED, note="Райондук билим берүү бөлүмү").exists()
    settings_url = reverse("appeals:office_settings") + f"?m={municipality.coate}"
    client.post(
        settings_url, {"action": "category", "category-slug": "bridges", "category-name_ky": "Көпүрөлөр"}
    )
    client.post(settings_url, {"action": "head", "head-person": staff.pk})
    assert municipality.appeal_categories.get().slug == "bridges"
    assert municipality.appeal_head.person == staff


def test_the_administrator_keeps_the_calendar(client):
    admin = person_make(role=Role.ADMIN)
    office_login(client, admin)
    url = reverse("appeals:office_calendar")
    response = client.post(
        url, {"action": "add", "kind": "day_off", "date": "2026-12-31", "name_ru": "Перенос"}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"action": "add", "kind": "working_day", "date": "2026-12-30", "name_ru": "Среда"}
    )
    assert response.status_code == 400 and "ишемби же жекшембиге" in response.content.decode()


def test_a_paper_appeal_registered_after_the_registration_term_is_marked(client, municipality, staff):
    import datetime

    from django.utils import timezone

    appeal = appeal_make(
        municipality, channel="paper", received_on=timezone.localdate() - datetime.timedelta(days=20)
    )
    office_login(client, staff)
    body = client.get(
        reverse("appeals:office_appeal", kwargs={"appeal_id": appeal.pk}).replace("/ky/", "/ru/")
    ).content.decode()
    assert "позже срока регистрации" in body
