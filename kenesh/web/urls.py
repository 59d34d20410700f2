"""Pages of the web app."""

from django.urls import path

from kenesh.web import views

app_name = "web"
urlpatterns = [
    path("office/", views.office, name="office"),
]
