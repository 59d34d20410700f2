"""Open data of public monitoring at stable addresses without a language prefix."""

from django.urls import path

from kenesh.monitoring import opendata_views

app_name = "monitoring_data"
urlpatterns = [
    path("<str:coate>/visits.csv", opendata_views.visits_csv, name="visits_csv"),
    path("<str:coate>/findings.csv", opendata_views.findings_csv, name="findings_csv"),
    path("<str:coate>/visits.json", opendata_views.visits_json, name="visits_json"),
]
