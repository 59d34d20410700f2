"""Pages of the territory app."""

from django.urls import path  # noqa: F401

app_name = "territory"
urlpatterns: list = []
