"""Open data of published budget versions at stable addresses without a language prefix (see opendata.py)."""

from django.urls import path, register_converter

from kenesh.budgets import views


class SlugConverter:
    """A version slug: draft, approved, amendment-N, execution-PERIOD (checked again by the selector)."""

    regex = r"(?:draft|approved|amendment-[0-9]{1,3}|execution-(?:q1|q2|q3|year))"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SlugConverter, "budget_version")

app_name = "budgets_data"
urlpatterns = [
    path("<str:coate>/<int:year>/<budget_version:slug>.csv", views.data_csv, name="csv"),
    path("<str:coate>/<int:year>/<budget_version:slug>.json", views.data_json, name="json"),
    path(
        "<str:coate>/<int:year>/<budget_version:slug>.datapackage.json",
        views.data_package,
        name="datapackage",
    ),
    path("<str:coate>/<int:year>/<budget_version:slug>.zip", views.data_zip, name="zip"),
]
