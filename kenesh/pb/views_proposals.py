"""Proposal pages: submitting one (residents), reading one with its photos and comments, moderating."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kenesh.accounts.forms import form_errors_add
from kenesh.accounts.models import User
from kenesh.ops.access import office_required, require_perm
from kenesh.ops.limits import TOO_MANY_STATUS, address_key, rate, refuse_form, request_limited, user_key
from kenesh.pb import selectors, services
from kenesh.pb.forms import CommentForm, HideForm, ProposalForm
from kenesh.pb.models import Comment, Proposal, ProposalPhoto
from kenesh.pb.phases import Action, allows
from kenesh.pb.views_process import process_public_get, proposal_status_mark

PROPOSAL_FIELDS = (
    "title_ky",
    "title_ru",
    "description_ky",
    "description_ru",
    "village",
    "place",
    "category",
    "estimated_cost",
)


def actor_of(request: HttpRequest) -> User:
    """The signed-in person (views that call this are behind a login or office check)."""
    return cast(User, request.user)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(group="kenesh.proposal-user", key=user_key, rate=rate("proposal-user"), method="POST", block=False)
@ratelimit(
    group="kenesh.proposal-address",
    key=address_key,
    rate=rate("proposal-address"),
    method="POST",
    block=False,
)
def proposal_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = process_public_get(process_id)
    require_perm(request, "accounts.act_as_resident", process.municipality)
    if not allows(process, Action.SUBMIT_PROPOSAL):
        messages.error(request, _("Proposals are not being collected in this process now."))
        return redirect("pb:process", process_id=process.pk)
    form = ProposalForm(request.POST or None, request.FILES or None, process=process)
    if request.method == "POST" and request_limited(request):
        # Before the form is cleaned: the photos are not even decoded.
        refuse_form(form)
        return render(
            request, "pb/proposal_form.html", {"process": process, "form": form}, status=TOO_MANY_STATUS
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_submit(
                author=actor_of(request),
                process=process,
                photos=data["photos"],
                **{name: data[name] for name in PROPOSAL_FIELDS},
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request, _("Thank you: your proposal is number %(number)s.") % {"number": proposal.number}
            )
            return redirect("pb:proposal", process_id=process.pk, number=proposal.number)
    return render(request, "pb/proposal_form.html", {"process": process, "form": form})


@require_http_methods(["GET", "POST"])
@ratelimit(group="kenesh.comment-user", key=user_key, rate=rate("comment-user"), method="POST", block=False)
@ratelimit(
    group="kenesh.comment-address", key=address_key, rate=rate("comment-address"), method="POST", block=False
)
def proposal_detail(request: HttpRequest, process_id: int, number: int) -> HttpResponse:
    process = process_public_get(process_id)
    moderator = request.user.has_perm("moderation.moderate", process.municipality)
    try:
        proposal = selectors.proposal_get(process=process, number=number, with_hidden=moderator)
    except Proposal.DoesNotExist:
        raise Http404(number) from None
    can_comment = (
        process.comments_enabled
        and allows(process, Action.COMMENT)
        and request.user.has_perm("accounts.act_as_resident", process.municipality)
    )
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_comment:
            require_perm(request, "accounts.act_as_resident", process.municipality)
            messages.error(request, _("Comments are closed."))
            return redirect("pb:proposal", process_id=process.pk, number=number)
        if request_limited(request):
            refuse_form(form)
            status = TOO_MANY_STATUS
        elif form.is_valid():
            try:
                services.comment_add(
                    author=actor_of(request), proposal=proposal, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _("Your comment is published."))
                return redirect("pb:proposal", process_id=process.pk, number=number)
    proposal_status_mark(proposal, selectors.published_outcomes(process=process))
    context = {
        "process": process,
        "proposal": proposal,
        "comments": proposal.visible_comments,  # type: ignore[attr-defined]
        "form": form,
        "can_comment": can_comment,
        "comments_enabled": process.comments_enabled,
        "moderator": moderator,
        "hide_form": HideForm(),
    }
    return render(request, "pb/proposal_detail.html", context, status=status)


@office_required
@require_POST
def proposal_moderate(request: HttpRequest, process_id: int, number: int) -> HttpResponse:
    """Hide or restore a proposal, or one of its comments (field `comment`); moderators only."""
    process = process_public_get(process_id)
    require_perm(request, "moderation.moderate", process.municipality)
    try:
        proposal = process.proposals.get(number=number)
    except Proposal.DoesNotExist:
        raise Http404(number) from None
    restore = request.POST.get("action") == "restore"
    try:
        comment_id = request.POST.get("comment")
        if comment_id:
            try:
                comment = proposal.comments.get(pk=int(comment_id))
            except (Comment.DoesNotExist, ValueError):
                raise Http404(comment_id) from None
            if restore:
                services.comment_restore(actor=actor_of(request), comment=comment)
            else:
                services.comment_hide(
                    actor=actor_of(request), comment=comment, reason=request.POST.get("reason", "")
                )
        elif restore:
            services.proposal_restore(actor=actor_of(request), proposal=proposal)
        else:
            services.proposal_hide(
                actor=actor_of(request), proposal=proposal, reason=request.POST.get("reason", "")
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Restored.") if restore else _("Hidden."))
    return redirect("pb:proposal", process_id=process.pk, number=number)


def proposal_photo(request: HttpRequest, process_id: int, photo_id: int) -> FileResponse:
    """A proposal's photo, served by the app so that a hidden proposal's photos are hidden too."""
    process = process_public_get(process_id)
    moderator = request.user.has_perm("moderation.moderate", process.municipality)
    photos = ProposalPhoto.objects.filter(proposal__process=process)
    if not moderator:
        photos = photos.filter(proposal__hidden=False)
    try:
        photo = photos.get(pk=photo_id)
    except ProposalPhoto.DoesNotExist:
        raise Http404(photo_id) from None
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600" if moderator else "public, max-age=86400"
    return response
