"""Open data of public hearings at stable addresses without a language prefix (see opendata.py)."""

from django.urls import path, register_converter

from kenesh.hearings import opendata


class FormatConverter:
    regex = r"(?:csv|json)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "data_format")

app_name = "hearings_data"
urlpatterns = [
    path("hearings.<data_format:fmt>", opendata.download_all, name="all"),
    path("<str:coate>/hearings.<data_format:fmt>", opendata.download_municipality, name="municipality"),
]
