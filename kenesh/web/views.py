"""Error pages, the favicon and the back-office dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from kenesh.ops.access import office_required
from kenesh.web.office import office_links


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the failure may be in a context processor, the session or the database.
    return HttpResponseServerError(loader.get_template("500.html").render())


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and feed readers ask for without reading the page: the static icon.

    A temporary redirect, cached for a day, because the static file's hashed name changes with its content.
    """
    response = HttpResponseRedirect(static("web/favicon.ico"))
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response


@office_required
def office(request: HttpRequest) -> HttpResponse:
    return render(request, "web/office_dashboard.html", {"pages": office_links(request.user)})
