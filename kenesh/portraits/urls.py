from django.urls import path

from kenesh.portraits import views

app_name = "portraits"

urlpatterns = [
    path("portraits/", views.dashboard, name="dashboard"),
    path("portraits/<str:coate>/", views.portrait, name="portrait"),
    path("portraits/<str:coate>/portrait-<str:language>.pdf", views.portrait_pdf, name="pdf"),
]
