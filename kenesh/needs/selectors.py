"""Reads of the needs app: a published assessment's priorities, its women's and men's lists side by side, its
groups and villages, each at a fixed number of queries. Groups of fewer than 5 people show no figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.http import Http404

from kenesh.needs import aggregation
from kenesh.needs.models import VULNERABLE_GROUPS, Campaign, Category, GroupType, Priority, Session
from kenesh.needs.services import categories_for, rankings_of
from kenesh.territory.models import Municipality, Unit

# Below this many people a count or a score could point at someone: shown as "fewer than 5".
SMALL_GROUP = 5
TOP = 5


@dataclass
class Ranked:
    """A category with a score, for a list or a chart (score None: hidden, fewer than 5 people)."""

    category: Category
    score: Decimal
    rank: int


@dataclass
class GroupSummary:
    group_type: str
    label: str
    sessions: int
    participants: int
    top: list[Ranked] = field(default_factory=list)

    @property
    def is_small(self) -> bool:
        return self.participants < SMALL_GROUP


@dataclass
class Overview:
    campaign: Campaign
    priorities: list[Priority]
    sessions: int
    participants: int
    women: int
    men: int
    villages: list[Unit]
    women_top: list[Ranked]
    men_top: list[Ranked]
    groups: list[GroupSummary]

    @property
    def vulnerable(self) -> list[GroupSummary]:
        return [group for group in self.groups if group.group_type in VULNERABLE_GROUPS]

    @property
    def side_by_side(self) -> list[tuple[Ranked | None, Ranked | None]]:
        return pairs(self.women_top, self.men_top)


def pairs(women: list[Ranked], men: list[Ranked]) -> list[tuple[Ranked | None, Ranked | None]]:
    """Women's and men's lists as rows of pairs (a shorter list leaves blanks)."""
    length = max(len(women), len(men))
    return [
        (women[index] if index < len(women) else None, men[index] if index < len(men) else None)
        for index in range(length)
    ]


def campaign_published(coate: str, year: int) -> Campaign:
    campaign = (
        Campaign.objects.filter(
            municipality__coate=coate,
            year=year,
            published_at__isnull=False,
            municipality__valid_to__isnull=True,
        )
        .select_related("municipality__parent")
        .first()
    )
    if campaign is None:
        raise Http404(f"{coate}/{year}")
    return campaign


def campaigns_published(coate: str) -> tuple[Unit, list[Campaign]]:
    municipality = Municipality.objects.current().filter(coate=coate).select_related("parent").first()
    if municipality is None:
        raise Http404(coate)
    campaigns = list(
        Campaign.objects.filter(municipality=municipality, published_at__isnull=False).order_by("-year")
    )
    return municipality, campaigns


def _top(scores: dict[int, Decimal], categories: dict[int, Category], limit: int = TOP) -> list[Ranked]:
    ordered = sorted(
        ((score, category) for category, score in scores.items() if score > 0), key=lambda pair: -pair[0]
    )
    return [
        Ranked(category=categories[category], score=score, rank=place)
        for place, (score, category) in enumerate(ordered[:limit], start=1)
    ]


def _group_labels() -> dict[str, str]:
    return {value: str(label) for value, label in GroupType.choices}


def campaign_overview(campaign: Campaign) -> Overview:
    """The published priorities with the by-sex and by-group lists (four queries)."""
    priorities = list(
        Priority.objects.filter(campaign=campaign, rank__isnull=False)
        .select_related("category")
        .order_by("rank")
    )
    categories = {priority.category_id: priority.category for priority in priorities}
    totals = Session.objects.filter(campaign=campaign).aggregate(
        sessions=Count("id"), participants=Sum("participants"), women=Sum("women"), men=Sum("men")
    )
    by_group = {
        row["group_type"]: row
        for row in Session.objects.filter(campaign=campaign)
        .values("group_type")
        .annotate(sessions=Count("id"), participants=Sum("participants"))
    }
    villages = list(
        Unit.objects.filter(pk__in=Session.objects.filter(campaign=campaign).values("village_id")).order_by(
            "name_ru"
        )
    )
    women, men = totals["women"] or 0, totals["men"] or 0
    groups = []
    for value, label in _group_labels().items():
        row = by_group.get(value)
        if row is None:
            continue
        summary = GroupSummary(value, label, row["sessions"], row["participants"] or 0)
        if not summary.is_small:
            scores = {p.category_id: Decimal(p.by_group.get(value, "0")) for p in priorities}
            summary.top = _top(scores, categories, 3)
        groups.append(summary)
    return Overview(
        campaign=campaign,
        priorities=priorities,
        sessions=totals["sessions"] or 0,
        participants=totals["participants"] or 0,
        women=women,
        men=men,
        villages=villages,
        women_top=[]
        if women < SMALL_GROUP
        else _top({p.category_id: p.score_women for p in priorities}, categories),
        men_top=[]
        if men < SMALL_GROUP
        else _top({p.category_id: p.score_men for p in priorities}, categories),
        groups=groups,
    )


@dataclass
class VillageView:
    village: Unit
    sessions: int
    participants: int
    women: int
    men: int
    priorities: list[Ranked]
    women_top: list[Ranked]
    men_top: list[Ranked]

    @property
    def is_small(self) -> bool:
        return self.participants < SMALL_GROUP

    @property
    def side_by_side(self) -> list[tuple[Ranked | None, Ranked | None]]:
        return pairs(self.women_top, self.men_top)


def village_view(campaign: Campaign, village_coate: str) -> VillageView:
    """One village's own priorities, computed by the same method from its sessions only."""
    village = Unit.objects.filter(parent=campaign.municipality, coate=village_coate).first()
    if village is None:
        raise Http404(village_coate)
    rankings = rankings_of(campaign, village=village)
    if not rankings:
        raise Http404(village_coate)
    categories = {category.pk: category for category in categories_for(campaign.municipality)}
    scores = aggregation.priorities_compute(rankings, list(categories))
    participants = sum(session.participants for session in rankings)
    women = sum(session.women for session in rankings)
    men = sum(session.men for session in rankings)
    return VillageView(
        village=village,
        sessions=len(rankings),
        participants=participants,
        women=women,
        men=men,
        priorities=[]
        if participants < SMALL_GROUP
        else [Ranked(categories[item.category], item.score, item.rank) for item in scores],
        women_top=[]
        if women < SMALL_GROUP
        else _top({item.category: item.women for item in scores}, categories),
        men_top=[] if men < SMALL_GROUP else _top({item.category: item.men for item in scores}, categories),
    )


