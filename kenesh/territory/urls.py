"""Pages of the territory app."""

from django.urls import path, register_converter

from kenesh.territory import views


class CoateConverter:
    """A 14-digit СОАТЕ code; anything else is not a territory URL (404)."""

    regex = r"[0-9]{14}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CoateConverter, "coate")

app_name = "territory"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("m/<coate:coate>/", views.municipality_detail, name="municipality"),
    path("office/territory/", views.office_index, name="office"),
    path("office/territory/<coate:coate>/", views.office_municipality, name="office_municipality"),
    path("office/territory/<coate:coate>/executive/", views.office_executive, name="office_executive"),
    path("office/territory/<coate:coate>/council/", views.office_council, name="office_council"),
    path("office/territory/<coate:coate>/deputies/add/", views.office_deputy_add, name="office_deputy_add"),
    path(
        "office/territory/<coate:coate>/deputies/<int:deputy_id>/",
        views.office_deputy_edit,
        name="office_deputy_edit",
    ),
    path(
        "office/territory/<coate:coate>/deputies/<int:deputy_id>/end/",
        views.office_deputy_end,
        name="office_deputy_end",
    ),
]
