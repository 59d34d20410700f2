"""Unprefixed addresses of the portal: the editorial admin, documents (PDF) and image renditions."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.urls import include, path
from django.views.static import serve
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from kenesh.portal.access import portal_admin_required


def rendition(request: HttpRequest, path: str) -> FileResponse:
    """An image rendition from MEDIA_ROOT/images (read when asked, so a changed MEDIA_ROOT holds)."""
    return serve(request, path, document_root=str(Path(settings.MEDIA_ROOT) / "images"))


urlpatterns = [
    path(
        "office/portal/",
        include(decorate_urlpatterns(list(wagtailadmin_urls.urlpatterns), portal_admin_required)),
    ),
    path("portal/documents/", include(wagtaildocs_urls)),
    # Renditions only (resized, re-encoded by Wagtail): the uploaded originals are never served.
    path("media/images/<path:path>", rendition, name="portal_rendition"),
]
