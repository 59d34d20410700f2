"""The inbound webhook: the shared secret, keyword dispatch, replies and help, repeated deliveries."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from kenesh.messaging import demo, inbound
from kenesh.messaging.inbound import keyword_of, register_keyword, text_to_store
from kenesh.messaging.models import InboundSms, OutboundSms

pytestmark = pytest.mark.django_db

SECRET = "webhook-secret-for-tests"
URL = "/sms/inbound/"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.KENESH_SMS_WEBHOOK_SECRET = SECRET


def _post(client, payload, secret=SECRET, as_json=True):
    headers = {"HTTP_X_KENESH_SECRET": secret} if secret is not None else {}
    if as_json:
        return client.post(URL, json.dumps(payload), content_type="application/json", **headers)
    return client.post(URL, payload, **headers)


def _vote(message: InboundSms, text: str) -> str:
    return f"Добуш кабыл алынды: {text.split()[1]}"


def test_url_is_unprefixed():
    assert reverse("sms:inbound") == URL


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x"])
def test_wrong_or_missing_secret_is_refused(client, secret):
    response = _post(client, {"from": "+996700123456", "text": "VOTE 3"}, secret=secret)

    assert response.status_code == 403
    assert not InboundSms.objects.exists()


def test_without_a_configured_secret_everything_is_refused(client, settings):
    settings.KENESH_SMS_WEBHOOK_SECRET = ""

    assert _post(client, {"from": "+996700123456", "text": "x"}, secret="").status_code == 403
    assert not InboundSms.objects.exists()


def test_only_post_is_accepted(client):
    assert client.get(URL, HTTP_X_KENESH_SECRET=SECRET).status_code == 405


def test_keyword_handler_answers_with_an_sms(client, keywords, django_capture_on_commit_callbacks):
    register_keyword("ktest", _vote)
    keywords.append("KTEST")

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, {"from": "996700123456", "text": "Ktest 12", "reference": "op-in-1"})

    message = InboundSms.objects.get()
    assert response.status_code == 200
    assert response.json() == {"id": message.pk, "handled": True}
    assert (message.sender, message.keyword, message.handled, message.gateway_reference) == (
        "+996700123456",
        "KTEST",
        True,
        "op-in-1",
    )
    reply = OutboundSms.objects.get()
    assert message.reply == reply
    assert (reply.to, reply.text) == ("+996700123456", "Добуш кабыл алынды: 12")


def test_form_encoded_payload_is_accepted(client, keywords):
    register_keyword("KTEST", _vote)
    keywords.append("KTEST")

    response = _post(client, {"from": "+996700123456", "text": "KTEST 5"}, as_json=False)

    assert response.status_code == 200
    assert OutboundSms.objects.get().text == "Добуш кабыл алынды: 5"


def test_unknown_keyword_gets_help_in_kyrgyz_and_russian(client, keywords):
    register_keyword("KTEST", _vote)
    keywords.append("KTEST")

    response = _post(client, {"from": "+996555123456", "text": "ЭМНЕБУЛ 1"})

    message = InboundSms.objects.get()
    assert response.json()["handled"] is False
    assert not message.handled
    kyrgyz, russian = message.reply.text.split("\n")
    assert kyrgyz.startswith("Белгисиз буйрук. Булардын бирин жөнөтүңүз: ")
    assert russian.startswith("Неизвестная команда. Отправьте одну из: ")
    assert "KTEST" in kyrgyz
    assert "KTEST" in russian


def test_a_repeated_delivery_is_stored_and_answered_once(client, keywords):
    register_keyword("KTEST", _vote)
    keywords.append("KTEST")
    payload = {"from": "+996700123456", "text": "KTEST 1", "reference": "op-in-9"}

    first = _post(client, payload)
    second = _post(client, payload)

    assert first.json() == second.json()
    assert InboundSms.objects.count() == 1
    assert OutboundSms.objects.count() == 1


def test_failing_handler_leaves_the_message_unhandled(client, keywords):
    def broken(message: InboundSms, text: str) -> str:
        raise RuntimeError("bug in a handler")

    register_keyword("BROKEN", broken)
    keywords.append("BROKEN")

    response = _post(client, {"from": "+996700123456", "text": "broken"})

    assert response.status_code == 200
    message = InboundSms.objects.get()
    assert (message.handled, message.reply) == (False, None)
    assert not OutboundSms.objects.exists()


def test_sender_that_cannot_be_answered_is_still_stored(client, keywords):
    register_keyword("KTEST", _vote)
    keywords.append("KTEST")

    response = _post(client, {"from": "BEELINE", "text": "KTEST 1"})

    assert response.status_code == 200
    message = InboundSms.objects.get()
    assert (message.handled, message.reply) == (True, None)


def test_missing_sender_is_a_bad_request(client):
    assert _post(client, {"text": "KTEST 1"}).status_code == 400


def test_keyword_registry_rules(keywords):
    register_keyword("КТЕСТ", _vote)
    keywords.append("КТЕСТ")
    register_keyword("ктест", _vote)  # the same handler again is harmless

    with pytest.raises(ValueError, match="already has a handler"):
        register_keyword("Ктест", lambda message, text: None)
    with pytest.raises(ValueError, match="one word"):
        register_keyword("two words", _vote)
    assert inbound.handler_for("КТЕСТ") is _vote
    assert "КТЕСТ" in inbound.registered_keywords()


@pytest.mark.parametrize(
    ("text", "keyword"),
    [("vote 12", "VOTE"), ("  Добуш, 3", "ДОБУШ"), ("HELP!", "HELP"), ("", ""), ("   ", "")],
)
def test_keyword_is_the_first_word(text, keyword):
    assert keyword_of(text) == keyword


def _secret_ballot(message: InboundSms, text: str) -> str:
    return f"Кабыл алынды ({len(text.split()) - 1})"


def test_a_secret_keyword_keeps_only_the_keyword(client, keywords, caplog):
    """A ballot by SMS: the handler reads every word, the inbox and the logs keep none but the keyword."""
    register_keyword("ksecret", _secret_ballot, secret=True)
    keywords.append("KSECRET")
    caplog.set_level(logging.DEBUG)

    response = _post(
        client, {"from": "+996700123456", "text": "ksecret zebra quartz 53", "reference": "op-in-7"}
    )

    assert response.status_code == 200
    message = InboundSms.objects.get()
    assert (message.text, message.keyword, message.redacted, message.handled) == (
        "KSECRET",
        "KSECRET",
        True,
        True,
    )
    assert message.reply.text == "Кабыл алынды (3)"
    logged = " ".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "zebra" not in logged and "quartz" not in logged
    # A first word that only begins with the keyword is no command, but its text is kept no more.
    for typo in ("KSECRET3 zebra", "ksecret,zebra,quartz"):
        response = _post(client, {"from": "+996700123456", "text": typo})
        assert response.json()["handled"] is False
        stored = InboundSms.objects.get(pk=response.json()["id"])
        assert (stored.text, stored.keyword, stored.redacted) == ("KSECRET", "KSECRET", True)
        assert stored.reply.text.startswith("Белгисиз буйрук")
    # An ordinary keyword is kept as it came.
    register_keyword("KTEST", _vote)
    keywords.append("KTEST")
    _post(client, {"from": "+996700123456", "text": "KTEST 47"})
    assert InboundSms.objects.get(keyword="KTEST").text == "KTEST 47"


def test_a_failing_secret_handler_logs_no_text(client, keywords, caplog):
    def broken(message: InboundSms, text: str) -> str:
        raise ValueError(f"cannot read {text!r}")

    register_keyword("KSECRET", broken, secret=True)
    keywords.append("KSECRET")
    caplog.set_level(logging.DEBUG)

    response = _post(client, {"from": "+996700123456", "text": "KSECRET zebra quartz"})

    assert response.status_code == 200
    assert InboundSms.objects.get().text == "KSECRET"
    failures = [record for record in caplog.records if record.getMessage() == "SMS handler failed"]
    assert failures and failures[0].error == "ValueError" and "broken" in failures[0].trace
    for record in caplog.records:
        assert "zebra" not in f"{record.getMessage()} {record.__dict__} {record.exc_text or ''}"


def test_the_demo_inbox_keeps_no_ballot(keywords):
    register_keyword("KSECRET", _secret_ballot, secret=True)
    keywords.append("KSECRET")

    assert text_to_store("ksecret 3 7 12") == ("KSECRET", "KSECRET", True)
    assert text_to_store("Салам 3") == ("Салам 3", "САЛАМ", False)
    demo.load_demo()
    for message in InboundSms.objects.filter(keyword="VOTE"):
        assert (message.text, message.redacted) == ("VOTE", True)
    assert InboundSms.objects.filter(keyword="VOTE").exists()
