"""Fixtures of the monitoring tests: the plans ones, a monitoring group with members, a PB project being
built, a monitor and staff of our municipality, staff of another, and photos."""

# ruff: noqa: F811  (the plans fixtures are imported, then used by the fixtures below)

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.pb.models import ImplementationProject, Result
from kenesh.pb.testing import process_make, proposal_make
from kenesh.plans import services as plan_services
from kenesh.plans.models import GroupKind
from tests.plans.conftest import (  # noqa: F401
    _in_english,
    campaign,
    ours,
    plan,
    priorities,
    staff,
    their_staff,
    their_village,
    theirs,
    villages,
)


@pytest.fixture
def monitor(ours):
    return person_make(role=Role.MONITOR, municipality=ours, resident_of=ours, password="monitor-pass-1")


@pytest.fixture
def their_monitor(theirs):
    return person_make(role=Role.MONITOR, municipality=theirs, resident_of=theirs)


@pytest.fixture
def group(plan, monitor):
    found = plan_services.group_create(
        actor=None,
        plan=plan,
        kind=GroupKind.MONITORING,
        name_ky="Мониторинг тобу",
        name_ru="Группа мониторинга",
    )
    plan_services.member_add(actor=None, group=found, user=monitor, role="төрайым")
    plan_services.member_add(actor=None, group=found, name="Бакыт Жумабеков")
    return found


@pytest.fixture
def project(ours):
    process = process_make(ours)
    proposal = proposal_make(process, title_ky="Көчө жарыгы", title_ru="Уличный свет")
    result = Result.objects.create(process=process, rule=process.rule, published_at=timezone.now())
    return ImplementationProject.objects.create(proposal=proposal, result=result, progress=40)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def yesterday(today):
    return today - datetime.timedelta(days=1)


def jpeg_bytes(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "green")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


@pytest.fixture
def photo():
    return SimpleUploadedFile("visit.jpg", jpeg_bytes(), content_type="image/jpeg")


@pytest.fixture
def not_a_photo():
    return SimpleUploadedFile("visit.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
