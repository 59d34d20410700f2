"""Open data and the API: anonymised appeals, one appeal's status by code, the figures; and the privacy scan
over every public page, export, API answer and log line."""

import json
import logging

import pytest
from django.urls import reverse

from kenesh.appeals import services
from kenesh.appeals.testing import appeal_make

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL, ADDRESS = (
    "Жеке Адамбек Уулу",
    "+996700424242",
    "private.person@example.org",
    "Гүлдөр көчөсү 7",
)
SECRET_TEXT = "Бул текст жарыяланбасын-7731"


@pytest.fixture
def appeals(municipality, staff, head):
    private = appeal_make(municipality, text=SECRET_TEXT, name=NAME, phone=PHONE, email=EMAIL)
    public = appeal_make(municipality, text="Жарыялоого болот", phone=PHONE, publish_text=True, slug="roads")
    services.appeal_answer(actor=staff, appeal=public, text="Жол оңдолду")
    paper = services.appeal_submit(
        municipality=municipality,
        channel="paper",
        text="Кагаз",
        category=private.category,
        contact=services.Contact(name=NAME, address=ADDRESS),
        actor=staff,
    ).appeal
    return private, public, paper


def test_the_api_lists_anonymised_appeals(client, appeals, municipality):
    response = client.get("/api/appeals/", {"coate": municipality.coate})
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 3
    texts = {item["text"] for item in items}
    assert "Жарыялоого болот" in texts and SECRET_TEXT not in texts


def test_the_api_gives_one_status_by_code_and_the_same_404_for_unknown_and_malformed(client, appeals):
    private = appeals[0]
    response = client.get(f"/api/appeals/status/{private.code}")
    assert response.status_code == 200
    assert response.json()["registration_number"] == private.registration_number
    assert response.json()["history"][0]["kind"] == "registered"
    unknown = client.get("/api/appeals/status/ZZZZZZZZZZ")
    malformed = client.get("/api/appeals/status/%21%21")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.content == malformed.content


def test_the_api_status_is_rate_limited(client, appeals, settings):
    settings.KENESH_RATES = {**settings.KENESH_RATES, "appeal-track-address": "2/10m"}
    client.get("/api/appeals/status/AAAAAAAAAA")
    client.get("/api/appeals/status/BBBBBBBBBB")
    assert client.get(f"/api/appeals/status/{appeals[0].code}").status_code == 429


def test_the_openapi_document_has_the_appeals(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/appeals/status/{code}" in paths and "/api/appeals/figures" in paths


def test_csv_and_json_downloads(client, appeals):
    csv_text = client.get(reverse("appeals_data:appeals_csv")).content.decode()
    assert csv_text.startswith("municipality_coate,registration_number") and csv_text.count("\n") == 4
    figures = json.loads(client.get(reverse("appeals_data:figures_json")).content)
    assert figures["municipalities"][0]["appeals"] == 3


def test_personal_data_appears_in_no_public_page_export_api_answer_or_log(
    client, appeals, municipality, caplog
):
    """The scan: every public address of appeals, read as anyone, and every log line written meanwhile."""
    caplog.set_level(logging.DEBUG)
    coate = municipality.coate
    urls = [
        reverse("appeals:index"),
        reverse("appeals:list", kwargs={"coate": coate}),
        reverse("appeals:list", kwargs={"coate": coate}) + "?status=answered",
        reverse("appeals:figures", kwargs={"coate": coate}),
        reverse("appeals:national"),
        reverse("appeals:new", kwargs={"coate": coate}),
        reverse("appeals:track"),
        *[reverse("appeals:track_code", kwargs={"code": appeal.code}) for appeal in appeals],
        reverse("appeals_data:appeals_csv"),
        reverse("appeals_data:appeals_json"),
        reverse("appeals_data:figures_csv"),
        reverse("appeals_data:figures_json"),
        "/api/appeals/",
        "/api/appeals/figures",
        *[f"/api/appeals/status/{appeal.code}" for appeal in appeals],
        "/api/openapi.json",
    ]
    # The same appeal sent again (a duplicate) and by SMS also write logs.
    from kenesh.messaging.services import sms_receive

    sms_receive(sender=PHONE, text=f"ARYZ {municipality.name_ky} {SECRET_TEXT}")
    for language in ("ky", "ru"):
        for url in urls:
            address = url.replace("/ky/", f"/{language}/", 1)
            response = client.get(address)
            assert response.status_code == 200, address
            body = response.content.decode()
            for private_value in (NAME, PHONE, PHONE[4:], EMAIL, ADDRESS, SECRET_TEXT):
                assert private_value not in body, (address, private_value)
    logged = "\n".join(record.getMessage() + str(record.__dict__) for record in caplog.records)
    for private_value in (NAME, PHONE, EMAIL, ADDRESS, SECRET_TEXT):
        assert private_value not in logged
