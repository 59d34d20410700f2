"""Scheduled publishing, revisions, and uploads: PDF documents only, images validated."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.portal.models import PortalHomePage, StoryPage

pytestmark = pytest.mark.django_db


def test_a_scheduled_revision_queues_publishing_and_goes_live_then(
    django_capture_on_commit_callbacks, client
):
    home = PortalHomePage.objects.get(locale__language_code="ky")
    story = StoryPage(title="Жердештин окуясы", slug="story", summary="Кыскача.", live=False)
    home.add_child(instance=story)
    go_live_at = timezone.now() + datetime.timedelta(hours=1)
    story.go_live_at = go_live_at
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    story.refresh_from_db()
    assert not story.live
    queued = DBTaskResult.objects.get(task_path="kenesh.portal.tasks.portal_publish_scheduled")
    assert queued.run_after == go_live_at
    assert client.get("/ky/portal/story/").status_code == 404
    call_command("publish_scheduled", verbosity=0)
    story.refresh_from_db()
    assert not story.live  # not yet: it is an hour early
    later = go_live_at + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", verbosity=0)
    story.refresh_from_db()
    assert story.live
    assert client.get("/ky/portal/story/").status_code == 200


def test_revisions_are_kept(water):
    water.title = "Жаңы аталыш"
    water.save_revision().publish()
    assert water.revisions.count() >= 2


def test_documents_are_pdf_only(client):
    editor = person_make(role=Role.EDITOR)
    office_login(client, editor)
    response = client.post(
        "/office/portal/documents/add/",
        {
            "title": "Отчет",
            "file": SimpleUploadedFile("report.exe", b"MZ\x90\x00", "application/octet-stream"),
        },
    )
    assert response.status_code == 200
    from wagtail.documents.models import Document

    assert not Document.objects.exists()
    response = client.post(
        "/office/portal/documents/add/",
        {"title": "Отчет", "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
    )
    assert response.status_code == 302
    assert Document.objects.count() == 1


def test_an_image_that_is_not_an_image_is_refused(client):
    editor = person_make(role=Role.EDITOR)
    office_login(client, editor)
    response = client.post(
        "/office/portal/images/add/",
        {"title": "Сүрөт", "file": SimpleUploadedFile("photo.jpg", b"not an image", "image/jpeg")},
    )
    assert response.status_code == 200
    from wagtail.images.models import Image

    assert not Image.objects.exists()
