"""The demo: a year of appeals in the demo municipalities over the three channels, some overdue, one
extended; today's three through the real paths."""

import pytest

from kenesh.appeals import demo
from kenesh.appeals.models import Appeal, Channel
from kenesh.messaging.models import InboundSms
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load()
    demo.load_demo()
    count = Appeal.objects.count()
    demo.load_demo()
    assert Appeal.objects.count() == count == 3 * demo.PER_MUNICIPALITY + 3
    assert set(Appeal.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert Appeal.objects.filter(overdue_at__isnull=False, status__in=["registered", "in_progress"]).exists()
    assert Appeal.objects.filter(extended_at__isnull=False).count() == 1
    assert Appeal.objects.filter(on_time=False).exists() and Appeal.objects.filter(on_time=True).exists()
    assert InboundSms.objects.filter(keyword="ARYZ").exists()
    assert client.get(f"/ky/appeals/track/{demo.DEMO_CODE}/").status_code == 200
    assert client.get("/ru/appeals/national/").status_code == 200
