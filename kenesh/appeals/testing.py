"""Helpers for tests of appeals (and of apps above): an appeal registered through the one service.

from kenesh.appeals.testing import appeal_make
appeal = appeal_make(municipality, phone="+996700111222")
"""

from __future__ import annotations

from typing import Any

from kenesh.appeals.models import Appeal, Category, Channel
from kenesh.appeals.services import Contact, appeal_submit


def category(slug: str = "drinking-water") -> Category:
    """A national category (made again if a transactional test's flush took the shipped ones away)."""
    found, _created = Category.objects.get_or_create(municipality=None, slug=slug, defaults={"name_ru": slug})
    return found


def appeal_make(
    municipality: Any,
    *,
    text: str = "Суу жок, көчөбүздө үч күндөн бери.",
    phone: str = "+996700111222",
    email: str = "",
    name: str = "Асан Үсөнов",
    channel: str = Channel.WEB,
    slug: str = "drinking-water",
    **kwargs: Any,
) -> Appeal:
    return appeal_submit(
        municipality=municipality,
        channel=channel,
        text=text,
        category=category(slug),
        contact=Contact(name=name, phone=phone, email=email),
        **kwargs,
    ).appeal
