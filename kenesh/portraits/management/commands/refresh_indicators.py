"""manage.py refresh_indicators: recompute the figures of the portraits and the national dashboard now (the
db worker does it every hour and when a municipality's data changes; see kenesh.portraits.tasks)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kenesh.portraits.services import indicators_refresh
from kenesh.portraits.tasks import indicators_schedule
from kenesh.territory.models import Level, Unit


class Command(BaseCommand):
    help = "Recompute the precomputed indicators of every unit, or of one municipality's oblast."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--coate", default="", help="Only this municipality's oblast.")
        parser.add_argument("--schedule", action="store_true", help="Also queue the hourly refresh.")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality_id = None
        if options["coate"]:
            unit = Unit.objects.current().filter(coate=options["coate"], level=Level.MUNICIPALITY).first()
            if unit is None:
                self.stderr.write(f"No current municipality has the code {options['coate']}.")
                return
            municipality_id = unit.pk
        written = indicators_refresh(municipality_id=municipality_id)
        if options["schedule"]:
            indicators_schedule()
        self.stdout.write(f"{written} figure(s) computed.")
