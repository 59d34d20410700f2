"""The checklist editor: administrators (only) create and change the national checklist templates in the
office; once a visit used a template its kind, service and scale stay, and a scored question keeps its
wording (it is retired and a new one added), so every recorded score keeps its meaning. Atomic, audited; a
rejected form keeps what was typed; "add another question" works without JavaScript."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.models import AuditEntry
from kenesh.monitoring import selectors, services
from kenesh.monitoring.forms import VisitForm
from kenesh.monitoring.models import ChecklistQuestion, ChecklistTemplate, Score

pytestmark = pytest.mark.django_db

LIST = "monitoring:office_checklists"
NEW = "monitoring:office_checklist_new"


@pytest.fixture
def admin():
    return person_make(role=Role.ADMIN)


def _input(**fields):
    data = services.ChecklistInput(
        kind="service",
        service="school",
        name_ky="Мектеп: текшерүү баракчасы",
        name_ru="Школа: чек-лист",
        scale_min=1,
        scale_max=5,
        questions=[
            services.QuestionInput("Класстар жылуубу", "В классах тепло"),
            services.QuestionInput("Ичүүчү суу барбы", "Есть питьевая вода"),
        ],
    )
    for name, value in fields.items():
        setattr(data, name, value)
    return data


def _as_input(template, **fields):
    """The template as the editor would submit it unchanged."""
    data = services.ChecklistInput(
        kind=template.kind,
        service=template.service,
        name_ky=template.name_ky,
        name_ru=template.name_ru,
        scale_min=template.scale_min,
        scale_max=template.scale_max,
        questions=[
            services.QuestionInput(
                q.text_ky, q.text_ru, q.sort_order, retired=q.retired_at is not None, pk=q.pk
            )
            for q in template.questions.order_by("sort_order", "id")
        ],
    )
    for name, value in fields.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def water_scored(ours, monitor, yesterday):
    """The drinking-water checklist after a visit scored its first two questions."""
    template = ChecklistTemplate.objects.get(kind="service", service="drinking_water")
    first, second = list(template.questions.order_by("sort_order", "id"))[:2]
    obj = services.object_ensure(municipality=ours, ref="service:drinking_water")
    data = services.VisitInput(visited_on=yesterday, scores={first.pk: 2, second.pk: 4})
    services.visit_record(actor=monitor, obj=obj, data=data)
    return template


# --- Services -----------------------------------------------------------------------------------------------


def test_an_administrator_creates_a_checklist_audited(admin):
    template = services.checklist_save(actor=admin, data=_input())
    assert (template.kind, template.service, template.name_ru) == ("service", "school", "Школа: чек-лист")
    asked = [q.text_ru for q in services.questions_asked(template)]
    assert asked == ["В классах тепло", "Есть питьевая вода"]
    entry = AuditEntry.objects.get(action="monitoring.checklist.create")
    assert entry.actor == admin and entry.target_id == str(template.pk)
    assert entry.changes["name_ru"] == {"before": None, "after": "Школа: чек-лист"}


def test_only_administrators_edit_checklists(staff, monitor):
    for person in (staff, monitor):
        with pytest.raises(PermissionDenied):
            services.checklist_save(actor=person, data=_input())
    assert not ChecklistTemplate.objects.filter(service="school").exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"service": "drinking_water"}, "kind", "This kind of object (and service) has a checklist already"),
        ({"kind": "pb_project"}, "service", "Only a checklist of a municipal service names a service."),
        ({"kind": "spaceport", "service": ""}, "kind", "Choose the kind of object."),
        ({"service": "spaceport"}, "service", "Choose the service from the list."),
        ({"name_ky": " ", "name_ru": ""}, "name_ky", "Give the checklist a title in Kyrgyz or in Russian."),
        ({"scale_min": 5, "scale_max": 5}, "scale_min", "Scores run from 0 to 10, the lowest below"),
        ({"scale_max": 11}, "scale_min", "Scores run from 0 to 10"),
        ({"scale_min": None}, "scale_min", "Enter the lowest and the highest score."),
        ({"questions": []}, "questions", "A checklist asks at least one question."),
        (
            {"questions": [services.QuestionInput("", " ")]},
            "questions",
            "Question 1 needs its text in Kyrgyz or in Russian.",
        ),
        (
            {"questions": [services.QuestionInput("x" * 301, "")]},
            "questions",
            "Question 1 is too long: at most 300 characters.",
        ),
        (
            {"questions": [services.QuestionInput(f"{n}", "") for n in range(31)]},
            "questions",
            "At most 30 questions in one checklist.",
        ),
    ],
)
def test_bad_input_is_refused_whole_with_a_message(admin, fields, field, message):
    before = ChecklistTemplate.objects.count(), ChecklistQuestion.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.checklist_save(actor=admin, data=_input(**fields))
    assert any(message in text for text in raised.value.message_dict[field])
    assert (ChecklistTemplate.objects.count(), ChecklistQuestion.objects.count()) == before
    assert not AuditEntry.objects.filter(action__startswith="monitoring.checklist").exists()


def test_an_unused_checklist_changes_freely(admin):
    template = services.checklist_save(actor=admin, data=_input())
    data = _as_input(template, kind="service", service="health_post", scale_min=0, scale_max=10)
    data.questions[0].text_ru = "В классах тепло зимой"
    services.checklist_save(actor=admin, data=data, template=template)
    template.refresh_from_db()
    assert (template.service, template.scale_min, template.scale_max) == ("health_post", 0, 10)
    assert services.questions_asked(template)[0].text_ru == "В классах тепло зимой"
    entry = AuditEntry.objects.get(action="monitoring.checklist.update")
    assert entry.changes["service"] == {"before": "school", "after": "health_post"}


def test_a_scored_question_keeps_its_wording_and_the_used_checklist_its_scale(admin, water_scored):
    template = water_scored
    scored, also_scored = list(template.questions.order_by("sort_order", "id"))[:2]
    usage = services.checklist_usage(template)
    assert usage.used and usage.visits == 1 and usage.scored == {scored.pk, also_scored.pk}
    reworded = _as_input(template)
    reworded.questions[0].text_ru = "Совсем другой вопрос"
    with pytest.raises(ValidationError) as raised:
        services.checklist_save(actor=admin, data=reworded, template=template)
    assert "Question 1 is scored in recorded visits: its wording stays." in raised.value.messages[0]
    for fields in ({"scale_max": 10}, {"kind": "plan_item", "service": ""}, {"service": "roads"}):
        with pytest.raises(ValidationError, match="its kind of object, service and scale stay"):
            services.checklist_save(actor=admin, data=_as_input(template, **fields), template=template)
    scored.refresh_from_db()
    assert scored.text_ru != "Совсем другой вопрос"


def test_retire_a_scored_question_and_add_a_new_one(admin, water_scored, ours, monitor, yesterday):
    template = water_scored
    scored, _second, unscored = list(template.questions.order_by("sort_order", "id"))[:3]
    data = _as_input(template, name_ru="Питьевая вода: чек-лист (2027)")
    data.questions[0].retired = True
    data.questions[2].text_ru = "Вода чистая (вид, запах, вкус)"  # never scored: its wording may change
    data.questions.append(services.QuestionInput("Суу сааттары илинип турабы", "Расписание подачи вывешено"))
    services.checklist_save(actor=admin, data=data, template=template)
    asked = services.questions_asked(template)
    assert scored.pk not in {q.pk for q in asked}
    assert asked[-1].text_ru == "Расписание подачи вывешено"
    assert next(q for q in asked if q.pk == unscored.pk).text_ru == "Вода чистая (вид, запах, вкус)"
    entry = AuditEntry.objects.get(action="monitoring.checklist.update")
    assert entry.changes[f"question {scored.pk}"]["after"]["retired"] is True
    assert entry.changes["name_ru"]["after"] == "Питьевая вода: чек-лист (2027)"
    # The recorded visit still shows the retired question with its score; a new visit is not asked it.
    timeline = selectors.timeline(ours)
    old_scores = {s.question.text_ru: s.score for s in timeline[0].visit.scores.all()}
    assert old_scores[scored.text_ru] == 2
    form = VisitForm(groups=[], members=[], template=template)
    assert f"score_{scored.pk}" not in form.fields
    obj = services.object_ensure(municipality=ours, ref="service:drinking_water")
    with pytest.raises(ValidationError, match=r"A score is for a question this checklist does not have\."):
        services.visit_record(
            actor=monitor, obj=obj, data=services.VisitInput(visited_on=yesterday, scores={scored.pk: 3})
        )
    # Brought back, it is asked again, with its old wording.
    data = _as_input(template)
    next(q for q in data.questions if q.pk == scored.pk).retired = False
    services.checklist_save(actor=admin, data=data, template=template)
    assert scored.pk in {q.pk for q in services.questions_asked(template)}


def test_a_question_of_another_checklist_is_refused(admin, water_scored):
    other = ChecklistTemplate.objects.get(kind="pb_project", service="").questions.first()
    data = _as_input(water_scored)
    data.questions.append(services.QuestionInput("x", "y", pk=other.pk))
    with pytest.raises(ValidationError, match=r"A question does not belong to this checklist\."):
        services.checklist_save(actor=admin, data=data, template=water_scored)
    assert Score.objects.count() == 2


# --- Office pages -------------------------------------------------------------------------------------------


def test_the_pages_are_the_administrators(client, ours, staff, their_staff, admin):
    template = ChecklistTemplate.objects.get(kind="service", service="drinking_water")
    urls = [
        reverse(LIST),
        reverse(NEW),
        reverse("monitoring:office_checklist", kwargs={"template_id": template.pk}),
    ]
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 302 and "login" in answer["Location"]
    for person in (staff, their_staff):
        office_login(client, person)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(urls[1], {"kind": "service", "service": "school"}).status_code == 403
    office_login(client, admin)
    for url in urls:
        assert client.get(url).status_code == 200
    page = client.get(urls[0]).content.decode()
    assert "Питьевая вода: чек-лист" in page or "Ичүүчү суу" in page
    missing = reverse("monitoring:office_checklist", kwargs={"template_id": 999999})
    assert client.get(missing).status_code == 404
    assert not ChecklistTemplate.objects.filter(service="school").exists()


def _new_form(**extra):
    data = {
        "kind": "service",
        "service": "school",
        "name_ky": "Мектеп",
        "name_ru": "Школа",
        "scale_min": "1",
        "scale_max": "5",
        "new_rows": "3",
        "new_ky_0": "Класстар жылуубу",
        "new_ru_0": "В классах тепло",
    }
    data.update(extra)
    return data


def test_create_in_the_office(client, admin):
    office_login(client, admin)
    answer = client.post(reverse(NEW), _new_form(new_ky_2="Ичүүчү суу барбы", new_ru_2="Есть питьевая вода"))
    assert answer.status_code == 302
    template = ChecklistTemplate.objects.get(service="school")
    assert answer["Location"] == reverse("monitoring:office_checklist", kwargs={"template_id": template.pk})
    assert [q.text_ky for q in services.questions_asked(template)] == ["Класстар жылуубу", "Ичүүчү суу барбы"]


def test_a_rejected_checklist_keeps_what_was_typed(client, admin):
    office_login(client, admin)
    answer = client.post(reverse(NEW), _new_form(scale_max="1", new_ru_4="Туалет чистый", name_ru="Школа №1"))
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Scores run from 0 to 10, the lowest below the highest." in page
    assert "В классах тепло" in page and "Туалет чистый" in page and "Школа №1" in page
    assert 'name="new_ru_4"' in page  # the row typed in is shown, whatever the count said
    assert not ChecklistTemplate.objects.filter(service="school").exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ky", "Баалар 0 – 10 аралыгында болот"),
        ("ru", "Оценки — от 0 до 10, наименьшая меньше наибольшей."),
    ],
)
def test_messages_in_kyrgyz_and_russian(client, admin, language, message):
    office_login(client, admin)
    page = client.post(f"/{language}/office/monitoring/checklists/new/", _new_form(scale_max="0"))
    assert message in page.content.decode()


def test_add_another_question_without_javascript(client, admin):
    office_login(client, admin)
    answer = client.post(reverse(NEW), _new_form(add_question="1", scale_min="", new_ru_2="Есть вода"))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert 'name="new_ky_3"' in page and 'name="new_ky_4"' not in page
    assert 'value="4"' in page  # the count the next submission carries
    assert "В классах тепло" in page and "Есть вода" in page
    assert "errorlist" not in page  # nothing is judged before the form is sent
    assert not ChecklistTemplate.objects.filter(service="school").exists()


def test_the_edit_page_of_a_used_checklist_shows_what_stays(client, admin, water_scored):
    office_login(client, admin)
    scored = water_scored.questions.order_by("sort_order", "id").first()
    url = reverse("monitoring:office_checklist", kwargs={"template_id": water_scored.pk})
    page = client.get(url).content.decode()
    assert "Recorded visits that use this checklist: 1." in page
    assert f'name="q{scored.pk}_ru"' not in page and f'name="q{scored.pk}_retired"' in page
    assert 'name="scale_max"' not in page and 'name="kind"' not in page
    form = {
        f"q{q.pk}_{name}": value
        for q in water_scored.questions.all()
        for name, value in (("ky", q.text_ky), ("ru", q.text_ru), ("order", str(q.sort_order)))
    }
    form.update(
        {
            "name_ky": water_scored.name_ky,
            "name_ru": "Вода",
            f"q{scored.pk}_retired": "on",
            f"q{scored.pk}_ru": "Попытка переписать",  # not a field of a scored question: ignored
            "new_rows": "2",
            "new_ru_0": "Новый вопрос",
            "scale_max": "10",  # not a field of a used checklist: ignored
        }
    )
    assert client.post(url, form).status_code == 302
    water_scored.refresh_from_db()
    scored.refresh_from_db()
    assert water_scored.name_ru == "Вода" and water_scored.scale_max == 5
    assert scored.retired_at is not None and scored.text_ru != "Попытка переписать"
    assert services.questions_asked(water_scored)[-1].text_ru == "Новый вопрос"


def test_the_list_takes_one_query(admin, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = selectors.checklists()
    water = next(t for t in rows if t.service == "drinking_water")
    assert (water.asked, water.retired, water.visits) == (5, 0, 0)


def test_the_django_admin_only_shows_the_checklists(rf, admin):
    """Editing there would bypass what recorded visits fix; the office is the one place to edit."""
    from django.contrib import admin as django_admin

    from kenesh.monitoring.admin import ChecklistTemplateAdmin, QuestionInline

    request = rf.get("/")
    request.user = admin
    model_admin = ChecklistTemplateAdmin(ChecklistTemplate, django_admin.site)
    inline = QuestionInline(ChecklistTemplate, django_admin.site)
    for each in (model_admin, inline):
        assert (
            not each.has_add_permission(request, None)
            if each is inline
            else not each.has_add_permission(request)
        )
        assert not each.has_change_permission(request, None) and not each.has_delete_permission(request, None)


def test_the_monitoring_office_home_links_the_checklists_for_administrators(client, admin, staff):
    office_login(client, admin)
    assert reverse(LIST) in client.get(reverse("monitoring:office")).content.decode()
