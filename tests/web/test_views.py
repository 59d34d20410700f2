"""The shared page frame, the language switcher, the error pages and the back-office dashboard."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

import kenesh
from kenesh.accounts.testing import office_login
from kenesh.web import views
from kenesh.web.office import OFFICE_PAGES, OfficePage, office_links
from tests.ci import missing

PACKAGE_DIR = Path(kenesh.__file__).resolve().parent


def html_of(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "skip"),
    [
        ("ky", "Барак табылган жок", "Негизги мазмунга өтүү"),
        ("ru", "Страница не найдена", "Перейти к содержанию"),
        ("en", "Page not found", "Skip to the content"),
    ],
)
def test_the_404_page_is_the_site_frame_in_the_language_of_the_address(client, language, heading, skip):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = html_of(response)
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<a class="skip-link" href="#main">{skip}</a>' in html
    assert '<main id="main"' in html
    assert ">Kenesh</a>" in html


@pytest.mark.django_db
def test_the_frame_loads_only_our_stylesheet_and_htmx_deferred(client):
    html = html_of(client.get("/ky/no-such-page/"))
    assert '<link rel="stylesheet" href="/static/web/kenesh.css">' in html
    assert '<script src="/static/web/htmx.min.js" defer></script>' in html
    assert re.findall(r"<script\b", html) == ["<script"]


@pytest.mark.django_db
def test_the_language_switcher_is_a_plain_post_form_to_set_language(client):
    html = html_of(client.get("/ru/no-such-page/?q=1"))
    form = re.search(
        r'<form class="language-switcher" action="([^"]+)" method="post">(.*?)</form>', html, re.S
    )
    assert form is not None
    assert form.group(1) == reverse("set_language")
    body = form.group(2)
    assert 'name="csrfmiddlewaretoken"' in body
    buttons = re.findall(
        r'<button type="submit" name="language" value="(\w+)" lang="\w+" formaction="([^"]+)">', body
    )
    # No page to translate here: each language gets the same address back.
    assert buttons == [
        ("ky", "/i18n/setlang/?next=%2Fru%2Fno-such-page%2F%3Fq%3D1"),
        ("en", "/i18n/setlang/?next=%2Fru%2Fno-such-page%2F%3Fq%3D1"),
    ]
    assert 'aria-current="true">Русский</span>' in body


@pytest.mark.django_db
def test_the_page_names_its_translations_for_each_language(office_client):
    html = html_of(office_client.get("/ru/office/"))
    for code in ("ky", "ru", "en"):
        assert f'<link rel="alternate" hreflang="{code}" href="/{code}/office/">' in html
    assert 'formaction="/i18n/setlang/?next=%2Fen%2Foffice%2F"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "en"])
def test_switching_language_keeps_the_page_and_remembers_the_choice(office_client, language):
    html = html_of(office_client.get("/ky/office/"))
    action = re.search(rf'value="{language}" lang="{language}" formaction="([^"]+)"', html).group(1)
    # The browser's own language (English here) must not matter: the button carries the target page.
    response = office_client.post(
        action.replace("&amp;", "&"), {"language": language}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/office/"
    assert response.cookies["kenesh_language"].value == language


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "cookies", "expected"),
    [
        ({}, {}, "/ky/office/"),
        ({"HTTP_ACCEPT_LANGUAGE": "ru-RU,ru;q=0.9"}, {}, "/ru/office/"),
        ({"HTTP_ACCEPT_LANGUAGE": "ru"}, {"kenesh_language": "en"}, "/en/office/"),
    ],
)
def test_an_address_without_language_goes_to_the_preferred_one(client, headers, cookies, expected):
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get("/office/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_the_root_goes_to_the_kyrgyz_home_page(client):
    try:
        with translation.override("ky"):
            assert reverse("home:home") == "/ky/"
    except NoReverseMatch:
        missing("the territory app has not routed home:home yet")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ky/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru")["Location"] == "/ru/"


@pytest.mark.django_db
def test_the_403_page_is_translated(rf):
    request = rf.get("/ru/office/")
    with translation.override("ru"):
        response = views.permission_denied(request)
    assert response.status_code == 403
    assert "<h1>Доступ запрещён</h1>" in html_of(response)


def exploding_context_processor(request):
    raise RuntimeError("a context processor that fails, as one may when the database is down")


def test_the_500_page_needs_no_context_processor_and_is_translated(rf, settings):
    templates = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {"context_processors": [f"{__name__}.exploding_context_processor"]},
        }
    ]
    with override_settings(TEMPLATES=templates), translation.override("ky"):
        response = views.server_error(rf.get("/ky/"))
    assert response.status_code == 500
    html = html_of(response)
    assert '<html lang="ky">' in html
    assert "<h1>Сервер катасы</h1>" in html


@pytest.mark.django_db
def test_the_office_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/ky/office/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_the_office_refuses_a_resident_without_a_role(client, django_user_model):
    resident = django_user_model.objects.create_user(login="resident@example.org", password="x" * 20)
    client.force_login(resident, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/ru/office/").status_code == 403


@pytest.mark.django_db
def test_the_office_dashboard_links_every_office_page_for_an_administrator(office_client):
    response = office_client.get("/ru/office/")
    assert response.status_code == 200
    html = html_of(response)
    assert "<h1>Управление</h1>" in html
    for page in OFFICE_PAGES:
        try:
            url = reverse(page.url_name)
        except NoReverseMatch:
            continue  # its app has not routed it yet: the dashboard leaves it out
        assert f'<h2><a href="{url}">' in html
    assert '<nav class="office-nav"' in html


@pytest.mark.django_db
def test_staff_see_the_audit_log_of_their_own_municipality_on_the_dashboard(client):
    from kenesh.accounts.models import Role
    from kenesh.accounts.testing import person_make
    from kenesh.territory.testing import municipality_make

    ours = municipality_make("41704235825000", "Кум-Добо")
    office_login(client, person_make(role=Role.STAFF, municipality=ours))

    html = html_of(client.get("/ru/office/"))

    assert f'<h2><a href="{reverse("audit:log")}">' in html
    assert f'<h2><a href="{reverse("messaging:outbox")}">' in html


def test_office_links_keep_only_routed_pages_the_user_may_open():
    pages = (
        OfficePage("web:office", "Allowed", "", "office.access"),
        OfficePage("web:no-such-page", "Unrouted", "", "office.access"),
        OfficePage("web:office", "Forbidden", "", "audit.view_log"),
    )
    # A stand-in that holds no municipal role, so no municipality is asked about.
    user = SimpleNamespace(has_perm=lambda name, obj=None: name == "office.access", is_authenticated=False)
    with translation.override("en"):
        links = office_links(user, pages)
    assert [(link.title, link.url) for link in links] == [("Allowed", "/en/office/")]


# Any address with a scheme in a template is a page pulling from, or sending people to, another host.
EXTERNAL = re.compile(r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
CSS_EXTERNAL = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


def test_no_template_or_stylesheet_loads_anything_from_another_host():
    offenders = []
    for path in PACKAGE_DIR.glob("*/templates/**/*.html"):
        text = path.read_text()
        offenders += [f"{path.relative_to(PACKAGE_DIR)}: {m.group(0)}" for m in EXTERNAL.finditer(text)]
    for path in PACKAGE_DIR.glob("*/static/**/*.css"):
        text = path.read_text()
        offenders += [f"{path.relative_to(PACKAGE_DIR)}: {m.group(0)}" for m in CSS_EXTERNAL.finditer(text)]
    assert offenders == []


def test_htmx_is_vendored_with_its_licence():
    htmx = PACKAGE_DIR / "web/static/web/htmx.min.js"
    assert htmx.read_text().startswith("/*! htmx 2.")
    assert "Zero-Clause BSD" in (PACKAGE_DIR / "web/static/web/htmx.LICENSE.txt").read_text()


@pytest.mark.django_db
def test_every_page_links_the_main_sections_and_the_footer_lists_them_all(client):
    html = html_of(client.get("/ru/appeals/"))
    header = html.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/ru/appeals/" aria-current="page">Обращения</a>' in header
    assert '<a href="/ru/budgets/">' in header
    footer = html.split('class="site-footer"', 1)[1]
    for url in ("/ru/needs/", "/ru/hearings/", "/ru/pb/", "/ru/appeals/national/", "/ru/surveys/"):
        assert f'<a href="{url}"' in footer
    for url in ("/ru/portraits/", "/ru/portal/"):
        assert f'<a href="{url}"' in footer
    assert 'aria-label="Разделы"' in footer
    # A page with a query string still finds its own language versions.
    html = html_of(client.get("/ky/appeals/?page=2"))
    assert 'hreflang="ru" href="/ru/appeals/?page=2"' in html
