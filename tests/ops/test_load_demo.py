"""load_demo: every app's demo in order, skipping the apps that have none yet, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kenesh.messaging.models import InboundSms, OutboundSms
from kenesh.ops.demo import DEMO_MODULES, demo_loaders
from kenesh.pb.demo import SMS_THROUGH_GATEWAY


def test_order_is_territory_accounts_messaging():
    assert DEMO_MODULES[:3] == ("kenesh.territory.demo", "kenesh.accounts.demo", "kenesh.messaging.demo")


def test_missing_module_is_skipped_but_a_broken_one_fails(tmp_path, monkeypatch):
    loaders = dict(demo_loaders(("kenesh.messaging.demo", "kenesh.nosuchapp.demo")))
    assert loaders["kenesh.nosuchapp.demo"] is None
    assert callable(loaders["kenesh.messaging.demo"])
    # A demo module that exists but imports something that does not: a bug, not a missing demo.
    (tmp_path / "broken_demo.py").write_text("import kenesh_no_such_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="kenesh_no_such_dependency"):
        demo_loaders(("broken_demo",))


@pytest.mark.django_db(transaction=True)
def test_load_demo_twice_changes_nothing():
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=out, stderr=err)
    counts = (OutboundSms.objects.count(), InboundSms.objects.count())
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())

    # The messaging demo's three exchanges, and the pb demo's SMS ballots cast through the gateway with their
    # replies; the inbox shows a ballot by SMS as it is kept: "VOTE" alone.
    assert counts == (3 + SMS_THROUGH_GATEWAY, 3 + SMS_THROUGH_GATEWAY)
    assert (OutboundSms.objects.count(), InboundSms.objects.count()) == counts
    for module in DEMO_MODULES:
        assert module in out.getvalue() or module in err.getvalue()


@pytest.mark.django_db
def test_load_demo_refuses_a_production_server(settings):
    from django.core.management.base import CommandError

    settings.SECURE = True
    with pytest.raises(CommandError, match="Refusing to load the demo data on a production server"):
        call_command("load_demo", stdout=io.StringIO())
    assert not OutboundSms.objects.exists()
