"""Pages of the hearings app: the public archive, a hearing, its minutes, the national view; the office."""

from django.urls import path

from kenesh.hearings import office_views, views

app_name = "hearings"
urlpatterns = [
    # Public: the national view, a municipality's archive, one hearing, its materials and minutes.
    path("hearings/", views.national, name="national"),
    path("hearings/<str:coate>/", views.archive, name="archive"),
    path("hearings/<str:coate>/<int:pk>/", views.detail, name="detail"),
    path("hearings/<str:coate>/<int:pk>/minutes-<str:language>.pdf", views.minutes, name="minutes"),
    path("hearings/<str:coate>/<int:pk>/documents/<int:document_id>/", views.document, name="document"),
    # Back office.
    path("office/hearings/", office_views.office_index, name="office"),
    path("office/hearings/h/<int:pk>/", office_views.office_hearing, name="office_hearing"),
    path("office/hearings/h/<int:pk>/edit/", office_views.office_edit, name="office_edit"),
    path("office/hearings/h/<int:pk>/attendance/", office_views.office_attendance, name="office_attendance"),
    path("office/hearings/h/<int:pk>/summary/", office_views.office_summary, name="office_summary"),
    path("office/hearings/h/<int:pk>/documents/new/", office_views.office_document, name="office_document"),
    path(
        "office/hearings/h/<int:pk>/proposals/new/",
        office_views.office_proposal_new,
        name="office_proposal_new",
    ),
    path(
        "office/hearings/documents/<int:pk>/delete/",
        office_views.office_document_delete,
        name="office_document_delete",
    ),
    path("office/hearings/proposals/<int:pk>/answer/", office_views.office_answer, name="office_answer"),
    path("office/hearings/<str:coate>/", office_views.office_municipality, name="office_municipality"),
    path("office/hearings/<str:coate>/new/", office_views.office_new, name="office_new"),
    path("office/hearings/<str:coate>/rules/", office_views.office_policy, name="office_policy"),
]
