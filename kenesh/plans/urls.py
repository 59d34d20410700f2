"""Pages of the joint action plan: public (a municipality's plan) and the back office."""

from django.urls import path

from kenesh.plans import office_views, views

app_name = "plans"
urlpatterns = [
    path("plans/<str:coate>/", views.municipality, name="municipality"),
    path("plans/<str:coate>/<int:year>/", views.plan, name="plan"),
    path("office/plans/", office_views.office_home, name="office"),
    path("office/plans/items/<int:pk>/", office_views.item_edit, name="office_item"),
    path("office/plans/groups/<int:pk>/members/", office_views.member_new, name="office_member_new"),
    path(
        "office/plans/members/<int:pk>/remove/", office_views.member_remove_view, name="office_member_remove"
    ),
    path("office/plans/<str:coate>/", office_views.office_municipality, name="office_municipality"),
    path("office/plans/<str:coate>/<int:year>/", office_views.office_plan, name="office_plan"),
    path("office/plans/<str:coate>/<int:year>/items/new/", office_views.item_new, name="office_item_new"),
    path(
        "office/plans/<str:coate>/<int:year>/approve/", office_views.plan_approve_view, name="office_approve"
    ),
    path("office/plans/<str:coate>/<int:year>/groups/new/", office_views.group_new, name="office_group_new"),
]
