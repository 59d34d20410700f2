"""The portraits app's demo: an editor's published text about the demo municipality, then the figures of
everything the other apps' demos loaded (registered last, so it runs after them) and the hourly refresh."""

from __future__ import annotations

from django.utils import timezone

from kenesh.portraits.models import PortraitText
from kenesh.portraits.services import indicators_refresh
from kenesh.portraits.tasks import indicators_schedule
from kenesh.territory.demo import KUM_DOBO
from kenesh.territory.models import Unit

DEMO_HEADING_RU = "Кум-Добо: село у подножия гор"


def text_demo() -> None:
    """A published editor's text on the demo municipality's portrait, as if written in the portal's editor."""
    unit = Unit.objects.current().filter(coate=KUM_DOBO).first()
    if unit is None or PortraitText.objects.filter(unit=unit).exists():
        return
    now = timezone.now()
    text = PortraitText.objects.create(
        unit=unit,
        heading_ky="Кум-Добо: тоо этегиндеги айыл",
        heading_ru=DEMO_HEADING_RU,
        body_ky="<p>Айыл өкмөтү бюджетти жарыялап, жамаат менен угууларды өткөрөт; "
        "жашоочулар ичүүчү суу жана мектеп долбоорлоруна добуш беришти.</p>",
        body_ru="<p>Айыл окмоту публикует бюджет и проводит слушания с жителями; "
        "жители голосовали за проекты питьевой воды и школы.</p>",
        live=True,
        first_published_at=now,
        last_published_at=now,
    )
    text.save_revision()


def load_demo() -> None:
    text_demo()
    indicators_refresh()
    indicators_schedule()
