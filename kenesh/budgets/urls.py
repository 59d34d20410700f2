"""Pages of the budgets app: the office pages (budget-core) and the public pages (budget-public)."""

from django.urls import path

from kenesh.budgets import office_views, views

app_name = "budgets"
urlpatterns = [
    # Public (budget-public): the national view, a municipality's citizen's budget, its PDF, comparisons.
    path("budgets/", views.overview, name="overview"),
    path("budgets/<str:coate>/", views.municipality_budgets, name="municipality"),
    path("budgets/<str:coate>/years/", views.compare_years, name="compare_years"),
    path("budgets/<str:coate>/<int:year>/", views.citizen, name="citizen"),
    path("budgets/<str:coate>/<int:year>/brochure.pdf", views.brochure, name="brochure"),
    path("budgets/<str:coate>/<int:year>/peers/", views.compare_peers, name="compare_peers"),
    # Back office: a municipality's budgets, their versions, import, lines, summary, publishing, comparison.
    path("office/budgets/", office_views.office_home, name="office"),
    # The import template, public so that an accountant can get it without an office account.
    path("budgets/import-template.<str:fmt>", office_views.import_template, name="import_template"),
    # Versions and lines before "<coate>/<year>/", which would otherwise take "versions/<pk>/".
    path("office/budgets/versions/<int:pk>/", office_views.version_detail, name="office_version"),
    path("office/budgets/versions/<int:pk>/upload/", office_views.version_upload, name="office_upload"),
    path(
        "office/budgets/versions/<int:pk>/publish/", office_views.version_publish_view, name="office_publish"
    ),
    path("office/budgets/versions/<int:pk>/lines/new/", office_views.line_new, name="office_line_new"),
    path("office/budgets/lines/<int:pk>/", office_views.line_edit, name="office_line"),
    path("office/budgets/lines/<int:pk>/delete/", office_views.line_delete_view, name="office_line_delete"),
    path("office/budgets/<str:coate>/", office_views.budget_list, name="office_municipality"),
    path("office/budgets/<str:coate>/new/", office_views.budget_new, name="office_budget_new"),
    path("office/budgets/<str:coate>/<int:year>/", office_views.budget_detail, name="office_budget"),
    path("office/budgets/<str:coate>/<int:year>/summary/", office_views.summary_edit, name="office_summary"),
    path(
        "office/budgets/<str:coate>/<int:year>/versions/new/",
        office_views.version_new,
        name="office_version_new",
    ),
    path(
        "office/budgets/<str:coate>/<int:year>/compare/", office_views.version_compare, name="office_compare"
    ),
]
