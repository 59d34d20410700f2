"""Implementation: winners become projects on publishing; staff report progress with photos; all audited."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.models import AuditEntry
from kenesh.pb.models import ImplementationProject, ImplementationStatus, ImplementationUpdate
from kenesh.pb.result_services import result_publish
from tests.pb.test_counting import counted_process, municipality_new

pytestmark = pytest.mark.django_db


def _photo_with_gps() -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (42.0, 30.0, 0.0)}  # GPS latitude
    data = io.BytesIO()
    image.save(data, format="JPEG", exif=exif)
    return SimpleUploadedFile("site.jpg", data.getvalue(), content_type="image/jpeg")


def _published():
    process, result = counted_process()
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    result_publish(actor=staff, result=result)
    return process, result, staff


def test_publishing_makes_each_winner_a_project_with_the_budget_line():
    process, result = counted_process()
    process.budget_year, process.budget_line_key = 2027, "expenditure:0451"
    process.save()
    result_publish(actor=person_make(role=Role.STAFF, municipality=process.municipality), result=result)
    projects = list(ImplementationProject.objects.filter(result=result).order_by("proposal__number"))
    assert [p.proposal.number for p in projects] == [1, 3]
    assert {(p.status, p.progress, p.budget_year, p.budget_line_key) for p in projects} == {
        (ImplementationStatus.PLANNED, 0, 2027, "expenditure:0451")
    }


def test_the_public_pages_list_projects_and_show_one(client, django_assert_max_num_queries):
    process, result, _ = _published()
    response = client.get(reverse("pb:implementation", kwargs={"process_id": process.pk}))
    assert response.status_code == 200
    project = ImplementationProject.objects.filter(result=result).first()
    with django_assert_max_num_queries(8):
        detail = client.get(reverse("pb:implementation_project", kwargs={"project_id": project.pk}))
    assert detail.status_code == 200
    assert project.proposal.title_ky in detail.content.decode()


def test_staff_report_progress_with_a_photo_stripped_of_its_location(client):
    _process, result, staff = _published()
    project = ImplementationProject.objects.filter(result=result).first()
    office_login(client, staff)
    url = reverse("pb:office_implementation", kwargs={"project_id": project.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "text": "Түтүктөр коюлду.",
            "status": ImplementationStatus.IN_PROGRESS,
            "progress": 40,
            "photo": _photo_with_gps(),
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.progress) == (ImplementationStatus.IN_PROGRESS, 40)
    update = ImplementationUpdate.objects.get(project=project)
    assert update.author == staff
    with Image.open(update.photo.path) as stored:
        assert not stored.getexif()
    entry = AuditEntry.objects.get(action="pb.implementation.update")
    assert entry.changes["progress"] == {"before": 0, "after": 40}
    page = client.get(
        reverse("pb:implementation_project", kwargs={"project_id": project.pk})
    ).content.decode()
    photo_url = reverse("pb:implementation_photo", kwargs={"project_id": project.pk, "update_id": update.pk})
    assert "Түтүктөр коюлду." in page and photo_url in page and update.photo.url not in page


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(client):
    _process, result, staff = _published()
    project = ImplementationProject.objects.filter(result=result).first()
    office_login(client, staff)
    url = reverse("pb:office_implementation", kwargs={"project_id": project.pk})
    fake = SimpleUploadedFile("site.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post(
        url, {"text": "Иш жүрүп жатат", "status": "in_progress", "progress": 10, "photo": fake}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert response.context["form"]["text"].value() == "Иш жүрүп жатат"  # what was typed is kept
    project.refresh_from_db()
    assert (project.status, project.progress) == (ImplementationStatus.PLANNED, 0)
    assert not ImplementationUpdate.objects.exists()
    assert not AuditEntry.objects.filter(action="pb.implementation.update").exists()


def test_only_the_municipalitys_staff_report_progress(client):
    _process, result, _ = _published()
    project = ImplementationProject.objects.filter(result=result).first()
    office_login(client, person_make(role=Role.STAFF, municipality=municipality_new()))
    url = reverse("pb:office_implementation", kwargs={"project_id": project.pk})
    assert client.post(url, {"text": "x", "status": "done", "progress": 100}).status_code == 403
    client.logout()
    assert client.post(url, {"text": "x", "status": "done", "progress": 100}).status_code == 302  # to login
    assert not ImplementationUpdate.objects.exists()


def _project_with_photo(client, staff, project):
    office_login(client, staff)
    client.post(
        reverse("pb:office_implementation", kwargs={"project_id": project.pk}),
        {
            "text": "Фото",
            "status": ImplementationStatus.IN_PROGRESS,
            "progress": 10,
            "photo": _photo_with_gps(),
        },
    )
    client.logout()
    update = ImplementationUpdate.objects.get(project=project)
    return reverse("pb:implementation_photo", kwargs={"project_id": project.pk, "update_id": update.pk})


def test_implementation_photos_are_served_by_the_app_and_hidden_with_their_project(client):
    _process, result, staff = _published()
    project, other = ImplementationProject.objects.filter(result=result).order_by("proposal__number")[:2]
    url = _project_with_photo(client, staff, project)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as served:
        assert not served.getexif()  # the stored, re-encoded file: no camera or location data
    # The photo of one project is not reachable through another project's address.
    update_id = ImplementationUpdate.objects.get(project=project).pk
    wrong = reverse("pb:implementation_photo", kwargs={"project_id": other.pk, "update_id": update_id})
    assert client.get(wrong).status_code == 404
    # Moderation hides the project: its page and photos are gone for the public, kept for its staff.
    project.proposal.hidden = True
    project.proposal.save(update_fields=["hidden"])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("pb:implementation_project", kwargs={"project_id": project.pk})).status_code == 404
    )
    listing = client.get(reverse("pb:implementation", kwargs={"process_id": project.proposal.process_id}))
    assert project.proposal.title_ky not in listing.content.decode()
    office_login(client, staff)
    seen = client.get(url)
    assert seen.status_code == 200 and seen["Cache-Control"] == "private, max-age=3600"


def test_an_update_without_a_photo_has_none_to_serve(client):
    _process, result, staff = _published()
    project = ImplementationProject.objects.filter(result=result).first()
    office_login(client, staff)
    client.post(
        reverse("pb:office_implementation", kwargs={"project_id": project.pk}),
        {"text": "Без фото", "status": ImplementationStatus.IN_PROGRESS, "progress": 5},
    )
    update = ImplementationUpdate.objects.get(project=project)
    url = reverse("pb:implementation_photo", kwargs={"project_id": project.pk, "update_id": update.pk})
    assert client.get(url).status_code == 404
