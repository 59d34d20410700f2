"""The portal's demo content (filled in below)."""

from __future__ import annotations


def load_demo() -> None:
    return None
