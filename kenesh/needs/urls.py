"""Pages of the needs assessment: public (priorities, villages, the XLSForm) and the back office."""

from django.urls import path

from kenesh.needs import office_views, views

app_name = "needs"
urlpatterns = [
    path("needs/", views.overview, name="overview"),
    path("needs/<str:coate>/", views.municipality, name="municipality"),
    path("needs/<str:coate>/<int:year>/", views.campaign, name="campaign"),
    path("needs/<str:coate>/<int:year>/form.xlsx", views.xlsform, name="xlsform"),
    path("needs/<str:coate>/<int:year>/villages/<str:village_coate>/", views.village, name="village"),
    path("office/needs/", office_views.office_home, name="office"),
    path("office/needs/sessions/<int:pk>/", office_views.session_edit, name="office_session"),
    path("office/needs/sessions/<int:pk>/delete/", office_views.session_delete, name="office_session_delete"),
    path("office/needs/<str:coate>/", office_views.office_municipality, name="office_municipality"),
    path("office/needs/<str:coate>/<int:year>/", office_views.office_campaign, name="office_campaign"),
    path(
        "office/needs/<str:coate>/<int:year>/sessions/new/",
        office_views.session_new,
        name="office_session_new",
    ),
    path("office/needs/<str:coate>/<int:year>/import/", office_views.session_import, name="office_import"),
    path(
        "office/needs/<str:coate>/<int:year>/categories/new/",
        office_views.category_new,
        name="office_category_new",
    ),
    path(
        "office/needs/<str:coate>/<int:year>/publish/", office_views.campaign_publish, name="office_publish"
    ),
]
