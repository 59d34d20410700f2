"""What a test does when something it needs from outside the repository is missing: skip, or fail in CI.

On a developer's machine the shared files (../shared: real Pabulib elections, the СОАТЕ classifier),
Chromium, GNU gettext, Debian's iso-codes or pabutools may be absent, and the tests that need them skip with
the reason. CI (`.ci/run` exports CI=true) installs all of them, so there a missing one means the tests did
not run what they claim to: `missing` fails the test instead of skipping it.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """Whether the CI variable is set (to anything but "", "0", "false" or "no")."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(reason: str) -> NoReturn:
    """Skip the test for `reason`, or fail it in CI, where nothing may be missing."""
    if in_ci():
        pytest.fail(f"{reason}; CI must have it (CI is set)", pytrace=False)
    pytest.skip(reason)


def import_or_missing(name: str) -> ModuleType:
    """The module `name` (a test dependency), or `missing` when it cannot be imported."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        missing(f"{name} cannot be imported ({error}); install the test extras")
