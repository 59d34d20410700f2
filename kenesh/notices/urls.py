"""Pages of the notices app."""

from django.urls import path

from kenesh.notices import views

app_name = "notices"
urlpatterns = [
    path("notices/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notices/<str:coate>/", views.subscribe, name="subscribe"),
]
