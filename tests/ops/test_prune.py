"""prune_personal_data deletes what has been kept long enough, and nothing younger."""

import datetime
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from kenesh.accounts.models import PhoneVerification
from kenesh.accounts.testing import person_make
from kenesh.messaging.models import InboundSms, OutboundSms
from kenesh.messaging.services import sms_receive, sms_send

pytestmark = pytest.mark.django_db


def test_old_sms_codes_and_sessions_go_and_recent_ones_stay(settings):
    settings.KENESH_SMS_KEEP_DAYS = 90
    long_ago = timezone.now() - datetime.timedelta(days=91)
    old_in, new_in = (
        sms_receive(sender="+996700000101", text="HELLO"),
        sms_receive(sender="+996700000102", text="HI"),
    )
    InboundSms.objects.filter(pk=old_in.pk).update(received_at=long_ago)
    old_out = sms_send(to="+996700000103", text="old")
    OutboundSms.objects.filter(pk=old_out.pk).update(created_at=long_ago, status="sent")
    person = person_make()
    PhoneVerification.objects.create(
        user=person, phone="+996700000104", code_hash="x", created_at=long_ago, expires_at=long_ago
    )
    expired = SessionStore()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=long_ago)
    out = StringIO()

    call_command("prune_personal_data", stdout=out)

    assert not InboundSms.objects.filter(pk=old_in.pk).exists()
    assert InboundSms.objects.filter(pk=new_in.pk).exists()
    assert not OutboundSms.objects.filter(pk=old_out.pk).exists()
    assert OutboundSms.objects.exists()  # the recent replies
    assert not PhoneVerification.objects.exists()
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert "deleted:" in out.getvalue()
