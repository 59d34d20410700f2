"""Services of monitoring: a visit stored whole or not at all, scores within the scale, photos without EXIF,
answers only by staff of the municipality; and the selectors' timeline and "you said, we did"."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kenesh.audit.models import AuditEntry
from kenesh.monitoring import selectors, services
from kenesh.monitoring.models import (
    ChecklistTemplate,
    Finding,
    MonitoredObject,
    ObjectKind,
    Visit,
    VisitPhoto,
)
from kenesh.pb.photos import MAX_UPLOAD_BYTES
from kenesh.plans.models import GroupMember

pytestmark = pytest.mark.django_db


def _data(obj, day, **fields):
    template = services.template_for(obj)
    questions = list(template.questions.all()) if template else []
    data = services.VisitInput(
        visited_on=day,
        scores={q.pk: 4 for q in questions},
        findings=[services.FindingInput("The pipe leaks at the school.", "Replace the valve.")],
    )
    for name, value in fields.items():
        setattr(data, name, value)
    return data


def test_checklists_are_shipped_as_data():
    water = ChecklistTemplate.objects.get(kind="service", service="drinking_water")
    assert water.questions.count() == 5
    assert ChecklistTemplate.objects.get(kind="pb_project", service="").questions.exists()


def test_object_ensure_by_reference(ours, theirs, project):
    water = services.object_ensure(municipality=ours, ref="service:drinking_water")
    assert water.kind == ObjectKind.SERVICE and water.title
    assert services.object_ensure(municipality=ours, ref="service:drinking_water") == water
    built = services.object_ensure(municipality=ours, ref=f"pb:{project.pk}")
    assert built.pb_project == project and built.progress == 40
    with pytest.raises(ValidationError):
        services.object_ensure(municipality=theirs, ref=f"pb:{project.pk}")
    for wrong in ("service:spaceport", "pb:x", "plan:999999", "", "nothing:1"):
        with pytest.raises(ValidationError):
            services.object_ensure(municipality=ours, ref=wrong)


def test_monitor_records_a_visit_with_a_photo_without_exif(ours, monitor, group, project, yesterday, photo):
    obj = services.object_ensure(municipality=ours, ref=f"pb:{project.pk}")
    members = list(GroupMember.objects.filter(group=group))
    data = _data(obj, yesterday, group=group, members_present=members)
    visit = services.visit_record(actor=monitor, obj=obj, data=data, photos=[photo])
    assert visit.scores.count() == services.template_for(obj).questions.count()
    assert visit.findings.get().recommendation == "Replace the valve."
    assert set(visit.members_present.all()) == set(members)
    stored = VisitPhoto.objects.get(visit=visit)
    with Image.open(stored.image.path) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    assert AuditEntry.objects.filter(action="monitoring.visit.record").count() == 1


@pytest.mark.parametrize("score", [0, 6, 99])
def test_scores_outside_the_scale_store_nothing(ours, monitor, yesterday, score):
    obj = services.object_ensure(municipality=ours, ref="service:drinking_water")
    data = _data(obj, yesterday)
    first = next(iter(data.scores))
    data.scores[first] = score
    with pytest.raises(ValidationError) as caught:
        services.visit_record(actor=monitor, obj=obj, data=data)
    assert "Each score is from 1 to 5." in caught.value.message_dict["scores"]
    assert not Visit.objects.exists() and not Finding.objects.exists()


def test_score_for_a_question_of_another_checklist(ours, monitor, yesterday):
    water = services.object_ensure(municipality=ours, ref="service:drinking_water")
    light = ChecklistTemplate.objects.get(service="street_lighting").questions.first()
    data = _data(water, yesterday)
    data.scores[light.pk] = 3
    with pytest.raises(ValidationError):
        services.visit_record(actor=monitor, obj=water, data=data)
    assert not Visit.objects.exists()


def test_bad_photos_store_nothing(ours, monitor, yesterday, not_a_photo):
    obj = services.object_ensure(municipality=ours, ref="service:drinking_water")
    with pytest.raises(ValidationError) as caught:
        services.visit_record(actor=monitor, obj=obj, data=_data(obj, yesterday), photos=[not_a_photo])
    assert "not a photo" in " ".join(caught.value.message_dict["photos"])
    big = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8" + b"0" * (MAX_UPLOAD_BYTES + 1), content_type="image/jpeg"
    )
    with pytest.raises(ValidationError) as caught:
        services.visit_record(actor=monitor, obj=obj, data=_data(obj, yesterday), photos=[big])
    assert "too large" in " ".join(caught.value.message_dict["photos"])
    assert not Visit.objects.exists() and not VisitPhoto.objects.exists()


def test_dates_and_empty_visits(ours, monitor, today):
    obj = services.object_ensure(municipality=ours, ref="service:waste_collection")
    for day in (None, today + datetime.timedelta(days=1), today - datetime.timedelta(days=400)):
        with pytest.raises(ValidationError) as caught:
            services.visit_record(actor=monitor, obj=obj, data=_data(obj, day))
        assert "visited_on" in caught.value.message_dict
    empty = services.VisitInput(visited_on=today)
    with pytest.raises(ValidationError):
        services.visit_record(actor=monitor, obj=obj, data=empty)
    assert not Visit.objects.exists()


def test_group_and_members_of_another_municipality(ours, theirs, monitor, group, yesterday):
    from kenesh.plans import services as plan_services
    from kenesh.plans.models import GroupKind

    their_plan = plan_services.plan_create(actor=None, municipality=theirs, year=2026)
    their_group = plan_services.group_create(
        actor=None, plan=their_plan, kind=GroupKind.MONITORING, name_ky="Башка топ", name_ru="Чужая группа"
    )
    their_member = plan_services.member_add(actor=None, group=their_group, name="Чужой")
    obj = services.object_ensure(municipality=ours, ref="service:drinking_water")
    with pytest.raises(ValidationError) as caught:
        services.visit_record(
            actor=monitor,
            obj=obj,
            data=_data(obj, yesterday, group=their_group, members_present=[their_member]),
        )
    assert {"group", "members_present"} <= set(caught.value.message_dict)


def test_only_monitors_of_the_municipality_record(ours, staff, their_monitor, monitor, yesterday):
    obj = services.object_ensure(municipality=ours, ref="service:drinking_water")
    for actor in (staff, their_monitor):
        with pytest.raises(PermissionDenied):
            services.visit_record(actor=actor, obj=obj, data=_data(obj, yesterday))
    assert not Visit.objects.exists()


@pytest.fixture
def finding(ours, monitor, yesterday):
    obj = services.object_ensure(municipality=ours, ref="service:drinking_water")
    return services.visit_record(actor=monitor, obj=obj, data=_data(obj, yesterday)).findings.get()


def test_staff_answer_in_public(staff, finding):
    services.finding_answer(actor=staff, finding=finding, text="  The valve is replaced.  ")
    finding.refresh_from_db()
    assert finding.answer == "The valve is replaced." and finding.answered_at is not None
    assert AuditEntry.objects.filter(action="monitoring.finding.answer").exists()


def test_answer_by_staff_of_another_municipality_stores_nothing(their_staff, monitor, finding):
    for actor in (their_staff, monitor):
        with pytest.raises(PermissionDenied):
            services.finding_answer(actor=actor, finding=finding, text="Not yours")
    finding.refresh_from_db()
    assert finding.answer == "" and finding.answered_at is None


def test_empty_answer(staff, finding):
    with pytest.raises(ValidationError):
        services.finding_answer(actor=staff, finding=finding, text="   ")
    finding.refresh_from_db()
    assert finding.answered_at is None


def test_timeline_puts_progress_and_visits_together(ours, monitor, project, yesterday):
    from kenesh.pb.implementation import implementation_update_add

    implementation_update_add(
        actor=None, project=project, text="Poles are up", progress=60, status="in_progress"
    )
    obj = services.object_ensure(municipality=ours, ref=f"pb:{project.pk}")
    services.visit_record(actor=monitor, obj=obj, data=_data(obj, yesterday))
    kinds = [entry.kind for entry in selectors.timeline(ours)]
    assert sorted(kinds) == ["progress", "visit"]
    assert [entry.kind for entry in selectors.timeline(ours, obj)] == kinds


def test_you_said_we_did(ours, plan, priorities, project, monitor, yesterday):
    from kenesh.plans import services as plan_services

    item = plan_services.item_save(
        actor=None,
        plan=plan,
        data=plan_services.ItemInput(
            title_ky="Суу түтүгү",
            title_ru="Водопровод",
            responsible="Айыл өкмөтү",
            deadline=datetime.date(2026, 9, 1),
            priority=priorities["drinking-water"],
            status="in_progress",
            progress=30,
        ),
    )
    plan_services.plan_approve(actor=None, plan=plan, approved_on=yesterday, minutes_ru="Протокол")
    obj = services.object_ensure(municipality=ours, ref=f"pb:{project.pk}")
    services.visit_record(actor=monitor, obj=obj, data=_data(obj, yesterday))
    rows = selectors.you_said_we_did(ours)
    water = [row for row in rows["needs"] if row.decided]
    assert water and f"#item-{item.pk}" in water[0].decided[0].url and water[0].progress == 30
    pb = rows["pb"][0]
    assert pb.progress == 40 and any("Monitoring visits: 1" == link.text for link in pb.done)
    assert MonitoredObject.objects.count() == 1
