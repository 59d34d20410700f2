"""Open data of approved action plans at stable addresses without a language prefix."""

from django.urls import path

from kenesh.plans import views

app_name = "plans_data"
urlpatterns = [
    path("<str:coate>/<int:year>/items.csv", views.items_csv, name="items_csv"),
    path("<str:coate>/<int:year>/items.json", views.items_json, name="items_json"),
]
