"""Pages of participatory budgeting: public process and proposal pages, the ballot, and the office."""

from django.urls import path

from kenesh.pb import views_ballot, views_office, views_process, views_proposals, views_results

app_name = "pb"

urlpatterns = [
    path("pb/", views_process.process_list, name="processes"),
    path("pb/<int:process_id>/", views_process.process_detail, name="process"),
    path("pb/<int:process_id>/proposals/new/", views_proposals.proposal_new, name="proposal_new"),
    path("pb/<int:process_id>/proposals/<int:number>/", views_proposals.proposal_detail, name="proposal"),
    path(
        "pb/<int:process_id>/photos/<int:photo_id>.jpg", views_proposals.proposal_photo, name="proposal_photo"
    ),
    path(
        "office/pb/<int:process_id>/proposals/<int:number>/moderate/",
        views_proposals.proposal_moderate,
        name="proposal_moderate",
    ),
    path("pb/<int:process_id>/vote/", views_ballot.ballot, name="ballot"),
    path("pb/<int:process_id>/code/", views_ballot.code_enter, name="code_enter"),
    path("pb/<int:process_id>/code/ballot/", views_ballot.code_ballot, name="code_ballot"),
    path("pb/<int:process_id>/receipt/", views_ballot.receipt_check, name="receipt_check"),
    path("office/pb/", views_office.office_index, name="office"),
    path("office/pb/moderation/", views_office.office_moderation, name="office_moderation"),
    path("office/pb/new/", views_office.office_process_new, name="office_process_new"),
    path("office/pb/<int:process_id>/", views_office.office_process, name="office_process"),
    path(
        "office/pb/<int:process_id>/settings/", views_office.office_process_edit, name="office_process_edit"
    ),
    path("office/pb/<int:process_id>/phase/", views_office.office_phase_move, name="office_phase_move"),
    path(
        "office/pb/<int:process_id>/proposals/new/",
        views_office.office_proposal_new,
        name="office_proposal_new",
    ),
    path(
        "office/pb/<int:process_id>/proposals/<int:number>/",
        views_office.office_proposal,
        name="office_proposal",
    ),
    path("office/pb/<int:process_id>/desk/", views_office.office_desk, name="office_desk"),
    path("office/pb/<int:process_id>/paper/", views_office.office_paper, name="office_paper"),
    path(
        "office/pb/<int:process_id>/participation/",
        views_office.office_participation,
        name="office_participation",
    ),
]

# Counts, results, the Pabulib export and implementation (pb-count: kenesh.pb.views_results).
urlpatterns += [
    path("pb/<int:process_id>/results/", views_results.process_results, name="results"),
    path("pb/results/<int:result_id>/", views_results.result_detail, name="result"),
    path("pb/results/<int:result_id>/progress/", views_results.result_progress, name="result_progress"),
    path("pb/results/<int:result_id>/export.pb", views_results.result_export, name="result_export"),
    path("pb/results/<int:result_id>/export.pb.sha256", views_results.result_digest, name="result_digest"),
    path("pb/<int:process_id>/implementation/", views_results.implementation_list, name="implementation"),
    path(
        "pb/implementation/<int:project_id>/",
        views_results.implementation_detail,
        name="implementation_project",
    ),
    path(
        "pb/implementation/<int:project_id>/photos/<int:update_id>.jpg",
        views_results.implementation_photo,
        name="implementation_photo",
    ),
    path("office/pb/<int:process_id>/results/", views_results.office_results, name="office_results"),
    path(
        "office/pb/<int:process_id>/results/count/",
        views_results.office_result_count,
        name="office_result_count",
    ),
    path(
        "office/pb/results/<int:result_id>/publish/",
        views_results.office_result_publish,
        name="office_result_publish",
    ),
    path(
        "office/pb/implementation/<int:project_id>/",
        views_results.office_implementation,
        name="office_implementation",
    ),
]
