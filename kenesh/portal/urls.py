"""The portal's public pages, under the language prefix: the home, search, themes and feeds are Django views;
Wagtail serves the items (its routes come last)."""

from __future__ import annotations

from django.urls import include, path
from wagtail import urls as wagtail_urls

from kenesh.portal import views

urlpatterns = [
    path("portal/", views.portal_home, name="portal_home"),
    path("portal/search/", views.portal_search, name="portal_search"),
    path("portal/theme/<slug:slug>/", views.portal_theme, name="portal_theme"),
    path("portal/feed/", views.portal_feed, name="portal_feed"),
    path("portal/feed/theme/<slug:theme>/", views.portal_feed, name="portal_feed_theme"),
    path("portal/feed/type/<slug:kind>/", views.portal_feed, name="portal_feed_kind"),
    path("portal/feed/atom/", views.portal_feed, {"atom": True}, name="portal_atom"),
    path("portal/feed/theme/<slug:theme>/atom/", views.portal_feed, {"atom": True}, name="portal_atom_theme"),
    path("portal/feed/type/<slug:kind>/atom/", views.portal_feed, {"atom": True}, name="portal_atom_kind"),
    path("portal/", include(wagtail_urls)),
]
