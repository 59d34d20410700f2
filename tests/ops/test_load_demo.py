"""load_demo: every app's demo in order, skipping the apps that have none yet, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kenesh.appeals.demo import SMS_THROUGH_GATEWAY as APPEAL_SMS
from kenesh.messaging.models import InboundSms, OutboundSms
from kenesh.ops.demo import demo_loaders, demo_logins, demo_modules
from kenesh.pb.demo import SMS_THROUGH_GATEWAY


def test_the_apps_register_their_demos_lower_layers_first():
    # Registered by each app's AppConfig.ready() in INSTALLED_APPS order: kenesh.ops names no app.
    assert demo_modules() == (
        "kenesh.territory.demo",
        "kenesh.accounts.demo",
        "kenesh.messaging.demo",
        "kenesh.budgets.demo",
        "kenesh.pb.demo",
        "kenesh.needs.demo",
        "kenesh.plans.demo",
        "kenesh.hearings.demo",
        "kenesh.surveys.demo",
        "kenesh.subscriptions.demo",
        "kenesh.appeals.demo",
        "kenesh.monitoring.demo",
        "kenesh.portal.demo",
        "kenesh.portraits.demo",
    )


def test_an_app_without_a_demo_is_skipped_and_the_people_app_gives_the_logins():
    loaders = dict(demo_loaders(("kenesh.messaging.demo", "kenesh.nosuchapp.demo")))
    assert loaders["kenesh.nosuchapp.demo"] is None
    assert callable(loaders["kenesh.messaging.demo"])
    assert any(login[0] == "verified citizen" for login in demo_logins())


@pytest.mark.django_db(transaction=True)
def test_load_demo_twice_changes_nothing():
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=out, stderr=err)
    counts = (OutboundSms.objects.count(), InboundSms.objects.count())
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())

    # The messaging demo's three exchanges, and the pb demo's SMS ballots cast through the gateway with their
    # replies; the inbox shows a ballot by SMS as it is kept: "VOTE" alone. The hearings demo adds the notice
    # of a hearing that a subscribed resident got; the appeals demo's SMS appeal is answered with its number,
    # code and link.
    sms = 3 + SMS_THROUGH_GATEWAY + APPEAL_SMS
    assert counts == (sms + 1, sms)
    assert (OutboundSms.objects.count(), InboundSms.objects.count()) == counts
    for module in demo_modules():
        assert module in out.getvalue() or module in err.getvalue()


@pytest.mark.django_db
def test_load_demo_refuses_a_production_server(settings):
    from django.core.management.base import CommandError

    settings.SECURE = True
    with pytest.raises(CommandError, match="Refusing to load the demo data on a production server"):
        call_command("load_demo", stdout=io.StringIO())
    assert not OutboundSms.objects.exists()
