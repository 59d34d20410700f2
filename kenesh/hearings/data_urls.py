"""Open data of public hearings at stable addresses without a language prefix (see opendata.py)."""

from django.urls import path, register_converter

from kenesh.hearings import views


class FormatConverter:
    regex = r"(?:csv|json)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TableConverter:
    regex = r"(?:hearings|proposals)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "data_format")
register_converter(TableConverter, "data_table")

app_name = "hearings_data"
urlpatterns = [
    path("<data_table:table>.<data_format:fmt>", views.data_all, name="all"),
    path("<str:coate>/<data_table:table>.<data_format:fmt>", views.data_municipality, name="municipality"),
]
