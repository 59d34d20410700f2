"""Writes of the needs app: campaigns, categories, sessions, publishing; each atomic and audited."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kenesh.audit.services import audit_changes, audit_record
from kenesh.needs import aggregation
from kenesh.needs.models import Campaign, Category, GroupType, Priority, Problem, RankingMethod, Session
from kenesh.territory.models import Level, Unit

FIRST_YEAR, LAST_YEAR = 2000, 2100
# The most people one session may count (a village gathering, not a census).
PARTICIPANTS_LIMIT = 10_000
AGE_FIELDS = ("age_under_18", "age_18_29", "age_30_59", "age_60_plus")
# Read once: an import checks thousands of rows, and an enum's .values builds a new list each time.
GROUP_TYPES = frozenset(GroupType.values)
RANKING_METHODS = frozenset(RankingMethod.values)


@dataclass(frozen=True)
class ProblemInput:
    category: Category
    text_ky: str = ""
    text_ru: str = ""
    points: int | None = None
    rank: int | None = None


@dataclass
class SessionInput:
    """A session as typed from a paper form or read from a Kobo row, before it is checked."""

    village: Unit | None
    held_on: datetime.date | None
    group_type: str
    method: str
    participants: int | None
    women: int | None
    men: int | None
    facilitator: str = ""
    ages: dict[str, int | None] = field(default_factory=dict)
    problems: Sequence[ProblemInput] = ()
    source_ref: str = ""


# Campaigns and categories


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    municipality: Unit,
    year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    facilitators: str = "",
    points_per_person: int = 3,
    max_problems: int = 5,
) -> Campaign:
    """Open the needs assessment of `municipality` for `year`."""
    if municipality.level != Level.MUNICIPALITY:
        raise ValidationError(_("A needs assessment belongs to a municipality."))
    errors: dict[str, str] = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _("Enter a year between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    elif Campaign.objects.filter(municipality=municipality, year=year).exists():
        errors["year"] = _("The needs assessment of %(year)s already exists.") % {"year": year}
    if ends_on < starts_on:
        errors["ends_on"] = _("The end comes before the start.")
    if not 1 <= points_per_person <= 20:
        errors["points_per_person"] = _("Enter a number from 1 to 20.")
    if not 1 <= max_problems <= 20:
        errors["max_problems"] = _("Enter a number from 1 to 20.")
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.create(
        municipality=municipality,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        facilitators=facilitators,
        points_per_person=points_per_person,
        max_problems=max_problems,
    )
    audit_record(
        actor=actor,
        action="needs.campaign.create",
        target=campaign,
        municipality=municipality,
        changes={"year": {"before": None, "after": year}},
    )
    return campaign


def categories_for(municipality: Unit | None) -> list[Category]:
    """The shared categories and the municipality's own, in list order."""
    from django.db.models import Q

    query = Q(municipality__isnull=True)
    if municipality is not None:
        query |= Q(municipality=municipality)
    return list(Category.objects.filter(query).order_by("sort_order", "key"))


@transaction.atomic
def category_create(*, actor: Any, municipality: Unit, name_ky: str, name_ru: str) -> Category:
    """Add a category of the municipality's own to the shared list."""
    name_ky, name_ru = name_ky.strip(), name_ru.strip()
    if not name_ky and not name_ru:
        raise ValidationError(_("Give the category a name in Kyrgyz or in Russian."))
    names = {name.casefold() for name in (name_ky, name_ru) if name}
    for existing in categories_for(municipality):
        if {existing.name_ky.casefold(), existing.name_ru.casefold()} & names:
            raise ValidationError(_("This category is already on the list."))
    base = slugify(name_ru or name_ky, allow_unicode=False)[:30] or "category"
    key, number = base, 1
    while Category.objects.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    category = Category.objects.create(
        key=key, municipality=municipality, name_ky=name_ky, name_ru=name_ru, sort_order=900
    )
    audit_record(
        actor=actor,
        action="needs.category.create",
        target=category,
        municipality=municipality,
        changes={
            "name_ky": {"before": None, "after": name_ky},
            "name_ru": {"before": None, "after": name_ru},
        },
    )
    return category


# Sessions


