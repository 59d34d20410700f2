"""Pages of the web app."""

from django.urls import path

from kenesh.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("office/", views.office, name="office"),
]
