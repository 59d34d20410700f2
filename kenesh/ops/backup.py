"""Backups that are known to restore: a dump, a manifest of what it holds, and a check by restoring it.

`manage.py backup FILE` writes the database to FILE (PostgreSQL: `pg_dump --format=custom`; SQLite: the
sqlite3 backup API, a consistent copy of the file) and FILE.manifest.json: the row count of every table
and the digests that the apps register (for example each published PB result's export SHA-256), all read
in the same snapshot as the dump (PostgreSQL: a REPEATABLE READ transaction whose snapshot pg_dump takes
with --snapshot; SQLite: read from the copy).

`manage.py backup_verify FILE` restores FILE into a fresh scratch database (PostgreSQL: a new database
made and dropped with `pg_restore`; SQLite: a copy), reads the same manifest from it, and compares: any
table whose count differs, any digest that differs or is missing, is reported, and the command fails.

Uploaded files (KENESH_MEDIA_ROOT) are not in the database: docs/deploy.md says how to copy them.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connections, transaction
from django.db.utils import load_backend

# name -> function(using) -> {key: digest}; registered by the apps above in their AppConfig.ready().
_digests: dict[str, Callable[[str], dict[str, str]]] = {}


class BackupMismatch(Exception):
    """The restored copy does not hold what the manifest says."""


def digests_register(name: str, read: Callable[[str], dict[str, str]]) -> None:
    _digests[name] = read


def manifest_read(using: str = "default") -> dict[str, Any]:
    connection = connections[using]
    tables = sorted(connection.introspection.table_names())
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return {"tables": counts, "digests": {name: read(using) for name, read in sorted(_digests.items())}}


def manifest_compare(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    """Every difference, in words; empty when the copy holds what the manifest says."""
    problems = []
    for table, count in expected["tables"].items():
        if table not in found["tables"]:
            problems.append(f"table {table}: missing")
        elif found["tables"][table] != count:
            problems.append(f"table {table}: {found['tables'][table]} rows, expected {count}")
    for name, digests in expected["digests"].items():
        restored = found["digests"].get(name, {})
        for key, digest in digests.items():
            if restored.get(key) != digest:
                problems.append(f"{name} {key}: digest {restored.get(key) or 'missing'}, expected {digest}")
    return problems


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def backup_write(path: Path, using: str = "default") -> dict[str, Any]:
    connection = connections[using]
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        manifest = _postgres_dump(path, using)
    elif connection.vendor == "sqlite":
        manifest = _sqlite_copy(path, using)
    else:
        raise NotImplementedError(f"backups of {connection.vendor} databases")
    _manifest_path(path).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def backup_verify(path: Path, using: str = "default") -> dict[str, Any]:
    """Restore `path` into a scratch database and compare it with its manifest; raise BackupMismatch."""
    expected = json.loads(_manifest_path(path).read_text(encoding="utf-8"))
    with _restored(path, using) as alias:
        found = manifest_read(alias)
    problems = manifest_compare(expected, found)
    if problems:
        raise BackupMismatch("\n".join(problems))
    return found


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise OSError(f"{name} is not installed (Debian: postgresql-client)")
    return found


def _postgres_dump(path: Path, using: str) -> dict[str, Any]:
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # The first statement of the transaction: the manifest and pg_dump read one snapshot.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        subprocess.run(  # noqa: S603  (a list of our own arguments, no shell)
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                f"--file={path}",
                f"--dbname={connection.settings_dict['NAME']}",
            ],
            env=_pg_env(connection.settings_dict),
            check=True,
            capture_output=True,
            timeout=3600,
        )
        return manifest_read(using)


def _sqlite_copy(path: Path, using: str) -> dict[str, Any]:
    connection = connections[using]
    connection.ensure_connection()
    if path.exists():
        path.unlink()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    with _alias_for(using, {"NAME": str(path)}) as alias:
        return manifest_read(alias)


@contextmanager
def _alias_for(using: str, changes: dict[str, Any]) -> Iterator[str]:
    """A temporary database alias like `using`, with `changes` (another file or database name)."""
    alias = f"backup_{uuid.uuid4().hex[:8]}"
    config = {**connections.settings[using], **changes, "TEST": {}, "CONN_MAX_AGE": 0}
    # A short-lived connection of its own, never one lent by the primary's pool.
    config["OPTIONS"] = {k: v for k, v in config.get("OPTIONS", {}).items() if k != "pool"}
    config = connections.configure_settings({"default": config, alias: config})[alias]
    # Made here and kept out of connections.settings: a scratch connection that nothing else looks up.
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
    setattr(connections._connections, alias, wrapper)  # type: ignore[attr-defined]
    try:
        yield alias
    finally:
        connections[alias].close()
        delattr(connections._connections, alias)  # type: ignore[attr-defined]


@contextmanager
def _restored(path: Path, using: str) -> Iterator[str]:
    connection = connections[using]
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory(prefix="kenesh-verify-") as scratch:
            copy = Path(scratch) / "restored.sqlite3"
            shutil.copyfile(path, copy)
            with _alias_for(using, {"NAME": str(copy)}) as alias:
                yield alias
        return
    name = f"kenesh_verify_{uuid.uuid4().hex[:10]}"
    env = _pg_env(connection.settings_dict)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    try:
        subprocess.run(  # noqa: S603  (a list of our own arguments, no shell)
            [_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={name}", str(path)],
            env=env,
            check=True,
            capture_output=True,
            timeout=3600,
        )
        with _alias_for(using, {"NAME": name}) as alias:
            yield alias
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
