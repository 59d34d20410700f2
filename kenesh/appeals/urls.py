"""Pages of appeals: public ones under /<lang>/appeals/, the office under /<lang>/office/appeals/."""

from django.urls import path

from kenesh.appeals import views_office, views_public

app_name = "appeals"

urlpatterns = [
    path("appeals/", views_public.index, name="index"),
    path("appeals/track/", views_public.track, name="track"),
    path("appeals/track/<str:code>/", views_public.track_code, name="track_code"),
    path("appeals/national/", views_public.national, name="national"),
    path("appeals/<str:coate>/", views_public.appeal_list, name="list"),
    path("appeals/<str:coate>/new/", views_public.appeal_new, name="new"),
    path("appeals/<str:coate>/figures/", views_public.figures, name="figures"),
    path("office/appeals/", views_office.inbox, name="office"),
    path("office/appeals/new/", views_office.appeal_paper, name="office_paper"),
    path("office/appeals/settings/", views_office.municipality_settings, name="office_settings"),
    path("office/appeals/calendar/", views_office.calendar, name="office_calendar"),
    path("office/appeals/sweep/", views_office.sweep, name="office_sweep"),
    path("office/appeals/<int:appeal_id>/", views_office.appeal_detail, name="office_appeal"),
    path("office/appeals/<int:appeal_id>/photo.jpg", views_office.appeal_photo, name="office_photo"),
]
