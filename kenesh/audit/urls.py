"""Pages of the audit app."""

from django.urls import path

from kenesh.audit import views

app_name = "audit"
urlpatterns = [
    path("office/audit/", views.audit_log, name="log"),
]