def session_check(campaign: Campaign, data: SessionInput) -> dict[str, list[str]]:
    """Every problem of a session as typed, by field ("__all__" for the whole); empty when it may be saved."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.village is None:
        add("village", _("Choose the village."))
    elif data.village.level != Level.SETTLEMENT or data.village.parent_id != campaign.municipality_id:
        add(
            "village",
            _("This village is not in %(municipality)s.") % {"municipality": campaign.municipality.name},
        )
    if data.held_on is None:
        add("held_on", _("Enter the date of the session."))
    elif data.held_on.year != campaign.year:
        add("held_on", _("The session must be held in %(year)s.") % {"year": campaign.year})
    if data.group_type not in GROUP_TYPES:
        add("group_type", _("Choose the group."))
    if data.method not in RANKING_METHODS:
        add("method", _("Choose how the problems were ranked."))
    counts = {"participants": data.participants, "women": data.women, "men": data.men}
    for name, value in counts.items():
        if value is None:
            add(name, _("Enter a number."))
        elif not 0 <= value <= PARTICIPANTS_LIMIT:
            add(name, _("Enter a number from 0 to %(limit)s.") % {"limit": PARTICIPANTS_LIMIT})
    total, women, men = data.participants, data.women, data.men
    if total is not None and women is not None and men is not None and "participants" not in errors:
        if total < 1:
            add("participants", _("A session has at least one participant."))
        elif women + men != total:
            add(
                "participants",
                _("Women (%(women)s) and men (%(men)s) add up to %(sum)s, not to the %(total)s participants.")
                % {"women": women, "men": men, "sum": women + men, "total": total},
            )
    ages = [data.ages.get(name) for name in AGE_FIELDS]
    if any(value is not None for value in ages):
        if any(value is None for value in ages):
            add("age_under_18", _("Enter every age band, or none."))
        elif any(value is not None and value < 0 for value in ages):
            add("age_under_18", _("Enter a number from 0 to %(limit)s.") % {"limit": PARTICIPANTS_LIMIT})
        elif total is not None and sum(value or 0 for value in ages) != total:
            add(
                "age_under_18",
                _("The age bands add up to %(sum)s, not to the %(total)s participants.")
                % {"sum": sum(value or 0 for value in ages), "total": total},
            )
    _problems_check(campaign, data, add)
    return errors


def _problems_check(campaign: Campaign, data: SessionInput, add: Any) -> None:
    problems = list(data.problems)
    if not problems:
        add("__all__", _("Enter at least one problem the group named."))
        return
    if len(problems) > campaign.max_problems:
        add(
            "__all__",
            _("%(count)s problems are ranked; this assessment allows at most %(limit)s per session.")
            % {"count": len(problems), "limit": campaign.max_problems},
        )
    for number, problem in enumerate(problems, start=1):
        if problem.category.municipality_id not in (None, campaign.municipality_id):
            add("__all__", _("Problem %(number)s: choose a category from the list.") % {"number": number})
    if data.method == RankingMethod.POINTS:
        if any(problem.points is None or problem.points < 1 for problem in problems):
            add("__all__", _("Give each problem its points (1 or more)."))
        elif data.participants is not None:
            placed = sum(problem.points or 0 for problem in problems)
            allowed = data.participants * campaign.points_per_person
            if placed > allowed:
                add(
                    "__all__",
                    _(
                        "%(placed)s points are placed, but %(people)s participants with %(each)s points each "
                        "have only %(allowed)s."
                    )
                    % {
                        "placed": placed,
                        "people": data.participants,
                        "each": campaign.points_per_person,
                        "allowed": allowed,
                    },
                )
    elif data.method == RankingMethod.RANK:
        ranks = [problem.rank for problem in problems]
        if any(rank is None for rank in ranks) or sorted(rank or 0 for rank in ranks) != list(
            range(1, len(ranks) + 1)
        ):
            add(
                "__all__",
                _("Rank the problems 1, 2, 3... without gaps or repeats (1 = most important)."),
            )


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def session_fields(data: SessionInput) -> dict[str, Any]:
    return {
        "village": data.village,
        "held_on": data.held_on,
        "facilitator": data.facilitator.strip()[:200],
        "group_type": data.group_type,
        "method": data.method,
        "participants": data.participants,
        "women": data.women,
        "men": data.men,
        "source_ref": data.source_ref[:64],
        **{name: data.ages.get(name) for name in AGE_FIELDS},
    }


def problems_of(session: Session, data: SessionInput) -> list[Problem]:
    points_method = data.method == RankingMethod.POINTS
    return [
        Problem(
            session=session,
            category=problem.category,
            text_ky=problem.text_ky.strip()[:300],
            text_ru=problem.text_ru.strip()[:300],
            points=problem.points if points_method else None,
            rank=None if points_method else problem.rank,
        )
        for problem in data.problems
    ]


def _snapshot(session: Session, problems: Sequence[Problem]) -> dict[str, Any]:
    return {
        "village": session.village_id,
        "held_on": session.held_on.isoformat() if session.held_on else None,
        "group_type": session.group_type,
        "method": session.method,
        "participants": session.participants,
        "women": session.women,
        "men": session.men,
        "problems": [[problem.category_id, problem.points, problem.rank] for problem in problems],
    }


@transaction.atomic
def session_record(*, actor: Any, campaign: Campaign, data: SessionInput) -> Session:
    """Record a session from its paper form: the group, its counts and its ranked problems, or nothing."""
    _raise(session_check(campaign, data))
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    session = Session.objects.create(campaign=campaign, created_by=_person(actor), **session_fields(data))
    problems = Problem.objects.bulk_create(problems_of(session, data))
    Campaign.objects.filter(pk=campaign.pk).update(modified_at=timezone.now())
    audit_record(
        actor=actor,
        action="needs.session.create",
        target=session,
        municipality=campaign.municipality,
        changes={
            key: {"before": None, "after": value} for key, value in _snapshot(session, problems).items()
        },
    )
    return session


@transaction.atomic
def session_update(*, actor: Any, session: Session, data: SessionInput) -> Session:
    """Correct a session: its fields and its whole list of problems are replaced by what was typed."""
    campaign = session.campaign
    _raise(session_check(campaign, data))
    before = _snapshot(session, list(session.problems.all()))
    for name, value in session_fields(data).items():
        setattr(session, name, value)
    session.save()
    session.problems.all().delete()
    problems = Problem.objects.bulk_create(problems_of(session, data))
    Campaign.objects.filter(pk=campaign.pk).update(modified_at=timezone.now())
    changes = audit_changes(before, _snapshot(session, problems))
    if changes:
        audit_record(
            actor=actor,
            action="needs.session.update",
            target=session,
            municipality=campaign.municipality,
            changes=changes,
        )
    return session


@transaction.atomic
def session_delete(*, actor: Any, session: Session) -> None:
    campaign = session.campaign
    snapshot = _snapshot(session, list(session.problems.all()))
    audit_record(
        actor=actor,
        action="needs.session.delete",
        target=session,
        municipality=campaign.municipality,
        changes={key: {"before": value, "after": None} for key, value in snapshot.items()},
    )
    session.delete()
    Campaign.objects.filter(pk=campaign.pk).update(modified_at=timezone.now())


def _person(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# Publishing


def rankings_of(campaign: Campaign, **filters: Any) -> list[aggregation.SessionRanking]:
    """The campaign's sessions as aggregation reads them (two queries)."""
    sessions = list(
        Session.objects.filter(campaign=campaign, **filters).values(
            "id", "participants", "women", "men", "group_type", "method", "village_id"
        )
    )
    problems: dict[int, list[aggregation.RankedProblem]] = {row["id"]: [] for row in sessions}
    for session_id, category_id, points, rank in Problem.objects.filter(
        session__in=list(problems)
    ).values_list("session_id", "category_id", "points", "rank"):
        problems[session_id].append(aggregation.RankedProblem(category=category_id, points=points, rank=rank))
    return [
        aggregation.SessionRanking(
            participants=row["participants"],
            women=row["women"],
            men=row["men"],
            group_type=row["group_type"],
            method=row["method"],
            village=row["village_id"],
            problems=problems[row["id"]],
        )
        for row in sessions
    ]


