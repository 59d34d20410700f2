"""The pages: public process and proposals, the ballot (web and code), and the office, with permissions."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.pb.models import (
    Ballot,
    BallotFormat,
    Comment,
    PaperBallot,
    Participation,
    Phase,
    Process,
    Proposal,
    ProposalStatus,
    VotingCode,
)
from kenesh.pb.testing import ballot_make, process_make, process_with_proposals, proposal_make, voter_make
from kenesh.territory.testing import municipality_make
from tests.pb.desk_util import code_for, paper_for

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"pb:{name}", kwargs=kwargs)


@pytest.fixture
def process():
    return process_with_proposals(max_choices=2, comments_enabled=True)


@pytest.fixture
def staff(process):
    return person_make(role=Role.STAFF, municipality=process.municipality)


def test_public_pages(client, process, django_assert_max_num_queries):
    proposal_make(process, status=ProposalStatus.REJECTED, rejection_reason_ru="Дорого", number=7)
    with django_assert_max_num_queries(8):
        page = client.get(url("process", process_id=process.pk, language="ru"))
    assert page.status_code == 200
    assert "Дорого" in page.content.decode()
    assert client.get(url("processes")).status_code == 200
    assert client.get(url("proposal", process_id=process.pk, number=1)).status_code == 200


def test_a_draft_is_not_public(client):
    draft = process_make(phase=Phase.DRAFT)
    assert client.get(url("process", process_id=draft.pk)).status_code == 404


def test_the_ballot_without_signing_in(client, process):
    page = client.get(url("ballot", process_id=process.pk))
    assert page.status_code == 200 and "Sign in to vote" in page.content.decode()
    response = client.post(url("ballot", process_id=process.pk), {"choice": ["1"], "action": "cast"})
    assert response.status_code == 302 and Ballot.objects.count() == 0


def test_web_ballot_check_then_cast(client, process):
    voter = voter_make(process)
    client.force_login(voter)
    page = client.post(url("ballot", process_id=process.pk), {"choice": ["1", "3"], "action": "preview"})
    assert page.status_code == 200 and Ballot.objects.count() == 0
    assert 'value="3" data-cost="300" checked' in page.content.decode()
    response = client.post(url("ballot", process_id=process.pk), {"choice": ["1", "3"], "action": "cast"})
    assert response.status_code == 302
    assert Ballot.objects.count() == 1 and Participation.objects.get().user == voter
    page = client.get(url("ballot", process_id=process.pk))
    assert "Your ballot is recorded" in page.content.decode()


def test_a_refused_ballot_keeps_the_marks_and_says_why(client, process):
    process.ballot_format = BallotFormat.KNAPSACK
    process.max_choices = None
    process.save()
    client.force_login(voter_make(process))
    page = client.post(url("ballot", process_id=process.pk), {"choice": ["1", "2"], "action": "cast"})
    assert page.status_code == 400 and Ballot.objects.count() == 0
    html = page.content.decode()
    assert 'role="alert"' in html and "more than the budget" in html
    assert 'value="1" data-cost="600" checked' in html and 'value="2" data-cost="500" checked' in html


def test_knapsack_preview_shows_money_left_without_js(client, process):
    process.ballot_format = BallotFormat.KNAPSACK
    process.save()
    client.force_login(voter_make(process))
    page = client.post(url("ballot", process_id=process.pk), {"choice": ["3"], "action": "preview"})
    assert 'data-tally="left"' in page.content.decode()
    assert "700" in page.content.decode()


def test_garbage_marks_are_refused(client, process):
    process.ballot_format = BallotFormat.CUMULATIVE
    process.save()
    client.force_login(voter_make(process))
    page = client.post(url("ballot", process_id=process.pk), {"points_1": "ten", "action": "cast"})
    assert page.status_code == 400 and Ballot.objects.count() == 0


def test_voting_outside_the_phase_via_the_page(client, process):
    process.phase = Phase.RESULTS
    process.save()
    client.force_login(voter_make(process))
    page = client.post(url("ballot", process_id=process.pk), {"choice": ["1"], "action": "cast"})
    assert page.status_code == 400 and Ballot.objects.count() == 0


def test_code_flow(client, process, staff):
    codes = [code_for(process, staff) for _ in range(2)]
    bad = client.post(url("code_enter", process_id=process.pk), {"code": "2222-2222-22"})
    assert bad.status_code == 400
    ok = client.post(url("code_enter", process_id=process.pk), {"code": codes[0]})
    assert ok.status_code == 302
    cast = client.post(url("code_ballot", process_id=process.pk), {"choice": ["2"], "action": "cast"})
    assert cast.status_code == 302
    assert Ballot.objects.get().channel == "code"
    assert VotingCode.objects.filter(used_at__isnull=False).count() == 1
    again = client.post(url("code_enter", process_id=process.pk), {"code": codes[0]})
    assert again.status_code == 400 and "already been used" in again.content.decode()
    assert client.get(url("code_ballot", process_id=process.pk)).status_code == 302


def test_proposal_submission_page(client, process):
    process.phase = Phase.PROPOSALS
    process.save()
    client.force_login(voter_make(process))
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    data = {"title_ru": "Мост", "description_ru": "Новый мост", "category": "roads", "estimated_cost": "900"}
    page = client.post(url("proposal_new", process_id=process.pk), {**data, "photos": fake})
    assert page.status_code == 200 and "not a photo" in page.content.decode()
    assert "Новый мост" in page.content.decode()  # what was typed is kept
    assert not Proposal.objects.filter(title_ru="Мост").exists()
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (8, 8)).save(output, format="PNG")
    photo = SimpleUploadedFile("a.png", output.getvalue(), content_type="image/png")
    response = client.post(url("proposal_new", process_id=process.pk), {**data, "photos": photo})
    assert response.status_code == 302
    proposal = Proposal.objects.get(title_ru="Мост")
    stored = proposal.photos.get()
    photo_url = url("proposal_photo", process_id=process.pk, photo_id=stored.pk)
    assert photo_url in client.get(response["Location"]).content.decode()
    served = client.get(photo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8")
    proposal.hidden = True
    proposal.save()
    assert client.get(photo_url).status_code == 404


def test_comments(client, process):
    client.force_login(voter_make(process))
    response = client.post(url("proposal", process_id=process.pk, number=1), {"text": "Керек!"})
    assert response.status_code == 302 and Comment.objects.get().text == "Керек!"


def test_office_pages_for_own_staff_only(client, process, staff):
    office_login(client, staff)
    for name in (
        "office_process",
        "office_process_edit",
        "office_desk",
        "office_paper",
        "office_participation",
    ):
        assert client.get(url(name, process_id=process.pk)).status_code == 200, name
    assert client.get(url("office")).status_code == 200
    other = person_make(role=Role.STAFF, municipality=municipality_make("41702215899000", "Башка"))
    office_login(client, other)
    for name in ("office_process", "office_desk", "office_paper", "office_participation"):
        assert client.get(url(name, process_id=process.pk)).status_code == 403, name
    response = client.post(url("office_phase_move", process_id=process.pk), {"to_phase": "counting"})
    assert response.status_code == 403
    process.refresh_from_db()
    assert process.phase == Phase.VOTING


def test_office_process_create_and_phase_move(client, staff, process):
    office_login(client, staff)
    data = {
        "title_ky": "Жаңы",
        "budget": "500000",
        "funding": "local_budget",
        "min_age": "16",
        "ballot_format": "approval",
        "min_choices": "1",
        "max_choices": "3",
        "points_total": "10",
        "rule": "equalshares/add1",
    }
    response = client.post(url("office_process_new") + f"?m={process.municipality.coate}", data)
    assert response.status_code == 302
    created = Process.objects.get(title_ky="Жаңы")
    assert created.phase == Phase.DRAFT
    client.post(url("office_phase_move", process_id=created.pk), {"to_phase": "proposals"})
    created.refresh_from_db()
    assert created.phase == Phase.PROPOSALS
    client.post(url("office_phase_move", process_id=created.pk), {"to_phase": "draft"})
    created.refresh_from_db()
    assert created.phase == Phase.PROPOSALS


def test_office_review_reject_needs_a_reason(client, staff, process):
    process.phase = Phase.REVIEW
    process.save()
    office_login(client, staff)
    page = client.post(url("office_proposal", process_id=process.pk, number=2), {"form": "reject"})
    assert page.status_code == 400
    assert Proposal.objects.get(number=2).status == ProposalStatus.ON_BALLOT
    response = client.post(
        url("office_proposal", process_id=process.pk, number=2), {"form": "reject", "reason_ru": "Нет земли"}
    )
    assert response.status_code == 302
    assert Proposal.objects.get(number=2).status == ProposalStatus.REJECTED
    response = client.post(
        url("office_proposal", process_id=process.pk, number=3),
        {"form": "review", "final_cost": "350", "on_ballot": "on", "feasibility_note": "OK"},
    )
    assert response.status_code == 302 and Proposal.objects.get(number=3).cost == Decimal(350)


def test_office_paper_double_entry(client, staff, process):
    second = person_make(role=Role.STAFF, municipality=process.municipality)
    serial = paper_for(process, staff)
    office_login(client, staff)
    client.post(url("office_paper", process_id=process.pk), {"serial": serial, "choices": "1 3"})
    same = client.post(url("office_paper", process_id=process.pk), {"serial": serial, "choices": "1 3"})
    assert same.status_code == 400 and "different staff member" in same.content.decode()
    office_login(client, second)
    client.post(url("office_paper", process_id=process.pk), {"serial": serial.lower(), "choices": "3, 1"})
    assert PaperBallot.objects.get(serial=serial).status == "matched" and Ballot.objects.count() == 1
    bad = client.post(url("office_paper", process_id=process.pk), {"serial": "P-2", "choices": "1 x"})
    assert bad.status_code == 400 and not PaperBallot.objects.filter(serial="P-2").exists()


def test_participation_shows_whether_never_how(client, staff, process):
    voter = voter_make(process, full_name="Асел Мамытова")
    ballot_make(process, [process.proposals.get(number=3)], user=voter)
    office_login(client, staff)
    html = client.get(url("office_participation", process_id=process.pk)).content.decode()
    assert "Асел Мамытова" in html
    assert "Проект 3" not in html and "Долбоор 3" not in html


def test_pages_cost_a_fixed_number_of_queries(client, staff, process, django_assert_max_num_queries):
    for _ in range(5):
        ballot_make(process, [process.proposals.get(number=1)], user=voter_make(process))
    voter = voter_make(process)
    client.force_login(voter)
    with django_assert_max_num_queries(12):
        assert client.get(url("ballot", process_id=process.pk)).status_code == 200
    office_login(client, staff)
    with django_assert_max_num_queries(14):
        assert client.get(url("office_participation", process_id=process.pk)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(url("office_process", process_id=process.pk)).status_code == 200


def test_moderation_queue_and_hiding(client, process):
    moderator = person_make(role=Role.MODERATOR, municipality=process.municipality)
    proposal = process.proposals.get(number=1)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.save()
    process.phase = Phase.PROPOSALS
    process.save()
    comment = Comment.objects.create(proposal=proposal, author=voter_make(process), text="Жаман сөз")
    office_login(client, moderator)
    html = client.get(url("office_moderation")).content.decode()
    assert "Жаман сөз" in html
    client.post(
        url("proposal_moderate", process_id=process.pk, number=1), {"comment": comment.pk, "reason": "insult"}
    )
    comment.refresh_from_db()
    assert comment.hidden
    client.post(url("proposal_moderate", process_id=process.pk, number=1), {"reason": "spam"})
    assert Proposal.objects.get(pk=proposal.pk).hidden
    client.logout()
    assert client.get(url("proposal", process_id=process.pk, number=1)).status_code == 404
    # Staff are not moderators.
    staff = person_make(role=Role.STAFF, municipality=process.municipality)
    office_login(client, staff)
    response = client.post(url("proposal_moderate", process_id=process.pk, number=1), {"action": "restore"})
    assert response.status_code == 403


def test_ranked_and_cumulative_ballots_through_the_page(client, process):
    process.ballot_format = BallotFormat.RANKED
    process.save()
    client.force_login(voter_make(process))
    page = client.get(url("ballot", process_id=process.pk))
    assert 'name="rank_1"' in page.content.decode()
    response = client.post(
        url("ballot", process_id=process.pk), {"rank_3": "1", "rank_1": "2", "rank_2": "", "action": "cast"}
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert list(ballot.choices.order_by("rank").values_list("proposal__number", flat=True)) == [3, 1]

    other = process_make(
        municipality=process.municipality, ballot_format=BallotFormat.CUMULATIVE, points_total=10
    )
    for _ in range(2):
        proposal_make(other)
    client.force_login(voter_make(other))
    page = client.post(
        url("ballot", process_id=other.pk), {"points_1": "7", "points_2": "3", "action": "preview"}
    )
    assert 'data-tally="points-left">0<' in page.content.decode()
    client.post(url("ballot", process_id=other.pk), {"points_1": "7", "points_2": "3", "action": "cast"})
    assert sorted(Ballot.objects.get(process=other).choices.values_list("points", flat=True)) == [3, 7]


def test_the_age_declaration(client, process):
    process.min_age = 18
    process.save()
    client.force_login(voter_make(process, age_group=""))
    page = client.get(url("ballot", process_id=process.pk))
    assert 'name="declare"' in page.content.decode()
    refused = client.post(url("ballot", process_id=process.pk), {"choice": ["1"], "action": "cast"})
    assert refused.status_code == 400 and "18 or older" in refused.content.decode()
    client.post(url("ballot", process_id=process.pk), {"choice": ["1"], "declare": "1", "action": "cast"})
    assert Ballot.objects.count() == 1


def test_an_ineligible_person_sees_why(client, process):
    client.force_login(person_make(resident_of=municipality_make("41702215899000", "Башка"), verified=True))
    page = client.get(url("ballot", process_id=process.pk))
    assert "Only residents of" in page.content.decode() and 'name="choice"' not in page.content.decode()
