"""The territory app's indicator (kenesh.ops.indicators): the share of women among the deputies serving in
a municipality's kenesh at the end of each year (today for the current year), read against the 30% quota.

Deputies are public office holders, so the figure is not subject to the "fewer than 5" rule. Two queries:
the councils and their deputies."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kenesh.ops import indicators as ind
from kenesh.territory.models import Deputy, Sex, today
from kenesh.territory.selectors import WOMEN_QUOTA_PERCENT


def _women(units: Mapping[int, Any], years: Collection[int] | None) -> dict[ind.Key, ind.Figure]:
    deputies = list(
        Deputy.objects.filter(council__municipality_id__in=list(units)).values_list(
            "council__municipality_id", "sex", "term_start", "term_end"
        )
    )
    if not deputies:
        return {}
    now = today()
    wanted = sorted(years) if years is not None else range(min(d[2] for d in deputies).year, now.year + 1)
    serving: dict[ind.Key, list[int]] = defaultdict(lambda: [0, 0])
    for year in wanted:
        day = min(datetime.date(year, 12, 31), now)
        for municipality_id, sex, start, end in deputies:
            if start <= day and (end is None or end >= day):
                counts = serving[(municipality_id, year)]
                counts[0] += sex == Sex.FEMALE
                counts[1] += 1
    return {
        key: figure
        for key, (women, everyone) in serving.items()
        if (figure := ind.ratio(women, everyone)) is not None
    }


def _source(coate: str, year: int) -> str:
    return reverse("territory:municipality", args=[coate])


def indicators_register() -> None:
    ind.indicator_register(
        ind.Indicator(
            key="kenesh_women_share",
            name=pgettext_lazy("indicator", "Women among the deputies of the kenesh"),
            unit=ind.SHARE,
            source="territory",
            about_people=False,
            compute=_women,
            source_url=_source,
            headline=True,
            target=Decimal(WOMEN_QUOTA_PERCENT) / 100,
            order=600,
        )
    )