@transaction.atomic
def campaign_publish(*, actor: Any, campaign: Campaign) -> list[Priority]:
    """Compute the priorities from the sessions and make the assessment public (again, after corrections).

    A category no session names any more keeps its row without a rank, so plan items linked to it stay.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    rankings = rankings_of(campaign)
    if not rankings:
        raise ValidationError(_("Record at least one session before publishing."))
    order = [category.pk for category in categories_for(campaign.municipality)]
    scores = aggregation.priorities_compute(rankings, order)
    existing = {priority.category_id: priority for priority in campaign.priorities.all()}
    seen = set()
    for item in scores:
        priority = existing.get(item.category) or Priority(campaign=campaign, category_id=item.category)
        priority.rank = item.rank
        priority.score, priority.score_women, priority.score_men = item.score, item.women, item.men
        priority.by_group = {group: str(value) for group, value in item.by_group.items()}
        priority.sessions = item.sessions
        priority.save()
        seen.add(item.category)
    for category_id, priority in existing.items():
        if category_id not in seen:
            priority.rank, priority.score, priority.score_women, priority.score_men = None, 0, 0, 0
            priority.by_group, priority.sessions = {}, 0
            priority.save()
    first = campaign.published_at is None
    campaign.published_at = campaign.published_at or timezone.now()
    campaign.save(update_fields=["published_at", "modified_at"])
    audit_record(
        actor=actor,
        action="needs.campaign.publish",
        target=campaign,
        municipality=campaign.municipality,
        changes={
            "published": {"before": not first, "after": True},
            "priorities": {"before": None, "after": [[item.category, str(item.score)] for item in scores]},
        },
    )
    return list(campaign.priorities.select_related("category"))
