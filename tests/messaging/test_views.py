"""The back-office outbox page: who may open it, what it shows, and what it costs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.messaging.models import InboundSms, OutboundSms, OutboundStatus
from kenesh.territory.testing import municipality_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def messages():
    reply = OutboundSms.objects.create(to="+996700123456", text="Жооп берилди", status=OutboundStatus.OUTBOX)
    OutboundSms.objects.create(
        to="+996555000111", text="Код: 1234", status=OutboundStatus.FAILED, last_error="HTTP 400: bad"
    )
    InboundSms.objects.create(
        sender="+996700123456", text="VOTE 1", keyword="VOTE", handled=True, reply=reply
    )
    InboundSms.objects.create(sender="+996700999888", text="Салам", keyword="САЛАМ")


def test_url():
    assert reverse("messaging:outbox") == "/ky/office/messages/"


def test_anonymous_is_sent_to_login(client):
    response = client.get("/ky/office/messages/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_resident_without_office_role_is_refused(client):
    client.force_login(person_make(), backend="django.contrib.auth.backends.ModelBackend")

    assert client.get("/ky/office/messages/").status_code == 403


def test_admin_reads_outbox_and_inbox(client, messages, django_assert_max_num_queries):
    office_login(client, person_make(role=Role.ADMIN))

    with django_assert_max_num_queries(12):
        response = client.get("/ru/office/messages/")

    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Жооп берилди", "Код: 1234", "HTTP 400: bad", "VOTE 1", "Салам", "+996700999888"):
        assert text in page
    assert "доставлено в исходящие" in page
    assert "не доставлено" in page


def test_query_count_does_not_grow_with_messages(client, messages, django_assert_max_num_queries):
    office_login(client, person_make(role=Role.ADMIN))
    with django_assert_max_num_queries(12) as few:
        client.get("/ky/office/messages/")
    for number in range(20):
        sent = OutboundSms.objects.create(to="+996700123456", text=f"reply {number}")
        InboundSms.objects.create(sender="+996700123456", text=f"VOTE {number}", reply=sent)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/ky/office/messages/")
    assert "reply 19" in response.content.decode()


def test_staff_read_only_their_own_residents_messages(client, messages):
    ours = municipality_make("41702215810000", "Ак-Суу")
    theirs = municipality_make("41703220820000", "Кара-Суу")
    person_make(resident_of=ours, phone="+996700123456")
    person_make(resident_of=theirs, phone="+996555000111")
    office_login(client, person_make(role=Role.STAFF, municipality=ours))

    page = client.get("/ru/office/messages/").content.decode()

    assert "Жооп берилди" in page and "VOTE 1" in page
    # Another municipality's resident, and a number that belongs to nobody, stay hidden.
    for text in ("Код: 1234", "+996555000111", "Салам", "+996700999888"):
        assert text not in page


def test_a_message_recorded_for_a_municipality_is_read_by_its_staff_only(client):
    """The phone's owner lives in B now; a message about A (their vote there) stays A's."""
    a = municipality_make("41702215810000", "Ак-Суу")
    b = municipality_make("41703220820000", "Кара-Суу")
    person_make(resident_of=b, phone="+996700123456")
    reply = OutboundSms.objects.create(to="+996700123456", text="Receipt for A", municipality=a)
    InboundSms.objects.create(
        sender="+996700123456", text="VOTE", keyword="VOTE", redacted=True, reply=reply, municipality=a
    )
    OutboundSms.objects.create(to="+996700123456", text="Code for the account")

    office_login(client, person_make(role=Role.STAFF, municipality=b))
    page = client.get("/ru/office/messages/").content.decode()
    assert "Receipt for A" not in page and "VOTE" not in page
    assert "Code for the account" in page  # concerns no municipality: the person's current one reads it

    client.logout()
    office_login(client, person_make(role=Role.STAFF, municipality=a))
    page = client.get("/ru/office/messages/").content.decode()
    assert "Receipt for A" in page and "VOTE" in page and "остальное тайно" in page
    assert "Code for the account" not in page
