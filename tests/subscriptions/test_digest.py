"""The weekly portal digest: subscribers opt in and out (also by the email's signed link, without signing
in), one email a week in the subscriber's language with the items published since the last one, never
twice for the same week; queued again for the next Monday."""

import datetime
import zoneinfo

import pytest
from django.core import signing
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kenesh.portal import services as portal
from kenesh.portal.models import PortalHomePage, StoryPage
from kenesh.subscriptions import digest, services, tasks
from kenesh.subscriptions.models import Digest, DigestChoice

pytestmark = pytest.mark.django_db

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")
# A Monday after the subscription starts (paid on the day the test runs).
TODAY = timezone.localdate()
MONDAY = datetime.datetime.combine(
    TODAY + datetime.timedelta(days=7 - TODAY.weekday()),
    datetime.time(9, 0),
    tzinfo=BISHKEK,
)


@pytest.fixture
def reader(admin, citizen):
    """The citizen with an individual subscription paid today, in Russian, with an email address."""
    citizen.email = "reader@kenesh.test"
    citizen.preferred_language = "ru"
    citizen.save()
    invoice = services.invoice_create(actor=citizen, person=citizen)
    services.payment_register(
        actor=admin, invoice_number=invoice.number, amount=invoice.amount, paid_on=invoice.issued_on
    )
    return citizen


def _story(slug: str, title: str, published: datetime.datetime, *, ru: str = "") -> StoryPage:
    page = StoryPage(title=title, slug=slug, summary="Кыскача.")
    item = portal.item_publish(page=page, language="ky")
    if ru:
        item = portal.item_translate(item=item, language="ru", title=ru, summary="Кратко.")
        StoryPage.objects.filter(translation_key=page.translation_key).update(first_published_at=published)
    else:
        StoryPage.objects.filter(pk=item.pk).update(first_published_at=published)
    return item


def _emails() -> list[list]:
    rows = DBTaskResult.objects.filter(task_path="kenesh.messaging.tasks.email_deliver").order_by(
        "enqueued_at"
    )
    return [row.args_kwargs["args"] for row in rows]


def test_a_week_of_items_once_in_the_readers_language(reader, django_capture_on_commit_callbacks):
    services.digest_opt_in(actor=reader)
    _story("old", "Эски окуя", MONDAY - datetime.timedelta(days=9))
    _story("new", "Жаңы окуя", MONDAY - datetime.timedelta(days=2), ru="Новая история")
    _story("kyrgyz-only", "Кыргызча гана", MONDAY - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.digests_send(now=MONDAY) == 1
        # The same week again (a second run, the task and the command): nothing more.
        assert digest.digests_send(now=MONDAY + datetime.timedelta(hours=3)) == 0
        assert not digest.digest_send(user_id=reader.pk, now=MONDAY + datetime.timedelta(days=6))
    [(to, subject, body, _html)] = _emails()
    assert to == ["reader@kenesh.test"]
    assert subject == "Новое на портале знаний за неделю"
    assert "Новая история" in body and "/ru/portal/new/" in body
    assert "Кыргызча гана" in body  # not translated: given in Kyrgyz
    assert "Эски окуя" not in body  # published before the week
    stop = body.split("/subscriptions/digest/stop/")[1].split("/")[0]
    assert digest.digest_token_user(stop) == reader.pk
    assert Digest.objects.get(user=reader).items == 2


def test_the_next_week_lists_what_came_since_the_last_digest(reader, django_capture_on_commit_callbacks):
    services.digest_opt_in(actor=reader)
    _story("first", "Биринчи окуя", MONDAY - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.digests_send(now=MONDAY)
    _story("second", "Экинчи окуя", MONDAY + datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.digests_send(now=MONDAY + datetime.timedelta(days=7)) == 1
        # A week with nothing new: recorded, no email.
        assert digest.digests_send(now=MONDAY + datetime.timedelta(days=14)) == 0
    bodies = [args[2] for args in _emails()]
    assert len(bodies) == 2
    assert "Экинчи окуя" in bodies[1] and "Биринчи окуя" not in bodies[1]
    assert Digest.objects.filter(user=reader).count() == 3


def test_no_digest_without_the_choice_or_after_the_subscription(
    reader, citizen, django_capture_on_commit_callbacks
):
    _story("story", "Окуя", MONDAY - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.digests_send(now=MONDAY) == 0  # not opted in
        services.digest_opt_in(actor=reader)
        assert digest.digests_send(now=MONDAY + datetime.timedelta(days=800)) == 0  # long expired
    assert _emails() == []


def test_opting_in_needs_an_email_address(reader):
    from django.core.exceptions import ValidationError

    reader.email = ""
    reader.save()
    with pytest.raises(ValidationError):
        services.digest_opt_in(actor=reader)
    assert not DigestChoice.objects.exists()


def test_the_page_lets_a_subscriber_opt_in_and_out(client, reader):
    client.force_login(reader)
    page = client.get("/ru/subscriptions/digest/")
    assert page.status_code == 200 and 'value="on"' in page.text
    assert client.post("/ru/subscriptions/digest/", {"digest": "on"}).status_code == 302
    assert DigestChoice.objects.filter(user=reader).exists()
    assert 'value="off"' in client.get("/ru/subscriptions/digest/").text
    assert client.post("/ru/subscriptions/digest/", {"digest": "off"}).status_code == 302
    assert not DigestChoice.objects.exists()
    assert client.post("/ru/subscriptions/digest/", {"digest": "maybe"}).status_code == 400


def test_who_may_opt_in(client, citizen, editor):
    assert client.get("/ru/subscriptions/digest/").status_code == 302  # signing in first
    for person in (citizen, editor):  # not subscribers
        client.force_login(person)
        assert 'value="on"' not in client.get("/ru/subscriptions/digest/").text
        assert client.post("/ru/subscriptions/digest/", {"digest": "on"}).status_code == 403
    assert not DigestChoice.objects.exists()


def test_the_stop_link_works_without_signing_in(client, reader):
    services.digest_opt_in(actor=reader)
    url = f"/ky/subscriptions/digest/stop/{digest.digest_token(reader.pk)}/"
    assert client.get(url).status_code == 200
    assert DigestChoice.objects.exists()  # a GET (a mail scanner) changes nothing
    assert client.post(url).status_code == 200
    assert not DigestChoice.objects.exists()
    forged = signing.Signer(salt="another").sign(str(reader.pk))
    assert client.post(f"/ky/subscriptions/digest/stop/{forged}/").status_code == 404
    assert client.get("/ky/subscriptions/digest/stop/1:nonsense/").status_code == 404


def test_the_weekly_task_queues_itself_for_next_monday_morning():
    tasks.digest_schedule()
    tasks.digest_schedule()
    [queued] = DBTaskResult.objects.filter(task_path="kenesh.subscriptions.tasks.digest_weekly")
    local = queued.run_after.astimezone(BISHKEK)
    assert local.weekday() == 0 and local.hour == 9
    assert digest.next_send_after(MONDAY) == MONDAY + datetime.timedelta(days=7)
    assert digest.next_send_after(MONDAY - datetime.timedelta(minutes=1)) == MONDAY


def test_homes_exist():
    assert PortalHomePage.objects.filter(locale__language_code="ru").exists()
