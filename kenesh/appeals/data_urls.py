"""Open data of appeals at stable addresses without a language prefix (see opendata.py)."""

from django.urls import path

from kenesh.appeals import views_data

app_name = "appeals_data"
urlpatterns = [
    path("appeals.csv", views_data.appeals_csv, name="appeals_csv"),
    path("appeals.json", views_data.appeals_json, name="appeals_json"),
    path("figures.csv", views_data.figures_csv, name="figures_csv"),
    path("figures.json", views_data.figures_json, name="figures_json"),
]
