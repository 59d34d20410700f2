"""Fixtures of the territory tests: the shared СОАТЕ file, the demo data and people to act as."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kenesh.territory.demo import load_demo
from tests.ci import missing

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared_coate_csv() -> Path:
    """The pre-reform classifier (never copied into the repository); skip when it is absent (fail in CI)."""
    folder = Path(os.environ.get("KENESH_TERRITORY_DIR", REPO.parent / "shared" / "territory"))
    path = folder / "kg_coate_pre_reform.csv"
    if not path.exists():
        missing(f"the shared СОАТЕ file is not at {path} (set KENESH_TERRITORY_DIR)")
    return path


@pytest.fixture
def demo(db) -> None:
    load_demo()
