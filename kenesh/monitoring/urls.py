"""Pages of public monitoring: public timelines, "you said, we did", the visit form, the office answers and
checklists."""

from django.urls import path

from kenesh.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("monitoring/<str:coate>/", views.municipality, name="municipality"),
    path("monitoring/<str:coate>/objects/<int:object_id>/", views.monitored_object, name="object"),
    path("monitoring/<str:coate>/you-said-we-did/", views.you_said, name="you_said"),
    path("monitoring/<str:coate>/visits/new/", views.visit_new, name="visit_new"),
    path("monitoring/<str:coate>/photos/<int:photo_id>.jpg", views.photo, name="photo"),
    path("office/monitoring/", views.office_home, name="office"),
    path("office/monitoring/<str:coate>/findings/", views.office_findings, name="office_findings"),
    path("office/monitoring/findings/<int:finding_id>/answer/", views.office_answer, name="office_answer"),
    path("office/monitoring/checklists/", views.office_checklists, name="office_checklists"),
    path("office/monitoring/checklists/new/", views.office_checklist_new, name="office_checklist_new"),
    path("office/monitoring/checklists/<int:template_id>/", views.office_checklist, name="office_checklist"),
]
