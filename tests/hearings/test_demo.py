"""The demo hearings: two in the demo municipality, every proposal answered, a resident who got the notice."""

import pytest

from kenesh.hearings import demo
from kenesh.hearings.models import AnswerStatus, Hearing, HearingKind, HearingProposal
from kenesh.messaging.models import OutboundSms
from kenesh.notices.models import Delivery
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_answered_proposals_and_a_notified_resident(settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load(("territory", "accounts", "messaging", "budgets"))
    demo.load_demo()
    demo.load_demo()
    hearings = Hearing.objects.filter(municipality__coate=demo.KUM_DOBO)
    assert sorted(hearings.values_list("kind", flat=True)) == [
        HearingKind.DRAFT_BUDGET,
        HearingKind.EXECUTION_REPORT,
    ]
    assert HearingProposal.objects.count() == 5
    assert not HearingProposal.objects.filter(status=AnswerStatus.UNANSWERED).exists()
    assert HearingProposal.objects.exclude(budget_line_key="").count() == 1
    delivery = Delivery.objects.get()
    assert delivery.subscription.address == demo.SUBSCRIBER_PHONE
    assert delivery.subscription.user is not None
    assert OutboundSms.objects.filter(reference=demo.NOTICE_REFERENCE).count() == 1
    for hearing in hearings:
        assert not hearing.notice_is_late
        for language in ("ky", "ru"):
            page = client.get(f"/{language}/hearings/{demo.KUM_DOBO}/{hearing.pk}/")
            assert page.status_code == 200
            minutes = client.get(f"/{language}/hearings/{demo.KUM_DOBO}/{hearing.pk}/minutes-{language}.pdf")
            assert minutes.content.startswith(b"%PDF")
    accepted = HearingProposal.objects.exclude(budget_line_key="").get()
    page = client.get(f"/ky/hearings/{demo.KUM_DOBO}/{accepted.hearing_id}/").content.decode()
    assert accepted.budget_line_anchor in page


def test_the_demo_s_partly_accepted_kindergarten_proposal_became_a_plan_item(settings, client):
    from kenesh.plans.models import PlanItem

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load(("territory", "accounts", "messaging", "budgets", "needs", "plans"))
    demo.load_demo()
    [proposal] = HearingProposal.objects.exclude(plan_item=None).select_related("plan_item__plan")
    assert proposal.status == AnswerStatus.PARTLY
    assert proposal.hearing.kind == HearingKind.DRAFT_BUDGET
    assert proposal.plan_item == PlanItem.objects.get(
        title_ru=demo.PLAN_ITEM_OF[(HearingKind.DRAFT_BUDGET, 2)]
    )
    assert proposal.plan_item_url
    hearing_page = client.get(f"/ru/hearings/{demo.KUM_DOBO}/{proposal.hearing_id}/").content.decode()
    assert f"#item-{proposal.plan_item_id}" in hearing_page
    plan_page = client.get(f"/ky/plans/{demo.KUM_DOBO}/{proposal.plan_item.plan.year}/").content.decode()
    assert f"/ky/hearings/{demo.KUM_DOBO}/{proposal.hearing_id}/#proposal-{proposal.number}" in plan_page
