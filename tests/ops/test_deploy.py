"""The deployment checklist: with the production variables set, Django's deploy checks pass."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ops.databases import test_database_url

REPO = Path(__file__).resolve().parents[2]


def _check_deploy(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.update(KENESH_VAR_DIR=str(tmp_path), **variables)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_SECURE": "1",
    "DJANGO_ALLOWED_HOSTS": "kenesh.example.kg",
    "DATABASE_URL": "postgres://kenesh:password@db.internal:5432/kenesh",
}


@pytest.mark.slow
def test_deploy_checks_pass_with_the_production_variables(tmp_path):
    result = _check_deploy(tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_deploy_checks_fail_without_https(tmp_path):
    result = _check_deploy(tmp_path, **{**PRODUCTION, "DJANGO_SECURE": "0"})

    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no redirect to HTTPS


@pytest.mark.slow
@pytest.mark.django_db
def test_the_connection_pool_and_the_replica_are_configured_by_variables(tmp_path):
    """KENESH_DB_POOL=1 lends pooled connections (PostgreSQL); DATABASE_REPLICA_URL adds the replica."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the pool is psycopg's (PostgreSQL); CI runs this on PostgreSQL")
    url = test_database_url()  # the test database, for both aliases
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(KENESH_VAR_DIR=str(tmp_path), KENESH_DB_POOL="1", DATABASE_URL=url, DATABASE_REPLICA_URL=url)
    script = (
        "from django.db import connections\n"
        "for alias in ('default', 'replica'):\n"
        "    with connections[alias].cursor() as cursor:\n"
        "        cursor.execute('SELECT 1')\n"
        "    print(alias, connections[alias].pool is not None)\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["default", "True", "replica", "True"]
