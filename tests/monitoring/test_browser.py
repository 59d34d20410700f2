"""Monitoring in Chromium: the public timeline and "you said, we did" (axe-core in Kyrgyz and Russian, 360 px,
no JavaScript), and the monitor's visit form: axe, phone width, a rejected submission keeps what was typed
(without JavaScript, by the server), the draft restored from the phone's storage (with it)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from kenesh.accounts.models import Role, User
from kenesh.monitoring.models import Visit
from kenesh.territory.demo import KUM_DOBO
from tests.browser.axe import axe_check
from tests.browser.fixtures import signed_in_page
from tests.browser.urls import url_of
from tests.web.demo import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def monitoring_site(site):
    demo_load(("budgets", "pb", "needs", "plans", "hearings", "appeals", "monitoring"))
    assert Visit.objects.exists()
    return site


def _narrow(page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("name", ["monitoring:municipality", "monitoring:you_said"])
def test_public_pages_pass_axe_at_phone_width(page, monitoring_site, language, name):
    page.goto(url_of(monitoring_site, name, language, coate=KUM_DOBO))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    axe_check(page)
    _narrow(page)
    axe_check(page)


def test_public_pages_work_without_javascript(page_without_js, monitoring_site):
    page = page_without_js
    page.goto(url_of(monitoring_site, "monitoring:municipality", "ru", coate=KUM_DOBO))
    assert page.locator(".monitoring-finding").count() >= 2
    assert page.get_by_text("Ответ органа МСУ").count() >= 1
    page.locator(".monitoring-entry--visit h3 a").first.click()
    assert "/objects/" in page.url
    page.goto(url_of(monitoring_site, "monitoring:you_said", "ru", coate=KUM_DOBO))
    assert page.locator("table.monitoring-yswd").count() >= 3
    assert page.locator("a[href*='/pb/']").count() >= 1 and page.locator("a[href*='/appeals/']").count() >= 1


def _monitor_page(browser, site, javascript: bool):
    monitor = User.objects.filter(role_assignments__role=Role.MONITOR).first()
    client = Client()
    client.force_login(monitor, backend="django.contrib.auth.backends.ModelBackend")
    return signed_in_page(browser, site, client, java_script_enabled=javascript)


@pytest.fixture
def monitor_page(browser, monitoring_site):
    yield from _monitor_page(browser, monitoring_site, True)


@pytest.fixture
def monitor_page_without_js(browser, monitoring_site):
    yield from _monitor_page(browser, monitoring_site, False)


def _form_url(site, language="ky", ref="service:waste_collection"):
    return url_of(site, "monitoring:visit_new", language, coate=KUM_DOBO) + f"?object={ref}"


def test_visit_form_passes_axe_at_phone_width(monitor_page, monitoring_site):
    page = monitor_page
    page.goto(url_of(monitoring_site, "monitoring:visit_new", "ky", coate=KUM_DOBO))
    axe_check(page)
    page.goto(_form_url(monitoring_site))
    axe_check(page)
    _narrow(page)
    axe_check(page)


def test_without_javascript_a_rejected_visit_keeps_what_was_typed_then_records(
    monitor_page_without_js, monitoring_site
):
    page = monitor_page_without_js
    page.goto(url_of(monitoring_site, "monitoring:visit_new", "ru", coate=KUM_DOBO))
    page.select_option("#id_object", "service:waste_collection")
    page.get_by_role("button", name="Продолжить").click()
    before = Visit.objects.count()
    page.fill("#id_visited_on", "2000-01-01")
    page.fill("#id_finding_0", "Контейнер у школы переполнен")
    page.fill("#id_recommendation_0", "Вывозить дважды в неделю")
    score = page.locator("input[name^='score_']").first
    score.fill("9")
    page.get_by_role("button", name="Записать посещение").click()
    assert page.get_by_text("Каждая оценка — от 1 до 5.").count() == 1
    assert page.input_value("#id_finding_0") == "Контейнер у школы переполнен"
    assert page.input_value("#id_recommendation_0") == "Вывозить дважды в неделю"
    assert score.input_value() == "9"
    assert Visit.objects.count() == before
    score.fill("4")
    page.fill("#id_visited_on", (datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Записать посещение").click()
    assert "/objects/" in page.url
    assert page.get_by_text("Контейнер у школы переполнен").count() == 1
    assert Visit.objects.count() == before + 1


def test_with_javascript_the_draft_survives_a_reload(monitor_page, monitoring_site):
    page = monitor_page
    violations: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    page.goto(_form_url(monitoring_site, "ru", "service:street_lighting"))
    page.fill("#id_notes", "Фонари не горят на улице Манаса")
    page.fill("#id_finding_0", "Три фонаря разбиты")
    page.wait_for_function("localStorage.length > 0")
    page.goto(_form_url(monitoring_site, "ru", "service:street_lighting"))
    assert page.input_value("#id_notes") == "Фонари не горят на улице Манаса"
    assert page.input_value("#id_finding_0") == "Три фонаря разбиты"
    # Recorded: the object's page clears the draft, so the next visit's form starts empty.
    page.fill("#id_visited_on", (datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Записать посещение").click()
    assert "/objects/" in page.url
    page.wait_for_load_state("networkidle")
    page.goto(_form_url(monitoring_site, "ru", "service:street_lighting"))
    assert page.input_value("#id_notes") == ""
    assert violations == []


def _record_button(page):
    return page.get_by_role("button", name="Записать посещение")


def _add_finding_button(page):
    return page.get_by_role("button", name="Добавить ещё замечание")


def _yesterday() -> str:
    return (datetime.date.today() - datetime.timedelta(days=1)).isoformat()


def test_without_javascript_add_another_finding_keeps_what_was_typed(
    monitor_page_without_js, monitoring_site
):
    page = monitor_page_without_js
    page.goto(_form_url(monitoring_site, "ru", "service:waste_collection"))
    assert page.locator("textarea[name^='finding_']").count() == 2
    page.fill("#id_visited_on", _yesterday())
    page.fill("#id_others_present", "Глава айыл окмоту")
    page.fill("#id_finding_0", "Контейнер у школы переполнен")
    page.fill("#id_notes", "Были утром")
    _add_finding_button(page).click()  # the server re-renders the form, one row longer
    assert page.locator("textarea[name^='finding_']").count() == 3
    assert page.input_value("#id_finding_0") == "Контейнер у школы переполнен"
    assert page.input_value("#id_others_present") == "Глава айыл окмоту"
    assert page.input_value("#id_notes") == "Были утром"
    assert page.input_value("#id_visited_on") == _yesterday()
    assert page.locator(".errorlist").count() == 0
    page.fill("#id_finding_2", "Площадка не огорожена")
    before = Visit.objects.count()
    _record_button(page).click()
    assert "/objects/" in page.url
    visit = Visit.objects.order_by("-pk").first()
    assert Visit.objects.count() == before + 1
    assert [f.text for f in visit.findings.all()] == ["Контейнер у школы переполнен", "Площадка не огорожена"]


def test_with_javascript_rows_are_added_in_place_up_to_ten_and_kept_in_the_draft(
    monitor_page, monitoring_site
):
    page = monitor_page
    violations: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    posts: list[str] = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    url = _form_url(monitoring_site, "ru", "service:roads")
    page.goto(url)
    _add_finding_button(page).click()
    assert page.locator("#id_finding_2").evaluate("el => el === document.activeElement")
    assert posts == [] and page.url == url
    assert page.locator("label[for='id_finding_2']").inner_text() == "Замечание 3:"
    page.fill("#id_finding_2", "Яма у моста")
    page.wait_for_function(
        "(localStorage.getItem(document.getElementById('visit-form').dataset.draftKey) || '')"
        ".includes('Яма у моста')"
    )
    # Reopened (a lost connection, a closed browser): the draft makes room for its third row.
    page.goto(url)
    assert page.input_value("#id_finding_2") == "Яма у моста"
    for _row in range(7):
        _add_finding_button(page).click()
    assert page.locator("textarea[name^='finding_']").count() == 10
    assert not _add_finding_button(page).is_visible()
    page.fill("#id_finding_9", "Десятое замечание")
    page.fill("#id_visited_on", _yesterday())
    _record_button(page).click()
    page.wait_for_url("**/objects/**")
    visit = Visit.objects.order_by("-pk").first()
    assert [f.text for f in visit.findings.all()] == ["Яма у моста", "Десятое замечание"]
    assert violations == []


def test_the_draft_keeps_the_photos_through_a_failed_submission(monitor_page, monitoring_site):
    from tests.monitoring.conftest import jpeg_bytes

    page = monitor_page
    url = _form_url(monitoring_site, "ru", "service:health_post")
    page.goto(url)
    page.fill("#id_visited_on", _yesterday())
    page.fill("#id_finding_0", "Нет аптечки")
    page.set_input_files(
        "#id_photos", files=[{"name": "post.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((320, 240))}]
    )
    page.wait_for_selector("#visit-form[data-photos-kept='1']", state="attached")
    before = Visit.objects.count()
    # The connection drops as the form is sent.
    page.route(lambda address: "/visits/new/" in address, _abort_posts)
    with page.expect_event("requestfailed"):
        _record_button(page).click()
    page.unroute_all()
    assert Visit.objects.count() == before
    # Reopened: the text from localStorage, the photo from IndexedDB, back in the file input.
    page.goto(url)
    page.wait_for_selector("#visit-form[data-photos-kept='1']", state="attached")
    assert page.eval_on_selector("#id_photos", "input => input.files.length") == 1
    assert page.eval_on_selector("#id_photos", "input => input.files[0].name") == "post.jpg"
    assert page.locator(".monitoring-photos-restored").is_visible()
    assert page.input_value("#id_finding_0") == "Нет аптечки"
    _record_button(page).click()
    page.wait_for_url("**/objects/**")
    page.wait_for_selector("[data-monitoring-draft-clear][data-cleared='1']", state="attached")
    visit = Visit.objects.order_by("-pk").first()
    assert Visit.objects.count() == before + 1 and visit.photos.count() == 1
    # Recorded: the next visit's form starts without the photo.
    page.goto(url)
    page.wait_for_selector("#visit-form[data-photos-kept]", state="attached")
    assert page.get_attribute("#visit-form", "data-photos-kept") == "0"
    assert page.eval_on_selector("#id_photos", "input => input.files.length") == 0


def _abort_posts(route) -> None:
    if route.request.method == "POST":
        route.abort()
    else:
        route.continue_()


def test_a_photo_the_server_refused_is_not_brought_back(monitor_page, monitoring_site):
    page = monitor_page
    url = _form_url(monitoring_site, "ru", "service:school")
    page.goto(url)
    page.fill("#id_visited_on", _yesterday())
    page.fill("#id_finding_0", "Окна разбиты")
    page.set_input_files(
        "#id_photos", files=[{"name": "fake.jpg", "mimeType": "image/jpeg", "buffer": b"not an image at all"}]
    )
    page.wait_for_selector("#visit-form[data-photos-kept='1']", state="attached")
    _record_button(page).click()
    assert page.get_by_text("Выберите фото ещё раз: всё остальное введённое сохранено.").count() == 1
    assert page.locator("#visit-form[data-photos-rejected='1']").count() == 1
    page.wait_for_selector("#visit-form[data-photos-kept='0']", state="attached")
    assert page.input_value("#id_finding_0") == "Окна разбиты"
    page.goto(url)
    page.wait_for_selector("#visit-form[data-photos-kept]", state="attached")
    assert page.eval_on_selector("#id_photos", "input => input.files.length") == 0


# --- The checklist editor (administrators, in the office) --------------------------------------------------


def _admin_page(browser, site, javascript: bool):
    from kenesh.accounts.testing import office_login

    admin = User.objects.filter(role_assignments__role=Role.ADMIN).first()
    client = Client()
    office_login(client, admin)
    return signed_in_page(
        browser, site, client, java_script_enabled=javascript, viewport={"width": 360, "height": 740}
    )


def test_without_javascript_an_administrator_creates_a_checklist_on_a_phone(browser, monitoring_site):
    from kenesh.monitoring.models import ChecklistTemplate

    # (With JavaScript off no script runs in the page, axe-core's neither: the test with it checks axe.)
    for page in _admin_page(browser, monitoring_site, False):
        page.goto(url_of(monitoring_site, "monitoring:office_checklists", "ru"))
        page.get_by_role("link", name="Новый чек-лист").click()
        page.select_option("#id_kind", "service")
        page.select_option("#id_service", "school")
        page.fill("#id_name_ru", "Школа: чек-лист")
        page.fill("#id_scale_min", "1")
        page.fill("#id_scale_max", "5")
        page.fill("#id_new_ru_0", "В классах тепло")
        page.fill("#id_new_ky_0", "Класстар жылуубу")
        page.get_by_role("button", name="Добавить ещё вопрос").click()
        assert page.locator("input[name^='new_ru_']").count() == 4
        assert page.input_value("#id_new_ru_0") == "В классах тепло"
        assert page.input_value("#id_name_ru") == "Школа: чек-лист"
        page.fill("#id_new_ru_3", "Есть питьевая вода")
        page.fill("#id_scale_max", "50")
        page.get_by_role("button", name="Сохранить чек-лист").click()  # refused, all kept
        assert page.get_by_text("Оценки — от 0 до 10, наименьшая меньше наибольшей.").count() == 1
        assert page.input_value("#id_new_ru_3") == "Есть питьевая вода"
        page.fill("#id_scale_max", "5")
        page.get_by_role("button", name="Сохранить чек-лист").click()
        assert page.get_by_text("Чек-лист сохранён.").count() == 1
        template = ChecklistTemplate.objects.get(kind="service", service="school")
        assert [q.text_ru for q in template.questions.order_by("sort_order")] == [
            "В классах тепло",
            "Есть питьевая вода",
        ]


def test_with_javascript_an_administrator_retires_a_scored_question_and_adds_one(browser, monitoring_site):
    from kenesh.monitoring.models import ChecklistTemplate, Score

    scored = Score.objects.select_related("question__template").order_by("pk").first()
    assert scored is not None
    template = scored.question.template
    for page in _admin_page(browser, monitoring_site, True):
        for name in ("monitoring:office_checklists", "monitoring:office_checklist_new"):
            page.goto(url_of(monitoring_site, name, "ky"))
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            axe_check(page)
        page.goto(url_of(monitoring_site, "monitoring:office_checklist", "ky", template_id=template.pk))
        assert page.locator(f"#id_q{scored.question_id}_ru").count() == 0  # its wording stays
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        axe_check(page)
        rows = page.locator("input[name^='new_ru_']").count()
        page.get_by_role("button", name="Дагы бир суроо кошуу").click()
        assert page.locator("input[name^='new_ru_']").count() == rows + 1
        page.fill(f"#id_new_ru_{rows}", "Новый вопрос")
        page.check(f"#id_q{scored.question_id}_retired")
        page.get_by_role("button", name="Текшерүү баракчасын сактоо").click()
        assert page.get_by_text("Текшерүү баракчасы сакталды.").count() == 1
    template = ChecklistTemplate.objects.get(pk=template.pk)
    question = template.questions.get(pk=scored.question_id)
    assert question.retired_at is not None
    assert template.questions.order_by("-sort_order").first().text_ru == "Новый вопрос"
