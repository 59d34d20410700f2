"""Pages of counts and their results, the Pabulib export and its digest, and implementation of the winners.

Public: a process's published result (winners, why each project won or lost, participation, what the
signed-in voter's ballot helped fund), any published result and its export, the projects being built.
Office (staff of the municipality, permission pb.manage_process): start a count or a recount, follow its
progress, publish it, report on a project's implementation.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kenesh.ops.access import office_required, require_perm
from kenesh.pb.export import K_ANONYMITY
from kenesh.pb.implementation import (
    budget_line_url,
    implementation_project_get,
    implementation_projects_of,
    implementation_update_add,
)
from kenesh.pb.models import (
    ImplementationProject,
    ImplementationStatus,
    ImplementationUpdate,
    Process,
    Result,
    ResultStatus,
)
from kenesh.pb.participation import participation_of
from kenesh.pb.phases import PHASES, Action, allows
from kenesh.pb.result_services import result_publish, result_request
from kenesh.pb.results import (
    count_error_text,
    project_lines,
    recount_matches,
    result_in_progress,
    result_published_latest,
    results_of,
    rule_summary,
    voter_ballot,
    voter_contribution,
    votes_label,
)
from kenesh.pb.views_process import process_public_get

MANAGE = "pb.manage_process"
POLL_SECONDS = 2


def _process_get(process_id: int) -> Process:
    return get_object_or_404(Process.objects.select_related("municipality", "village"), pk=process_id)


def _result_get(result_id: int) -> Result:
    return get_object_or_404(
        Result.objects.select_related("process", "process__municipality", "process__village", "recount_of"),
        pk=result_id,
    )


def _may_manage(request: HttpRequest, process: Process) -> bool:
    return bool(request.user.has_perm(MANAGE, process.municipality))


def _require_visible(request: HttpRequest, result: Result) -> None:
    """Published results are public; a count not yet published only to the process's staff."""
    if result.published_at is None:
        require_perm(request, MANAGE, result.process.municipality)


@require_GET
def process_results(request: HttpRequest, process_id: int) -> HttpResponse:
    """The result the public sees for a process, or where the count stands (drafts are not public: 404)."""
    process = process_public_get(process_id)
    result = result_published_latest(process)
    if result is None:
        # A count's progress is the process's staff's business until they publish it (as its fragment).
        running = result_in_progress(process) if _may_manage(request, process) else None
        return render(
            request,
            "pb/results/pending.html",
            {"process": process, "running": running, "poll_seconds": POLL_SECONDS},
        )
    return _result_page(request, result)


@require_GET
def result_detail(request: HttpRequest, result_id: int) -> HttpResponse:
    result = _result_get(result_id)
    _require_visible(request, result)
    if result.status != ResultStatus.DONE:
        return render(
            request,
            "pb/results/pending.html",
            {"process": result.process, "running": result, "poll_seconds": POLL_SECONDS},
        )
    return _result_page(request, result)


def _result_page(request: HttpRequest, result: Result) -> HttpResponse:
    process = result.process
    lines = project_lines(result)
    winners = [line for line in lines if line.row.selected]
    ballot = voter_ballot(process, request.user)
    contribution = voter_contribution(result, ballot, lines) if ballot is not None else None
    recounts = list(results_of(process).exclude(pk=result.pk).filter(published_at__isnull=False))
    context: dict[str, Any] = {
        "process": process,
        "result": result,
        "lines": lines,
        "winners": winners,
        "left": process.budget - result.total_cost,
        "spent_share": (result.total_cost / process.budget) if process.budget else None,
        "summary": rule_summary(result),
        "votes_label": votes_label(process.ballot_format),
        "participation": participation_of(process),
        "contribution": contribution,
        "other_results": recounts,
        "recount_matches": recount_matches(result) if result.recount_of_id else None,
        "may_manage": _may_manage(request, process),
        "k": K_ANONYMITY,
    }
    return render(request, "pb/results/result.html", context)


@require_GET
def result_progress(request: HttpRequest, result_id: int) -> HttpResponse:
    """The progress fragment htmx polls; a plain request (no JavaScript) gets the whole page instead.

    Only those who may see the result may follow its count: the process's staff until it is published.
    """
    result = _result_get(result_id)
    _require_visible(request, result)
    if not request.htmx:  # type: ignore[attr-defined]
        return HttpResponseRedirect(reverse("pb:result", kwargs={"result_id": result.pk}))
    response = render(request, "pb/results/_progress.html", {"running": result, "poll_seconds": POLL_SECONDS})
    if result.status in (ResultStatus.DONE, ResultStatus.FAILED):
        # The count has ended: reload the page, which now shows the result (or the error).
        response["HX-Refresh"] = "true"
    return response


def _export_name(result: Result) -> str:
    return f"kenesh_{result.process.municipality.coate}_pb{result.process_id}_result{result.pk}.pb"


@require_GET
def result_export(request: HttpRequest, result_id: int) -> HttpResponse:
    """The anonymised Pabulib file, exactly the bytes whose SHA-256 the page shows."""
    result = _result_get(result_id)
    _require_visible(request, result)
    if result.status != ResultStatus.DONE or not result.export:
        raise Http404("no export yet")
    response = HttpResponse(result.export.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(result)}"'
    return response


@require_GET
def result_digest(request: HttpRequest, result_id: int) -> HttpResponse:
    """The digest in `sha256sum` format, so `sha256sum -c FILE.sha256` checks a downloaded export."""
    result = _result_get(result_id)
    _require_visible(request, result)
    if result.status != ResultStatus.DONE or not result.export_sha256:
        raise Http404("no export yet")
    response = HttpResponse(
        f"{result.export_sha256}  {_export_name(result)}\n", content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(result)}.sha256"'
    return response