def count_shown(value: int) -> Any:
    """A count of people as published: the number, or None for fewer than 5."""
    return value if value >= SMALL_GROUP else None


# The national view: every published assessment of a year, for analysts and everyone.


@dataclass
class NationalRow:
    campaign: Campaign
    sessions: int
    participants: int
    women: int
    men: int
    top: Category | None = None
    women_top: Category | None = None
    men_top: Category | None = None

    @property
    def women_share(self) -> Decimal | None:
        return Decimal(self.women) / Decimal(self.participants) if self.participants else None


@dataclass
class NationalView:
    years: list[int]
    year: int | None
    oblasts: list[Unit]
    rayons: list[Unit]
    oblast: str
    rayon: str
    count: int
    rows: list[NationalRow]


def national_view(
    *, year: int | None, oblast: str = "", rayon: str = "", page: int = 1, per_page: int = 50
) -> NationalView:
    """Published assessments of a year, filtered by oblast and rayon, a page at a time (a fixed number of
    queries: years, oblasts, rayons, the count, the page with its totals, the page's priorities)."""
    from kenesh.territory.models import Level

    published = Campaign.objects.exclude(published_at=None)
    years = sorted(set(published.values_list("year", flat=True)), reverse=True)
    if year not in years:
        year = years[0] if years else None
    oblasts = list(Unit.objects.current().filter(level=Level.OBLAST).order_by("name_ru"))
    rayons = (
        list(Unit.objects.current().filter(level=Level.RAYON, parent__coate=oblast).order_by("name_ru"))
        if oblast
        else []
    )
    campaigns = published.filter(year=year or 0, municipality__valid_to__isnull=True)
    if rayon:
        campaigns = campaigns.filter(municipality__parent__coate=rayon)
    elif oblast:
        campaigns = campaigns.filter(municipality__parent__parent__coate=oblast)
    count = campaigns.count()
    page = max(1, page)
    page_campaigns = list(
        campaigns.select_related("municipality__parent")
        .annotate(
            session_count=Count("sessions"),
            participant_sum=Sum("sessions__participants"),
            women_sum=Sum("sessions__women"),
            men_sum=Sum("sessions__men"),
        )
        .order_by("municipality__name_ru", "pk")[(page - 1) * per_page : page * per_page]
    )
    rows = {
        campaign.pk: NationalRow(
            campaign=campaign,
            sessions=getattr(campaign, "session_count", 0) or 0,
            participants=getattr(campaign, "participant_sum", 0) or 0,
            women=getattr(campaign, "women_sum", 0) or 0,
            men=getattr(campaign, "men_sum", 0) or 0,
        )
        for campaign in page_campaigns
    }
    best: dict[int, dict[str, tuple[Decimal, Category]]] = {}
    for priority in Priority.objects.filter(campaign_id__in=list(rows), rank__isnull=False).select_related(
        "category"
    ):
        marks = best.setdefault(priority.campaign_id, {})
        for name, value in (
            ("top", -Decimal(priority.rank or 0)),
            ("women", priority.score_women),
            ("men", priority.score_men),
        ):
            if value > 0 or name == "top":
                if name not in marks or value > marks[name][0]:
                    marks[name] = (value, priority.category)
    for campaign_id, row in rows.items():
        marks = best.get(campaign_id, {})
        row.top = marks["top"][1] if "top" in marks else None
        if row.women >= SMALL_GROUP and "women" in marks:
            row.women_top = marks["women"][1]
        if row.men >= SMALL_GROUP and "men" in marks:
            row.men_top = marks["men"][1]
    return NationalView(
        years=years,
        year=year,
        oblasts=oblasts,
        rayons=rayons,
        oblast=oblast,
        rayon=rayon,
        count=count,
        rows=list(rows.values()),
    )
