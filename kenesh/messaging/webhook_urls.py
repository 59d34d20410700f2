"""Unprefixed endpoints of the SMS gateway (inbound webhook)."""

from django.urls import path  # noqa: F401

app_name = "sms"
urlpatterns: list = []