# --- office: counts ----------------------------------------------------------------------------------------


@office_required
@require_GET
def office_results(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _process_get(process_id)
    require_perm(request, MANAGE, process.municipality)
    results = list(results_of(process))
    errors = {r.pk: count_error_text(r.error) for r in results if r.error}
    running = next((r for r in results if r.status in (ResultStatus.QUEUED, ResultStatus.RUNNING)), None)
    return render(
        request,
        "pb/results/office.html",
        {
            "process": process,
            "results": [(r, errors.get(r.pk, "")) for r in results],
            "running": running,
            "may_count": allows(process, Action.COUNT) and running is None,
            "poll_seconds": POLL_SECONDS,
        },
    )


@office_required
@require_POST
def office_result_count(request: HttpRequest, process_id: int) -> HttpResponse:
    process = _process_get(process_id)
    require_perm(request, MANAGE, process.municipality)
    recount_of = None
    if request.POST.get("recount_of"):
        try:
            recount_of = Result.objects.get(pk=int(request.POST["recount_of"]), process=process)
        except (Result.DoesNotExist, ValueError):
            raise Http404("no such result") from None
    try:
        result_request(actor=request.user, process=process, recount_of=recount_of)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The count has started. This page shows its progress."))
    return HttpResponseRedirect(reverse("pb:office_results", kwargs={"process_id": process.pk}))


@office_required
@require_POST
def office_result_publish(request: HttpRequest, result_id: int) -> HttpResponse:
    result = _result_get(result_id)
    require_perm(request, MANAGE, result.process.municipality)
    try:
        result_publish(actor=request.user, result=result)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("pb:office_results", kwargs={"process_id": result.process_id}))
    messages.success(request, _("The result is published."))
    return HttpResponseRedirect(reverse("pb:result", kwargs={"result_id": result.pk}))


# --- implementation ----------------------------------------------------------------------------------------


@require_GET
def implementation_list(request: HttpRequest, process_id: int) -> HttpResponse:
    process = process_public_get(process_id)
    projects = implementation_projects_of(process)
    if not _sees_hidden(request, process):
        projects = projects.filter(proposal__hidden=False)
    return render(request, "pb/implementation/list.html", {"process": process, "projects": list(projects)})


def _sees_hidden(request: HttpRequest, process: Process) -> bool:
    """Moderators and the process's staff see a project hidden by moderation; nobody else does."""
    user = request.user
    return bool(user.has_perm("moderation.moderate", process.municipality) or _may_manage(request, process))


def _project_public_get(request: HttpRequest, project_id: int) -> ImplementationProject:
    """A project citizens may see: its process is public and its proposal not hidden (else 404)."""
    project = _project_get(project_id)
    process = project.proposal.process
    if not PHASES[process.phase].public:
        raise Http404("no such project")
    if project.proposal.hidden and not _sees_hidden(request, process):
        raise Http404("no such project")
    return project


def _project_get(project_id: int) -> ImplementationProject:
    try:
        return implementation_project_get(project_id)
    except ImplementationProject.DoesNotExist:
        raise Http404("no such project") from None


@require_GET
def implementation_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project_public_get(request, project_id)
    process = project.proposal.process
    return render(
        request,
        "pb/implementation/detail.html",
        {
            "project": project,
            "process": process,
            "updates": list(project.updates.all()),
            "budget_line_url": budget_line_url(project),
            "may_manage": _may_manage(request, process),
        },
    )


@require_GET
def implementation_photo(request: HttpRequest, project_id: int, update_id: int) -> FileResponse:
    """A photo of an implementation update, served by the app: hidden with its project, as proposal photos."""
    project = _project_public_get(request, project_id)
    update = ImplementationUpdate.objects.filter(project=project, pk=update_id).exclude(photo="").first()
    if update is None or not update.photo:
        raise Http404("no such photo")
    try:
        image = update.photo.open("rb")
    except FileNotFoundError:
        raise Http404("no such photo") from None
    response = FileResponse(image, content_type="image/jpeg")
    # A project can be hidden later: only a short public cache, none shared for those who see hidden ones.
    hidden = project.proposal.hidden
    response["Cache-Control"] = "private, max-age=3600" if hidden else "public, max-age=3600"
    return response


class ImplementationUpdateForm(forms.Form):
    """What staff report on a project (validated again by implementation_update_add)."""

    text = forms.CharField(label=gettext_lazy("What has been done"), widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ImplementationStatus.choices)
    progress = forms.IntegerField(label=gettext_lazy("Progress, %"), min_value=0, max_value=100)
    photo = forms.FileField(
        label=gettext_lazy("Photo (optional)"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG or WebP, at most 10 MB. Location and camera data are removed."),
    )


@office_required
@require_http_methods(["GET", "POST"])
def office_implementation(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project_get(project_id)
    process = project.proposal.process
    require_perm(request, MANAGE, process.municipality)
    if request.method == "POST":
        form = ImplementationUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                implementation_update_add(
                    actor=request.user,
                    project=project,
                    text=form.cleaned_data["text"],
                    progress=form.cleaned_data["progress"],
                    status=form.cleaned_data["status"],
                    photo=form.cleaned_data.get("photo"),
                )
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    for message in field_errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("The update is published."))
                return HttpResponseRedirect(
                    reverse("pb:implementation_project", kwargs={"project_id": project.pk})
                )
    else:
        form = ImplementationUpdateForm(initial={"status": project.status, "progress": project.progress})
    return render(request, "pb/implementation/office_update.html", {"project": project, "form": form})
