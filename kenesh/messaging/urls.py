"""Pages of the messaging app."""

from django.urls import path

from kenesh.messaging import views

app_name = "messaging"
urlpatterns = [
    path("office/messages/", views.outbox, name="outbox"),
]
