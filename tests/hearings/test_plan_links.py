"""A hearing proposal answered "accepted" (or partly) becomes an item of the joint action plan, linked both
ways: the answer names the item (of this municipality's plan only), the hearing page and the open data point
to it, and the plan page shows, under each item, the proposals it came from (one query for the whole plan)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kenesh.accounts.testing import office_login
from kenesh.audit.models import AuditEntry
from kenesh.hearings.models import AnswerStatus, HearingProposal
from kenesh.hearings.services import proposal_answer
from kenesh.hearings.testing import hearing_make
from kenesh.plans.models import Plan, PlanItem
from tests.hearings.conftest import days_ago

pytestmark = pytest.mark.django_db


def plan_make(municipality, *, published=True, titles=("Бала бакча", "Көчө жарыгы")):
    plan = Plan.objects.create(
        municipality=municipality,
        year=2026,
        approved_on=datetime.date(2025, 12, 10) if published else None,
        minutes_ky="Жыйын планды бекитти.",
        published_at=timezone.now() if published else None,
    )
    for number, title in enumerate(titles):
        PlanItem.objects.create(
            plan=plan,
            title_ky=title,
            title_ru=f"{title} (ru)",
            responsible="Айыл өкмөтү",
            deadline=datetime.date(2026, 9, 1),
            sort_order=number,
        )
    return plan


@pytest.fixture
def our_plan(ours):
    return plan_make(ours)


@pytest.fixture
def their_plan(theirs):
    return plan_make(theirs, titles=("Башка айылдын жолу",))


def answer(staff, proposal, municipality, **overrides):
    data = {"status": AnswerStatus.ACCEPTED, "answer_ky": "Кабыл алынды", "answer_ru": ""}
    data.update(overrides)
    return proposal_answer(actor=staff, proposal=proposal, municipality=municipality, **data)


def proposal_of(municipality, text="Бала бакчанын экинчи тайпасы"):
    return hearing_make(municipality, days_ago(3), proposals=[text]).proposals.get()


@pytest.mark.parametrize("status", [AnswerStatus.ACCEPTED, AnswerStatus.PARTLY])
def test_an_accepted_proposal_links_its_plan_item_and_the_link_is_audited(staff, ours, our_plan, status):
    item = our_plan.items.first()
    proposal = answer(staff, proposal_of(ours), ours, status=status, plan_item=item)
    proposal.refresh_from_db()
    assert proposal.plan_item == item
    assert list(item.hearing_proposals.all()) == [proposal]
    entry = AuditEntry.objects.get(action="hearings.proposal.answer")
    assert entry.changes["plan_item"] == {"before": None, "after": item.pk}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "A rejected proposal does not become an action plan item."),
        ("ru", "Отклонённое предложение не становится пунктом плана действий."),
        ("ky", "Четке кагылган сунуш аракеттер планынын пункту боло албайт."),
    ],
)
def test_a_rejected_proposal_cannot_name_a_plan_item(staff, ours, our_plan, language, expected):
    proposal = proposal_of(ours)
    with translation.override(language), pytest.raises(ValidationError) as error:
        answer(staff, proposal, ours, status=AnswerStatus.REJECTED, plan_item=our_plan.items.first())
    assert error.value.message_dict["plan_item"] == [expected]
    proposal.refresh_from_db()
    assert proposal.status == AnswerStatus.UNANSWERED and proposal.plan_item is None
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Choose an item of this municipality's action plan."),
        ("ru", "Выберите пункт плана действий этого муниципалитета."),
        ("ky", "Ушул муниципалитеттин аракеттер планынын пунктун тандаңыз."),
    ],
)
def test_an_item_of_another_municipality_s_plan_is_refused(staff, ours, their_plan, language, expected):
    proposal = proposal_of(ours)
    with translation.override(language), pytest.raises(ValidationError) as error:
        answer(staff, proposal, ours, plan_item=their_plan.items.get())
    assert error.value.message_dict["plan_item"] == [expected]
    proposal.refresh_from_db()
    assert proposal.status == AnswerStatus.UNANSWERED and proposal.plan_item is None
    assert not AuditEntry.objects.exists()


def test_removing_the_plan_item_keeps_the_answer(staff, ours, our_plan):
    item = our_plan.items.first()
    proposal = answer(staff, proposal_of(ours), ours, plan_item=item)
    item.delete()
    proposal.refresh_from_db()
    assert proposal.status == AnswerStatus.ACCEPTED and proposal.plan_item is None


def office_url(name, **kwargs):
    with translation.override("ru"):
        return reverse(f"hearings:{name}", kwargs=kwargs)


def test_the_answer_form_offers_only_our_plan_items(client, staff, ours, our_plan, their_plan):
    proposal = proposal_of(ours)
    office_login(client, staff)
    page = client.get(office_url("office_answer", pk=proposal.pk)).content.decode()
    assert 'name="plan_item"' in page
    for item in our_plan.items.all():
        assert f'value="{item.pk}"' in page and item.title_ru in page
    assert "Башка айылдын жолу" not in page

    # Their item, posted by hand, is refused by the form: nothing is stored and what was typed stays.
    response = client.post(
        office_url("office_answer", pk=proposal.pk),
        {"status": "accepted", "answer_ky": "Кабыл алынды", "plan_item": their_plan.items.get().pk},
    )
    assert response.status_code == 200 and "Кабыл алынды" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == AnswerStatus.UNANSWERED and proposal.plan_item is None

    item = our_plan.items.first()
    response = client.post(
        office_url("office_answer", pk=proposal.pk),
        {"status": "partly", "answer_ky": "Жарым-жартылай", "plan_item": item.pk},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.plan_item == item
    # The form of an answered proposal shows the item chosen.
    page = client.get(office_url("office_answer", pk=proposal.pk)).content.decode()
    assert f'<option value="{item.pk}" selected>' in page


def test_the_rejected_answer_with_an_item_is_shown_in_the_form(client, staff, ours, our_plan):
    proposal = proposal_of(ours)
    office_login(client, staff)
    with translation.override("ru"):
        response = client.post(
            office_url("office_answer", pk=proposal.pk),
            {"status": "rejected", "answer_ky": "Каражат жок", "plan_item": our_plan.items.first().pk},
        )
    assert response.status_code == 200
    assert "Отклонённое предложение не становится пунктом плана действий." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == AnswerStatus.UNANSWERED


def test_the_hearing_page_links_the_plan_item(client, staff, ours, our_plan):
    item = our_plan.items.first()
    proposal = answer(staff, proposal_of(ours), ours, plan_item=item)
    for language, link_text in (
        ("ky", "Ушул сунуштан келип чыккан"),
        ("ru", "Пункт плана действий, которым"),
    ):
        with translation.override(language):
            page = client.get(
                reverse("hearings:detail", kwargs={"coate": ours.coate, "pk": proposal.hearing_id})
            ).content.decode()
            plan_url = reverse("plans:plan", kwargs={"coate": ours.coate, "year": 2026})
        assert f'href="{plan_url}#item-{item.pk}"' in page
        assert link_text in page


def test_the_hearing_page_does_not_link_a_plan_that_is_not_public(client, staff, ours):
    plan = plan_make(ours, published=False)
    proposal = answer(staff, proposal_of(ours), ours, plan_item=plan.items.first())
    page = client.get(
        reverse("hearings:detail", kwargs={"coate": ours.coate, "pk": proposal.hearing_id})
    ).content.decode()
    assert "#item-" not in page
    assert proposal.plan_item_url == ""


def plan_page(client, municipality):
    with translation.override("ru"):
        return client.get(reverse("plans:plan", kwargs={"coate": municipality.coate, "year": 2026}))


def test_the_plan_page_shows_the_proposals_each_item_came_from(client, staff, ours, our_plan):
    first, second = our_plan.items.all()
    proposal = answer(staff, proposal_of(ours, "Экинчи тайпа ачылсын"), ours, plan_item=first)
    page = plan_page(client, ours).content.decode()
    hearing_url = reverse("hearings:detail", kwargs={"coate": ours.coate, "pk": proposal.hearing_id}).replace(
        "/ky/", "/ru/"
    )
    assert f"{hearing_url}#proposal-1" in page
    assert "Поднято на общественных слушаниях:" in page and "Экинчи тайпа ачылсын" in page
    # Under the first item only.
    item_two = page.index(f'id="item-{second.pk}"')
    assert page.index("Экинчи тайпа ачылсын") < item_two


def test_a_proposal_of_a_hearing_not_yet_public_is_not_shown_on_the_plan(client, ours, our_plan):
    future = timezone.localdate() + datetime.timedelta(days=30)
    hearing = hearing_make(ours, future, proposals=["Жашыруун сунуш"], notice_days=3)
    HearingProposal.objects.filter(hearing=hearing).update(
        status=AnswerStatus.ACCEPTED, plan_item=our_plan.items.first()
    )
    assert "Жашыруун сунуш" not in plan_page(client, ours).content.decode()


def test_the_plan_page_reads_the_proposals_of_all_its_items_in_one_query(client, staff, ours, our_plan):
    first, second = our_plan.items.all()
    answer(staff, proposal_of(ours, "Биринчи"), ours, plan_item=first)
    plan_page(client, ours)
    with CaptureQueriesContext(connection) as few:
        plan_page(client, ours)
    for text in ("Экинчи", "Үчүнчү", "Төртүнчү"):
        answer(staff, proposal_of(ours, text), ours, plan_item=second)
    with CaptureQueriesContext(connection) as more:
        response = plan_page(client, ours)
    assert "Төртүнчү" in response.content.decode()
    assert len(more) == len(few)
    assert sum("hearings_hearingproposal" in query["sql"] for query in more.captured_queries) == 1


def test_open_data_and_the_api_carry_the_plan_item(client, staff, ours, our_plan):
    item = our_plan.items.first()
    answer(staff, proposal_of(ours), ours, plan_item=item)
    body = json.loads(client.get(f"/hearings/data/{ours.coate}/proposals.json").content)
    [record] = body["proposals"]
    assert record["plan_item_id"] == item.pk
    assert record["plan_item_url"].endswith(f"/plans/{ours.coate}/2026/#item-{item.pk}")
    assert "plan_item_ref" not in record
    header, row = client.get("/hearings/data/proposals.csv").content.decode().splitlines()
    assert header.endswith(",plan_item_id,plan_item_url") and f",{item.pk}," in row
    api = client.get(f"/api/hearings/{ours.coate}").json()["hearings"][0]["proposal_list"][0]
    assert api["plan_item_id"] == item.pk and api["plan_item_url"] == record["plan_item_url"]
