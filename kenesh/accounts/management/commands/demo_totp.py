"""`manage.py demo_totp LOGIN`: the current TOTP code of a demo office login (demo logins only)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kenesh.accounts.demo import DEMO_DEVICE_NAME, DEMO_LOGINS
from kenesh.accounts.identifiers import identifier_parse


class Command(BaseCommand):
    help = "Print the current two-step sign-in code of a demo office login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("login", help="phone number or email of a demo login")

    def handle(self, *args: Any, login: str, **options: Any) -> None:
        identifier = identifier_parse(login)
        demo = {identifier_parse(entry.login).value for entry in DEMO_LOGINS}
        # Only the demo people: this must never become a way round anybody's real second factor.
        if identifier.value not in demo:
            raise CommandError(f"{login} is not a demo login.")
        device = TOTPDevice.objects.filter(
            user__in=_users(identifier.field, identifier.value), name=DEMO_DEVICE_NAME, confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{login} has no demo TOTP device: run load_demo first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")


def _users(field: str, value: str) -> Any:
    from kenesh.accounts.models import User

    return User.objects.filter(**{field: value})
