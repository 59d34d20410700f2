"""Writes of the needs app: what a session may hold, the bad inputs of the issue, publishing, audit."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kenesh.audit.models import AuditEntry
from kenesh.needs import services
from kenesh.needs.models import Campaign, Category, Priority, Problem, Session
from kenesh.needs.testing import campaign_make, category, session_make


def _data(village, **overrides):
    fields = {
        "village": village,
        "held_on": datetime.date(2025, 7, 1),
        "group_type": "women",
        "method": "rank",
        "participants": 12,
        "women": 12,
        "men": 0,
        "problems": [
            services.ProblemInput(category=category("drinking-water"), text_ky="Суу жок", rank=1),
            services.ProblemInput(category=category("kindergartens"), text_ru="Нет садика", rank=2),
        ],
    }
    fields.update(overrides)
    return services.SessionInput(**fields)


def test_a_session_is_recorded_with_its_problems_and_audited(campaign, villages, staff):
    session = services.session_record(actor=staff, campaign=campaign, data=_data(villages[0]))
    assert session.problems.count() == 2
    assert AuditEntry.objects.filter(
        action="needs.session.create", municipality_coate=campaign.municipality.coate
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"women": 7, "men": 4}, "participants", "add up to 11, not to the 12 participants"),
        ({"held_on": datetime.date(2024, 7, 1)}, "held_on", "must be held in 2025"),
        ({"group_type": "aliens"}, "group_type", "Choose the group"),
        (
            {"ages": {"age_under_18": 1, "age_18_29": 1, "age_30_59": 1, "age_60_plus": 1}},
            "age_under_18",
            "add up to 4",
        ),
        ({"ages": {"age_under_18": 1}}, "age_under_18", "every age band"),
    ],
)
def test_bad_sessions_are_refused_and_nothing_is_written(campaign, villages, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        services.session_record(actor=None, campaign=campaign, data=_data(villages[0], **overrides))
    assert message in " ".join(caught.value.message_dict[field])
    assert not Session.objects.exists() and not Problem.objects.exists()


def test_more_problems_than_the_method_allows(campaign, villages):
    problems = [
        services.ProblemInput(category=category(key), rank=index)
        for index, key in enumerate(["roads", "waste", "jobs", "schools", "irrigation", "other"], start=1)
    ]
    with pytest.raises(ValidationError, match="at most 5"):
        services.session_record(actor=None, campaign=campaign, data=_data(villages[0], problems=problems))
    assert not Session.objects.exists()


def test_more_points_than_the_participants_have(campaign, villages):
    problems = [services.ProblemInput(category=category("roads"), points=40)]
    with pytest.raises(ValidationError, match="only 36"):
        services.session_record(
            actor=None, campaign=campaign, data=_data(villages[0], method="points", problems=problems)
        )


def test_ranks_must_run_without_gaps(campaign, villages):
    problems = [
        services.ProblemInput(category=category("roads"), rank=1),
        services.ProblemInput(category=category("waste"), rank=3),
    ]
    with pytest.raises(ValidationError, match="without gaps"):
        services.session_record(actor=None, campaign=campaign, data=_data(villages[0], problems=problems))


def test_a_village_of_another_municipality_is_refused(campaign, their_village):
    with pytest.raises(ValidationError) as caught:
        services.session_record(actor=None, campaign=campaign, data=_data(their_village))
    assert "not in" in caught.value.message_dict["village"][0]


def test_a_category_of_another_municipality_is_refused(campaign, villages, theirs):
    foreign = services.category_create(actor=None, municipality=theirs, name_ky="Көпүрө", name_ru="Мост")
    problems = [services.ProblemInput(category=foreign, rank=1)]
    with pytest.raises(ValidationError, match="from the list"):
        services.session_record(actor=None, campaign=campaign, data=_data(villages[0], problems=problems))


def test_staff_extend_the_category_list(campaign, ours):
    created = services.category_create(actor=None, municipality=ours, name_ky="Көпүрө", name_ru="Мост")
    assert created in services.categories_for(ours)
    assert created not in services.categories_for(None)
    with pytest.raises(ValidationError, match="already"):
        services.category_create(actor=None, municipality=ours, name_ky="", name_ru="дороги")


def test_campaign_rules(ours):
    campaign_make(ours, 2025)
    with pytest.raises(ValidationError, match="already exists"):
        campaign_make(ours, 2025)
    with pytest.raises(ValidationError, match="before the start"):
        campaign_make(ours, 2026, starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 6, 1))
    assert Campaign.objects.count() == 1


def test_publishing_computes_priorities_and_keeps_unnamed_ones(campaign, villages, staff):
    session_make(campaign, villages[0], "women", ["drinking-water", "kindergartens"], women=10)
    men = session_make(campaign, villages[1], "men", ["roads", "irrigation"], women=0, men=30)
    priorities = services.campaign_publish(actor=staff, campaign=campaign)
    assert [priority.category.key for priority in priorities] == [
        "roads",
        "irrigation",
        "drinking-water",
        "kindergartens",
    ]
    assert priorities[0].score_men == priorities[0].score and priorities[0].score_women == 0
    services.session_update(
        actor=staff,
        session=men,
        data=services.SessionInput(
            village=villages[1],
            held_on=men.held_on,
            group_type="men",
            method="rank",
            participants=30,
            women=0,
            men=30,
            problems=[services.ProblemInput(category=category("jobs"), rank=1)],
        ),
    )
    services.campaign_publish(actor=staff, campaign=campaign)
    roads = Priority.objects.get(campaign=campaign, category__key="roads")
    assert roads.rank is None and roads.score == 0
    assert Priority.objects.get(campaign=campaign, category__key="jobs").rank == 1


def test_publishing_needs_a_session(campaign):
    with pytest.raises(ValidationError, match="at least one session"):
        services.campaign_publish(actor=None, campaign=campaign)


def test_the_shared_list_holds_the_issues_categories(db):
    keys = set(Category.objects.filter(municipality=None).values_list("key", flat=True))
    assert {"drinking-water", "irrigation", "roads", "kindergartens", "health-posts", "jobs", "other"} <= keys
