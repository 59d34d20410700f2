"""kenesh.tally is a pure library: importing every module of it must not import Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, json, pkgutil, sys
import kenesh.tally
names = ["kenesh.tally"] + [m.name for m in pkgutil.walk_packages(kenesh.tally.__path__, "kenesh.tally.")]
for name in names:
    importlib.import_module(name)
leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(json.dumps({"imported": names, "django": leaked}))
"""


def test_importing_every_tally_module_leaves_django_unloaded():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"kenesh.tally.model", "kenesh.tally.pabulib", "kenesh.tally.satisfaction"} <= set(
        report["imported"]
    )
    assert report["django"] == [], f"kenesh.tally imported Django: {report['django']}"
