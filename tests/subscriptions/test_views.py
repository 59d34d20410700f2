"""The pages: who may open what (403 for staff of another municipality), forms that refuse bad input with a
message and keep what was typed, the invoice PDF in both languages, and the whole flow of an LSG body."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from kenesh.accounts.testing import office_login
from kenesh.subscriptions import services
from kenesh.subscriptions.models import Invoice, InvoiceStatus, Payment, Price, Question, Seat, Subscription

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_how_to_page_shows_the_prices(client, admin):
    services.price_set(actor=admin, plan="standard", amount="2700", valid_from=D(2020, 1, 1))
    for language, price in (("ru", "2 700"), ("ky", "2 700")):
        response = client.get(f"/{language}/subscriptions/")
        assert response.status_code == 200
        assert price in response.content.decode().replace("\xa0", " ")


def test_anonymous_people_sign_in_before_asking_for_an_invoice(client):
    for name in ("subscriptions:request", "subscriptions:history", "subscriptions:ask"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_a_person_asks_for_an_invoice_and_downloads_it(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("subscriptions:request"), {"payer": "individual"})
    assert response.status_code == 302 and response["Location"] == reverse("subscriptions:history")
    invoice = Invoice.objects.get()
    page = client.get(reverse("subscriptions:history")).content.decode()
    assert invoice.number in page
    for language in ("ky", "ru"):
        pdf = client.get(reverse("subscriptions:invoice_pdf", args=[invoice.pk]) + f"?lang={language}")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
    # A second request while this one is unpaid: refused with a message, nothing made.
    response = client.post(reverse("subscriptions:request"), {"payer": "individual"})
    assert response.status_code == 400 and "is not paid yet" in response.content.decode()
    assert Invoice.objects.count() == 1


def test_the_invoice_html_carries_the_requisites_in_each_language(citizen, settings):
    from kenesh.subscriptions.pdf import invoice_html

    settings.KENESH_UNION_REQUISITES = {**settings.KENESH_UNION_REQUISITES, "account": "1234567890123456"}
    invoice = services.invoice_create(actor=citizen, person=citizen, issued_on=D(2026, 3, 1))
    ky = invoice_html(invoice, language="ky")
    ru = invoice_html(invoice, language="ru")
    assert "1234567890123456" in ky and "1234567890123456" in ru
    assert 'lang="ky"' in ky and 'lang="ru"' in ru
    assert "2026-0001" in ky and "2 500" in ru.replace("\xa0", " ")


def test_someone_elses_invoice_is_403_and_a_missing_one_404(client, citizen, staff, municipality):
    invoice = services.invoice_create(actor=staff, municipality=municipality)
    client.force_login(citizen)
    assert client.get(reverse("subscriptions:invoice_pdf", args=[invoice.pk])).status_code == 403
    assert client.get(reverse("subscriptions:invoice_pdf", args=[99999])).status_code == 404


def test_the_odd_payer_choice_keeps_the_form(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("subscriptions:request"), {"payer": "41702215810000"})
    assert response.status_code == 400
    assert not Invoice.objects.exists()


def test_staff_ask_for_their_body_invoice_from_the_public_form_after_the_second_factor(
    client, staff, municipality
):
    client.force_login(staff)
    response = client.post(reverse("subscriptions:request"), {"payer": municipality.coate})
    assert response.status_code == 302 and "two-step" in response["Location"]  # the second factor first
    assert not Invoice.objects.exists()
    office_login(client, staff)
    response = client.post(reverse("subscriptions:request"), {"payer": municipality.coate})
    assert response["Location"] == reverse("subscriptions:office_body", args=[municipality.coate])
    assert Invoice.objects.get().subscription.municipality == municipality


def test_the_body_page_for_own_other_and_no_municipality(client, staff, outsider, municipality, deputy):
    url = reverse("subscriptions:office_body", args=[municipality.coate])
    office_login(client, outsider)
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "invoice"}).status_code == 403
    assert not Invoice.objects.exists()
    office_login(client, staff)
    assert client.get(url).status_code == 200
    assert client.get(reverse("subscriptions:office_body", args=["00000000000000"])).status_code == 404
    assert client.post(url, {"action": "nonsense"}).status_code == 404
    deputy_client = Client()
    office_login(deputy_client, deputy)
    assert deputy_client.get(url).status_code == 403


def test_staff_of_another_municipality_cannot_remove_a_seat(
    client, admin, staff, outsider, municipality, deputy
):
    services.dues_record(actor=admin, municipality=municipality, year=2026, amount="1", paid_on=D(2026, 1, 1))
    seat = services.seat_assign(actor=staff, subscription=Subscription.objects.get(), user=deputy)
    office_login(client, outsider)
    url = reverse("subscriptions:office_seat_remove", args=[seat.pk])
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    seat.refresh_from_db()
    assert seat.removed_at is None


def test_an_lsg_body_subscribes_through_an_invoice_and_a_registered_payment(
    client, staff, deputy, admin, municipality
):
    office_login(client, staff)
    url = reverse("subscriptions:office_body", args=[municipality.coate])
    assert client.post(url, {"action": "invoice"}).status_code == 302
    invoice = Invoice.objects.get()
    page = client.get(url).content.decode()
    assert invoice.number in page
    assert client.get(reverse("subscriptions:invoice_pdf", args=[invoice.pk])).status_code == 200
    # Not paid yet: a seat is given, but reads nothing.
    client.post(url, {"action": "seat", "seat-user": deputy.pk})
    assert Seat.objects.filter(user=deputy).exists()
    assert not type(deputy).objects.get(pk=deputy.pk).has_perm("subscriptions.read_subscriber_content")
    # Staff may not register payments.
    assert client.get(reverse("subscriptions:office_payment")).status_code == 403
    admin_client = Client()
    office_login(admin_client, admin)
    payment_url = reverse("subscriptions:office_payment")
    response = admin_client.post(
        payment_url,
        {"invoice_number": "2026-9999", "amount": "2500", "paid_on": "2026-12-01", "reference": "X1"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is no invoice numbered" in body and 'value="2026-9999"' in body and 'value="X1"' in body
    data = {"invoice_number": invoice.number, "amount": "2500", "paid_on": invoice.issued_on.isoformat()}
    assert admin_client.post(payment_url, data).status_code == 302
    response = admin_client.post(payment_url, data)
    assert response.status_code == 400 and "is already paid" in response.content.decode()
    assert Payment.objects.count() == 1
    assert type(deputy).objects.get(pk=deputy.pk).has_perm("subscriptions.read_subscriber_content")
    # The same refusal in the reader's language.
    response = admin_client.post(payment_url.replace("/en/", "/ru/"), data)
    assert f"Счёт {invoice.number} уже оплачен" in response.content.decode()
    response = admin_client.post(payment_url.replace("/en/", "/ky/"), {**data, "invoice_number": "2026-0404"})
    assert "“2026-0404” номерлүү эсеп жок." in response.content.decode()


def test_a_seat_beyond_the_count_is_refused_on_the_page(client, admin, staff, deputy, municipality):
    services.dues_record(actor=admin, municipality=municipality, year=2026, amount="1", paid_on=D(2026, 1, 1))
    subscription = Subscription.objects.get()
    services.seats_set(actor=admin, subscription=subscription, seats=1)
    services.seat_assign(actor=staff, subscription=subscription, user=staff)
    office_login(client, staff)
    url = reverse("subscriptions:office_body", args=[municipality.coate])
    response = client.post(url, {"action": "seat", "seat-user": deputy.pk})
    assert response.status_code == 400
    assert "All 1 seats of the subscription are taken" in response.content.decode()
    # Staff may not change the number of seats.
    assert client.post(url, {"action": "seats", "seats-seats": "5"}).status_code == 403
    subscription.refresh_from_db()
    assert subscription.seats == 1


def test_administrators_pages_and_their_forms(client, admin, staff, municipality):
    office_login(client, admin)
    for name in (
        "office",
        "office_admin",
        "office_dues",
        "office_prices",
        "office_payment",
        "office_questions",
    ):
        assert client.get(reverse(f"subscriptions:{name}")).status_code == 200, name
    response = client.post(
        reverse("subscriptions:office_dues"),
        {"municipality": municipality.pk, "year": "2026", "amount": "-1", "paid_on": "2026-02-01"},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("subscriptions:office_dues"),
        {"municipality": municipality.pk, "year": "2026", "amount": "15000", "paid_on": "2026-02-01"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("subscriptions:office_dues"),
        {"municipality": municipality.pk, "year": "2026", "amount": "15000", "paid_on": "2026-02-01"},
    )
    assert response.status_code == 400 and "already registered" in response.content.decode()
    response = client.post(
        reverse("subscriptions:office_prices"),
        {"plan": "standard", "amount": "3000", "valid_from": "2027-01-01"},
    )
    assert response.status_code == 302 and Price.objects.count() == 1
    response = client.post(
        reverse("subscriptions:office_prices"),
        {"plan": "member", "amount": "3000", "valid_from": "2027-01-01"},
    )
    assert response.status_code == 400
    body = reverse("subscriptions:office_body", args=[municipality.coate])
    assert client.post(body, {"action": "seats", "seats-seats": "12"}).status_code == 302
    assert Subscription.objects.get().seats == 12
    staff_client = Client()
    office_login(staff_client, staff)
    for name in ("office_admin", "office_dues", "office_prices", "office_payment", "office_questions"):
        assert staff_client.get(reverse(f"subscriptions:{name}")).status_code == 403, name
    assert staff_client.get(reverse("subscriptions:office")).status_code == 302  # straight to its body


def test_an_unpaid_invoice_is_cancelled_by_an_administrator(client, admin, citizen):
    invoice = services.invoice_create(actor=citizen, person=citizen)
    office_login(client, admin)
    url = reverse("subscriptions:office_payment")
    assert client.post(url, {"action": "cancel", "invoice": str(invoice.pk)}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.CANCELLED
    assert client.post(url, {"action": "cancel", "invoice": "x"}).status_code == 404


def test_subscribers_ask_and_editors_answer(client, citizen, editor, admin):
    client.force_login(citizen)
    response = client.get(reverse("subscriptions:ask"))
    assert response.status_code == 403 and reverse("subscriptions:how_to") in response.content.decode()
    assert client.post(reverse("subscriptions:ask"), {"text": "Вопрос"}).status_code == 403
    invoice = services.invoice_create(actor=citizen, person=citizen)
    services.payment_register(
        actor=admin, invoice_number=invoice.number, amount=invoice.amount, paid_on=invoice.issued_on
    )
    response = client.post(reverse("subscriptions:ask"), {"text": ""})
    assert response.status_code == 400
    response = client.post(reverse("subscriptions:ask"), {"text": 'Как провести слушания? "OR 1=1 -- 🙂'})
    assert response.status_code == 302
    question = Question.objects.get()
    editor_client = Client()
    office_login(editor_client, editor)
    assert (
        "Как провести слушания?"
        in editor_client.get(reverse("subscriptions:office_questions")).content.decode()
    )
    url = reverse("subscriptions:office_question", args=[question.pk])
    assert editor_client.post(url, {"answer": "  "}).status_code == 400
    assert editor_client.post(url, {"answer": "Так."}).status_code == 302
    assert "Так." in client.get(reverse("subscriptions:ask")).content.decode()
    assert editor_client.get(reverse("subscriptions:office_question", args=[999999])).status_code == 404
    staff_client = Client()
    office_login(staff_client, type(citizen).objects.get(pk=admin.pk))
    assert staff_client.get(url).status_code == 200


def test_questions_and_invoice_requests_are_limited_per_account_and_keep_the_text(
    client, citizen, admin, settings
):
    settings.KENESH_RATES = {**settings.KENESH_RATES, "question-account": "2/h", "invoice-account": "1/h"}
    invoice = services.invoice_create(actor=citizen, person=citizen)
    services.payment_register(
        actor=admin, invoice_number=invoice.number, amount=invoice.amount, paid_on=invoice.issued_on
    )
    client.force_login(citizen)
    for n in range(2):
        assert client.post(reverse("subscriptions:ask"), {"text": f"Вопрос {n}"}).status_code == 302
    response = client.post(reverse("subscriptions:ask"), {"text": "Үчүнчү суроо"})
    assert response.status_code == 429
    assert "Үчүнчү суроо" in response.content.decode()
    assert Question.objects.count() == 2
    client.post(reverse("subscriptions:request"), {"payer": "individual"})
    assert client.post(reverse("subscriptions:request"), {"payer": "individual"}).status_code == 429
