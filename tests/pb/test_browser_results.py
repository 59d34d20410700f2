"""The results page in a real browser: Kyrgyz and Russian, JavaScript on and off, axe-core clean."""

from __future__ import annotations

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.pb.models import ImplementationProject, Result, ResultStatus
from kenesh.pb.result_services import result_publish
from tests.browser.axe import axe_check
from tests.browser.urls import url_of
from tests.pb.test_counting import counted_process

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _published() -> tuple[int, Result]:
    process, result = counted_process(voters=24)
    result_publish(actor=person_make(role=Role.STAFF, municipality=process.municipality), result=result)
    return process.pk, result


@pytest.mark.parametrize(
    ("language", "heading", "funded"),
    [("ky", "Жыйынтыктар", "Каржыланган долбоорлор"), ("ru", "Итоги", "Профинансированные проекты")],
)
def test_results_page_reads_in_each_language_with_javascript_off(
    page_without_js, page, site, language, heading, funded
):
    process_id, result = _published()
    url = url_of(site, "pb:results", language, process_id=process_id)
    page_without_js.goto(url)
    assert heading in page_without_js.locator("h1").inner_text()
    assert page_without_js.get_by_role("heading", name=funded).is_visible()
    assert page_without_js.locator("code.digest").inner_text() == result.export_sha256
    # The export downloads without JavaScript.
    with page_without_js.expect_download() as download:
        page_without_js.locator(f"a[href$='/pb/results/{result.pk}/export.pb']").click()
    assert download.value.suggested_filename.endswith(".pb")
    # axe-core is a script: it runs in the same page with JavaScript on.
    page.goto(url)
    axe_check(page)


def test_results_page_is_accessible_on_a_phone_with_javascript(browser, site):
    process_id, _ = _published()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(url_of(site, "pb:results", "ru", process_id=process_id))
        assert page.locator(".card[id^='project-']").count() == 3
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360 + 1, "the page scrolls sideways on a phone"
        axe_check(page)
    finally:
        context.close()


def test_the_count_progress_updates_itself_with_javascript(office_page, site):
    page = office_page
    process, result = counted_process()
    Result.objects.filter(pk=result.pk).update(status=ResultStatus.RUNNING, progress=30, published_at=None)
    # An unpublished count is for staff: the page of the process shows them its progress (not the public).
    page.goto(url_of(site, "pb:results", "ky", process_id=process.pk))
    assert "30%" in page.locator("#count-progress").inner_text()
    axe_check(page)
    Result.objects.filter(pk=result.pk).update(
        status=ResultStatus.DONE, progress=100, published_at=result.finished_at
    )
    # htmx polls every 2 s; when the count is done the page reloads and shows the result.
    page.get_by_role("heading", name="Каржыланган долбоорлор").wait_for(timeout=10_000)


def test_implementation_page_in_russian(page_without_js, page, site):
    _process_id, result = _published()
    project = ImplementationProject.objects.filter(result=result).first()
    url = url_of(site, "pb:implementation_project", "ru", project_id=project.pk)
    page_without_js.goto(url)
    assert project.proposal.title_ru in page_without_js.locator("h1").inner_text()
    page.goto(url)
    axe_check(page)
