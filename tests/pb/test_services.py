"""Processes, proposals, review, moderation and comments: what they write, audit and refuse."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.audit.models import AuditEntry
from kenesh.pb import services
from kenesh.pb.models import Comment, Phase, Proposal, ProposalPhoto, ProposalStatus
from kenesh.pb.testing import process_make, proposal_make, voter_make
from kenesh.territory.testing import municipality_make
from tests.pb.test_photos import jpeg_with_gps

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality():
    return municipality_make("41702215810000", "Ак-Суу")


@pytest.fixture
def staff(municipality):
    return person_make(role=Role.STAFF, municipality=municipality)


def test_process_create_and_update_are_audited(municipality, staff):
    process = services.process_create(
        actor=staff, municipality=municipality, title_ky="Бюджет", budget=Decimal(500000), max_choices=3
    )
    assert process.phase == Phase.DRAFT
    services.process_update(actor=staff, process=process, budget=Decimal(600000))
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "pb.process.create",
        "pb.process.update",
    ]


def test_process_settings_are_checked(municipality, staff):
    with pytest.raises(ValidationError) as caught:
        services.process_create(actor=staff, municipality=municipality, budget=Decimal(1), title_ky="")
    assert "title_ky" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.process_create(
            actor=staff,
            municipality=municipality,
            title_ky="x",
            budget=Decimal(1),
            min_choices=3,
            max_choices=2,
        )


def test_the_ballot_rules_freeze_when_voting_opens(staff, municipality):
    process = process_make(municipality, phase=Phase.VOTING)
    with pytest.raises(ValidationError):
        services.process_update(actor=staff, process=process, budget=Decimal(5))
    services.process_update(actor=staff, process=process, description_ru="Подробнее")


def test_proposal_submit_numbers_and_strips_photos(municipality):
    process = process_make(municipality, phase=Phase.PROPOSALS)
    author = voter_make(process)
    fields = {"title_ru": "Колодец", "description_ru": "Нужен колодец", "estimated_cost": Decimal(1000)}
    first = services.proposal_submit(author=author, process=process, **fields)
    photo = SimpleUploadedFile("well.jpg", jpeg_with_gps(), content_type="image/jpeg")
    second = services.proposal_submit(author=author, process=process, photos=[photo], **fields)
    assert (first.number, second.number) == (1, 2)
    stored = ProposalPhoto.objects.get()
    assert stored.image.name.endswith(".jpg") and "well" not in stored.image.name
    assert b"CameraMaker" not in stored.image.read()


def test_a_proposal_with_a_non_image_changes_nothing(municipality):
    process = process_make(municipality, phase=Phase.PROPOSALS)
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    with pytest.raises(ValidationError) as caught:
        services.proposal_submit(
            author=voter_make(process),
            process=process,
            photos=[fake],
            title_ky="Жол",
            description_ky="Жол керек",
            estimated_cost=Decimal(10),
        )
    assert "photos" in caught.value.message_dict
    assert not Proposal.objects.exists() and not ProposalPhoto.objects.exists()


def test_proposals_need_a_title_and_description_in_one_language(municipality):
    process = process_make(municipality, phase=Phase.PROPOSALS)
    with pytest.raises(ValidationError) as caught:
        services.proposal_submit(author=None, process=process, estimated_cost=Decimal(0))
    assert {"title_ky", "description_ky", "estimated_cost"} <= set(caught.value.message_dict)


def test_proposals_only_during_collection(municipality):
    process = process_make(municipality, phase=Phase.VOTING)
    with pytest.raises(ValidationError):
        services.proposal_submit(
            author=None, process=process, title_ky="x", description_ky="y", estimated_cost=Decimal(1)
        )


def test_review_reject_and_merge(municipality, staff):
    process = process_make(municipality, phase=Phase.REVIEW)
    a, b, c = (proposal_make(process, status=ProposalStatus.SUBMITTED) for _ in range(3))
    services.proposal_review(
        actor=staff, proposal=a, feasibility_note="OK", final_cost=Decimal(900), on_ballot=True
    )
    a.refresh_from_db()
    assert (a.status, a.cost) == (ProposalStatus.ON_BALLOT, Decimal(900))
    with pytest.raises(ValidationError):
        services.proposal_reject(actor=staff, proposal=b, reason_ky="", reason_ru=" ")
    services.proposal_reject(actor=staff, proposal=b, reason_ky="", reason_ru="Не в полномочиях")
    b.refresh_from_db()
    assert b.status == ProposalStatus.REJECTED and b.rejection_reason == "Не в полномочиях"
    with pytest.raises(ValidationError):
        services.proposal_merge(actor=staff, proposal=c, into=c)
    services.proposal_merge(actor=staff, proposal=c, into=a)
    c.refresh_from_db()
    assert (c.status, c.merged_into) == (ProposalStatus.MERGED, a)
    assert AuditEntry.objects.filter(action__startswith="pb.proposal.").count() == 3


def test_moderation_and_comments(municipality, staff):
    process = process_make(municipality, phase=Phase.PROPOSALS, comments_enabled=True)
    proposal = proposal_make(process, status=ProposalStatus.SUBMITTED)
    moderator = person_make(role=Role.MODERATOR, municipality=municipality)
    comment = services.comment_add(author=voter_make(process), proposal=proposal, text="  Good idea ")
    assert comment.text == "Good idea"
    services.comment_hide(actor=moderator, comment=comment, reason="spam")
    services.proposal_hide(actor=moderator, proposal=proposal, reason="insult")
    assert Comment.objects.get().hidden and Proposal.objects.get().hidden
    services.proposal_restore(actor=moderator, proposal=proposal)
    assert not Proposal.objects.get().hidden
    with pytest.raises(ValidationError):
        services.comment_add(author=voter_make(process), proposal=proposal, text="   ")
    process.comments_enabled = False
    process.save()
    with pytest.raises(ValidationError):
        services.comment_add(author=voter_make(process), proposal=proposal, text="hi")
