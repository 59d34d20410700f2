"""Backups: the dump and its manifest restore into a fresh database with every row and every digest."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kenesh.pb.election import sha256_hex
from kenesh.pb.models import Result
from kenesh.pb.testing import process_with_proposals

# Committed data: pg_dump reads what other connections can see.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published():
    process = process_with_proposals()
    export = "META\nkey;value\ndescription;test\n"
    return Result.objects.create(
        process=process,
        rule=process.rule,
        published_at=timezone.now(),
        export=export,
        export_sha256=sha256_hex(export),
    )


def test_a_backup_restores_with_every_row_and_every_published_result(tmp_path, published, capsys):
    dump = tmp_path / "kenesh.dump"
    call_command("backup", str(dump))
    manifest = json.loads((tmp_path / "kenesh.dump.manifest.json").read_text())
    assert manifest["tables"]["pb_result"] == 1
    assert manifest["digests"]["pb.published_results"] == {str(published.pk): published.export_sha256}
    call_command("backup_verify", str(dump))
    assert "restored and checked" in capsys.readouterr().out


def test_a_backup_that_does_not_hold_what_its_manifest_says_fails_the_check(tmp_path, published):
    dump = tmp_path / "kenesh.dump"
    call_command("backup", str(dump))
    path = tmp_path / "kenesh.dump.manifest.json"
    manifest = json.loads(path.read_text())
    manifest["tables"]["pb_result"] = 2
    manifest["digests"]["pb.published_results"][str(published.pk)] = "0" * 64
    path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError) as failed:
        call_command("backup_verify", str(dump))
    assert "pb_result: 1 rows, expected 2" in str(failed.value)
    assert f"pb.published_results {published.pk}: digest {published.export_sha256}" in str(failed.value)


def test_a_file_that_is_not_a_backup_is_refused_clearly(tmp_path):
    dump = tmp_path / "kenesh.dump"
    call_command("backup", str(dump))
    dump.write_bytes(b"not a backup" * 100)
    with pytest.raises(CommandError) as failed:
        call_command("backup_verify", str(dump))
    assert "backup" in str(failed.value)
