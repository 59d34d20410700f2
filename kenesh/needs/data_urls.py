"""Open data of published needs assessments at stable addresses without a language prefix."""

from django.urls import path

from kenesh.needs import views

app_name = "needs_data"
urlpatterns = [
    path("<str:coate>/<int:year>/priorities.csv", views.priorities_csv, name="priorities_csv"),
    path("<str:coate>/<int:year>/priorities.json", views.priorities_json, name="priorities_json"),
    path("<str:coate>/<int:year>/problems.csv", views.problems_csv, name="problems_csv"),
]
