"""Unprefixed endpoints of the SMS gateway (inbound webhook)."""

from django.urls import path

from kenesh.messaging import views

app_name = "sms"
urlpatterns = [
    path("inbound/", views.sms_inbound, name="inbound"),
]
