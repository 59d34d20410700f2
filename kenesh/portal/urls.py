"""The portal's public pages, under the language prefix: Wagtail routes them to the home of that language."""

from __future__ import annotations

from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [path("portal/", include(wagtail_urls))]
