"""Where the shared real Pabulib elections are: the `pabulib_dir` fixture and `pabulib_files()` helper.

When they are absent the tests that need them skip, or fail in CI (see tests/ci.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ci import missing

REPO = Path(__file__).resolve().parents[2]


def pabulib_path() -> Path:
    """$KENESH_PABULIB_DIR, or else the shared folder beside the repository (it may not exist)."""
    return Path(os.environ.get("KENESH_PABULIB_DIR") or REPO.parent / "shared" / "pabulib")


def pabulib_files() -> list[Path]:
    """Every shared .pb file, sorted by name; empty when the folder is absent.

    Safe to call at collection time, e.g. ``@pytest.mark.parametrize("path", pabulib_files(), ids=...)``.
    """
    folder = pabulib_path()
    return sorted(folder.glob("*.pb")) if folder.is_dir() else []


def pabulib_file(name: str) -> Path:
    """One shared file by name, or skip the test with the reason (fail it in CI)."""
    path = pabulib_path() / name
    if not path.is_file():
        missing(f"shared Pabulib election {name} not found in {pabulib_path()} (set KENESH_PABULIB_DIR)")
    return path


@pytest.fixture
def pabulib_dir() -> Path:
    """The folder of shared real elections; skips the test when it is absent (fails it in CI)."""
    folder = pabulib_path()
    if not pabulib_files():
        missing(f"no shared Pabulib elections in {folder} (set KENESH_PABULIB_DIR)")
    return folder
