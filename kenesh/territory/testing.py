"""Helpers for tests of every app: a municipality in its rayon, without loading the real register.

from kenesh.territory.testing import municipality_make
ours = municipality_make("41702215810000", "Ак-Суу")
"""

from __future__ import annotations

from kenesh.territory.models import Level, Municipality, Unit


def municipality_make(coate: str, name: str) -> Municipality:
    """A current municipality named `name` (ky and ru) in a rayon coded by the first 8 digits of `coate`."""
    rayon = Unit.objects.create(coate=coate[:8] + "000000", level=Level.RAYON, name_ru=f"{name} район")
    municipality = Municipality(
        coate=coate, level=Level.MUNICIPALITY, name_ru=name, name_ky=name, parent=rayon
    )
    municipality.save()
    return municipality
