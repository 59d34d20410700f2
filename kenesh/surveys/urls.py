"""Pages of the surveys app: results, the questionnaire, the comparison, and the office."""

from django.urls import path

from kenesh.surveys import views, views_office

app_name = "surveys"

urlpatterns = [
    path("surveys/", views.national, name="national"),
    path("surveys/m/<str:coate>/", views.municipality, name="municipality"),
    path("surveys/rounds/<int:round_id>/", views.round_results, name="round"),
    path("surveys/rounds/<int:round_id>/answer/", views.answer, name="answer"),
    path("surveys/rounds/<int:round_id>/indicators.csv", views.indicators_csv, name="indicators_csv"),
    path("surveys/compare/<int:first_id>/<int:second_id>/", views.compare, name="compare"),
    path("office/surveys/", views_office.index, name="office"),
    path("office/surveys/national/", views_office.national, name="office_national"),
    path("office/surveys/m/<int:municipality_id>/", views_office.municipality, name="office_municipality"),
    path(
        "office/surveys/m/<int:municipality_id>/instruments/new/",
        views_office.instrument_new,
        name="office_instrument_new",
    ),
    path(
        "office/surveys/instruments/<int:instrument_id>/", views_office.instrument, name="office_instrument"
    ),
    path(
        "office/surveys/instruments/<int:instrument_id>/questions/new/",
        views_office.question_new,
        name="office_question_new",
    ),
    path(
        "office/surveys/instruments/<int:instrument_id>/questions/<slug:code>/",
        views_office.question_reword,
        name="office_question_reword",
    ),
    path(
        "office/surveys/instruments/<int:instrument_id>/order/",
        views_office.question_order,
        name="office_question_order",
    ),
    path(
        "office/surveys/instruments/<int:instrument_id>/xlsform.xlsx",
        views_office.xlsform,
        name="office_xlsform",
    ),
    path(
        "office/surveys/m/<int:municipality_id>/rounds/new/", views_office.round_new, name="office_round_new"
    ),
    path("office/surveys/rounds/<int:round_id>/paper/", views_office.paper, name="office_paper"),
    path("office/surveys/rounds/<int:round_id>/import/", views_office.kobo_import, name="office_import"),
]
