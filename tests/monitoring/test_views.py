"""Pages of monitoring: the public timeline and "you said, we did", the monitor's visit form (a rejected
submission keeps what was typed), the office answers (403 for staff of another municipality), open data."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kenesh.accounts.testing import office_login
from kenesh.monitoring import services
from kenesh.monitoring.models import ChecklistTemplate, Finding, Visit
from tests.monitoring.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def _new_url(ours, ref=""):
    url = reverse("monitoring:visit_new", kwargs={"coate": ours.coate})
    return f"{url}?object={ref}" if ref else url


def _post(ours, ref, day, **extra):
    template = ChecklistTemplate.objects.get(kind="service", service="drinking_water")
    data = {"object": ref, "visited_on": day.isoformat(), "notes": "Water only in the morning"}
    for question in template.questions.all():
        data[f"score_{question.pk}"] = "3"
    data["finding_0"] = "No water in the afternoon on Lenin street"
    data["recommendation_0"] = "Publish the schedule"
    data.update(extra)
    return data


def test_anonymous_is_sent_to_sign_in_and_others_get_403(client, ours, staff, their_monitor):
    response = client.get(_new_url(ours))
    assert response.status_code == 302 and "login" in response["Location"]
    for person in (staff, their_monitor):
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
        assert client.get(_new_url(ours)).status_code == 403
        assert client.post(_new_url(ours), {"object": "service:drinking_water"}).status_code == 403
    assert not Visit.objects.exists()


def test_monitor_chooses_then_records_a_visit_with_a_photo(client, ours, monitor, group, yesterday):
    client.force_login(monitor, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(_new_url(ours)).content.decode()
    assert 'value="service:drinking_water"' in page
    form = client.get(_new_url(ours, "service:drinking_water")).content.decode()
    assert "Water pressure is sufficient" not in form  # English source is not in the template: ky/ru text
    assert 'name="photos"' in form and "monitoring/draft.js" in form
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    data = _post(ours, "service:drinking_water", yesterday, group=str(group.pk), photos=photo)
    response = client.post(_new_url(ours), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    visit = Visit.objects.get()
    assert visit.photos.count() == 1 and visit.findings.count() == 1 and visit.scores.count() == 5
    timeline = client.get(response["Location"]).content.decode()
    assert "No water in the afternoon" in timeline and "data-monitoring-draft-clear" in timeline
    photo_url = reverse("monitoring:photo", kwargs={"coate": ours.coate, "photo_id": visit.photos.get().pk})
    assert client.get(photo_url)["Content-Type"] == "image/jpeg"


def test_a_rejected_visit_keeps_what_was_typed(client, ours, monitor, yesterday):
    client.force_login(monitor, backend="django.contrib.auth.backends.ModelBackend")
    template = ChecklistTemplate.objects.get(service="drinking_water")
    first = template.questions.first()
    data = _post(ours, "service:drinking_water", yesterday, **{f"score_{first.pk}": "9"})
    data["photos"] = SimpleUploadedFile("a.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(_new_url(ours), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Each score is from 1 to 5." in page
    assert "This file is not a photo" in page
    assert "No water in the afternoon on Lenin street" in page and "Publish the schedule" in page
    assert 'value="9"' in page and yesterday.isoformat() in page
    assert not Visit.objects.exists()


def test_messages_in_kyrgyz_and_russian(client, ours, monitor, yesterday):
    client.force_login(monitor, backend="django.contrib.auth.backends.ModelBackend")
    first = ChecklistTemplate.objects.get(service="drinking_water").questions.first()
    data = _post(ours, "service:drinking_water", yesterday, **{f"score_{first.pk}": "0"})
    for language, expected in (("ky", "1 – 5 аралыгында"), ("ru", "от 1 до 5")):
        url = f"/{language}/monitoring/{ours.coate}/visits/new/"
        page = client.post(url, data).content.decode()
        assert expected in page
    assert not Visit.objects.exists()


@pytest.fixture
def finding(ours, monitor, yesterday):
    obj = services.object_ensure(municipality=ours, ref="service:drinking_water")
    data = services.VisitInput(
        visited_on=yesterday, findings=[services.FindingInput("The tap is broken", "Repair it")]
    )
    return services.visit_record(actor=monitor, obj=obj, data=data).findings.get()


def test_staff_answer_and_the_answer_is_public(client, ours, staff, finding):
    office_login(client, staff)
    listing = client.get(reverse("monitoring:office_findings", kwargs={"coate": ours.coate}))
    assert "The tap is broken" in listing.content.decode()
    url = reverse("monitoring:office_answer", kwargs={"finding_id": finding.pk})
    assert client.post(url, {"answer": ""}).status_code == 400
    assert client.post(url, {"answer": "Repaired on Monday"}).status_code == 302
    public = client.get(reverse("monitoring:municipality", kwargs={"coate": ours.coate})).content.decode()
    assert "Repaired on Monday" in public and "Answer of the LSG body" in public


def test_staff_of_another_municipality_cannot_answer(client, ours, their_staff, finding):
    office_login(client, their_staff)
    assert client.get(reverse("monitoring:office_findings", kwargs={"coate": ours.coate})).status_code == 403
    url = reverse("monitoring:office_answer", kwargs={"finding_id": finding.pk})
    assert client.post(url, {"answer": "Not ours"}).status_code == 403
    assert Finding.objects.get().answered_at is None


def test_public_pages(client, ours, finding, project):
    for name in ("municipality", "you_said"):
        response = client.get(reverse(f"monitoring:{name}", kwargs={"coate": ours.coate}))
        assert response.status_code == 200
    obj = finding.visit.object
    response = client.get(reverse("monitoring:object", kwargs={"coate": ours.coate, "object_id": obj.pk}))
    assert "The tap is broken" in response.content.decode()
    assert (
        client.get(reverse("monitoring:municipality", kwargs={"coate": "00000000000000"})).status_code == 404
    )
    assert (
        client.get(reverse("monitoring:object", kwargs={"coate": ours.coate, "object_id": 99999})).status_code
        == 404
    )


def test_the_municipality_page_links_monitoring(client, ours):
    page = client.get(reverse("territory:municipality", kwargs={"coate": ours.coate})).content.decode()
    assert reverse("monitoring:you_said", kwargs={"coate": ours.coate}) in page


def test_open_data_and_api(client, ours, finding, staff):
    services.finding_answer(actor=staff, finding=finding, text="Fixed")
    rows = list(
        csv.DictReader(io.StringIO(client.get(f"/monitoring/data/{ours.coate}/visits.csv").content.decode()))
    )
    assert rows[0]["findings"] == "1" and rows[0]["findings_answered"] == "1"
    assert "recorded_by" not in rows[0]
    found = list(
        csv.DictReader(
            io.StringIO(client.get(f"/monitoring/data/{ours.coate}/findings.csv").content.decode())
        )
    )
    assert found[0]["answer"] == "Fixed"
    data = client.get(f"/monitoring/data/{ours.coate}/visits.json").json()
    assert data["visits"][0]["findings_list"][0]["text"] == "The tap is broken"
    api = client.get(f"/api/monitoring/{ours.coate}/visits").json()
    assert api["visits"][0]["object_kind"] == "service"
    assert client.get(f"/api/monitoring/{ours.coate}/findings").json()[0]["answer"] == "Fixed"
    assert client.get("/api/monitoring/00000000000000/visits").status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/monitoring/{coate}/visits" in schema["paths"]
    text = str(data) + str(api)
    assert staff.email not in text and "Test Person" not in text


def test_office_home_sends_staff_to_their_findings(client, ours, staff):
    office_login(client, staff)
    response = client.get(reverse("monitoring:office"))
    assert response.status_code == 302 and ours.coate in response["Location"]


def test_the_timeline_takes_a_fixed_number_of_queries(
    client, ours, monitor, group, yesterday, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    obj = services.object_ensure(municipality=ours, ref="service:drinking_water")
    members = list(group.members.all())

    def add(count):
        for index in range(count):
            data = services.VisitInput(
                visited_on=yesterday,
                group=group,
                members_present=members,
                findings=[services.FindingInput(f"Finding {index}", "Fix it")],
                notes="n",
            )
            services.visit_record(actor=monitor, obj=obj, data=data)

    url = reverse("monitoring:municipality", kwargs={"coate": ours.coate})
    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(6)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_visits_of_a_hidden_pb_project_are_not_public(client, ours, monitor, project, yesterday):
    obj = services.object_ensure(municipality=ours, ref=f"pb:{project.pk}")
    data = services.VisitInput(visited_on=yesterday, findings=[services.FindingInput("Hidden finding")])
    services.visit_record(actor=monitor, obj=obj, data=data)
    project.proposal.hidden = True
    project.proposal.save(update_fields=["hidden"])
    page = client.get(reverse("monitoring:municipality", kwargs={"coate": ours.coate})).content.decode()
    assert "Hidden finding" not in page
    assert "Hidden finding" not in client.get(f"/monitoring/data/{ours.coate}/findings.csv").content.decode()
    url = reverse("monitoring:object", kwargs={"coate": ours.coate, "object_id": obj.pk})
    assert client.get(url).status_code == 404


def test_the_visit_form_grows_by_a_row_keeping_everything_typed(client, ours, monitor, group, yesterday):
    """Without JavaScript "Add another finding" re-renders the form, one row longer, judged by nothing yet."""
    client.force_login(monitor, backend="django.contrib.auth.backends.ModelBackend")
    first = client.get(_new_url(ours, "service:drinking_water")).content.decode()
    assert 'name="finding_1"' in first and 'name="finding_2"' not in first
    assert 'name="add_finding"' in first and 'id="finding-row-template"' in first
    member = group.members.first()
    data = _post(
        ours,
        "service:drinking_water",
        yesterday,
        finding_rows="2",
        finding_1="Second finding typed",
        recommendation_1="Second recommendation",
        others_present="The head of the aiyl okmotu",
        members_present=[str(member.pk)],
        group=str(group.pk),
        add_finding="1",
        visited_on="",  # not judged yet: no "enter the date" on a row added
        photos=SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg"),
    )
    response = client.post(_new_url(ours), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="finding_2"' in page and 'name="finding_3"' not in page
    assert 'name="finding_rows" value="3"' in page
    for typed in (
        "No water in the afternoon on Lenin street",
        "Publish the schedule",
        "Second finding typed",
        "Second recommendation",
        "The head of the aiyl okmotu",
        "Water only in the morning",
    ):
        assert typed in page
    assert re.search(rf'name="members_present" value="{member.pk}"[^>]*checked', page)
    assert re.search(rf'<option value="{group.pk}" selected>', page)
    assert "errorlist" not in page and "Enter the date of the visit." not in page
    assert "Choose the photos again: everything else you typed is kept." in page
    assert not Visit.objects.exists()


def test_a_visit_takes_ten_findings_and_no_row_is_lost(client, ours, monitor, yesterday):
    client.force_login(monitor, backend="django.contrib.auth.backends.ModelBackend")
    data = _post(ours, "service:drinking_water", yesterday, finding_rows="1")  # the count says 1: rows say 10
    for index in range(10):
        data[f"finding_{index}"] = f"Finding number {index + 1}"
    data["finding_rows"] = "9"
    grown = client.post(_new_url(ours), {**data, "add_finding": "1"}).content.decode()
    assert 'name="finding_9"' in grown and 'name="add_finding"' not in grown
    assert "At most 10 findings in one visit." in grown
    assert client.post(_new_url(ours), {**data, "add_finding": "1", "finding_rows": "99"}).status_code == 200
    response = client.post(_new_url(ours), {**data, "finding_rows": "1"})
    assert response.status_code == 302
    recorded = [f.text for f in Visit.objects.get().findings.all()]
    assert recorded == [f"Finding number {n}" for n in range(1, 11)]


def test_a_rejected_visit_keeps_the_rows_beyond_the_first(client, ours, monitor, yesterday):
    client.force_login(monitor, backend="django.contrib.auth.backends.ModelBackend")
    data = _post(ours, "service:drinking_water", yesterday, finding_rows="2", visited_on="2000-01-01")
    data["finding_6"] = "A seventh finding, typed though the count says two"
    data["recommendation_6"] = "Its recommendation"
    response = client.post(_new_url(ours), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "A seventh finding, typed though the count says two" in page and "Its recommendation" in page
    assert 'name="finding_rows" value="7"' in page
    assert not Visit.objects.exists()
