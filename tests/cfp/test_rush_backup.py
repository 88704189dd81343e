"""Issue 9, item 9: backup and restore, one command each. The drill restores into a fresh
database and media folder (another process, as an operator would) and checks every stored
file by checksum."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from cfp.models import SubmissionFile
from tests.cfp.conftest import complete_draft
from tests.factories import verified_user
from tests.pdfs import make_pdf

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


@pytest.fixture(autouse=True)
def _empty_storage():
    from cfp.domain.orphans import walk

    for name in list(walk(default_storage, "")):
        default_storage.delete(name)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_backup_writes_the_database_every_file_and_their_checksums(call, author, tmp_path):
    complete_draft(call, author, title="Backed up")
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()

    call_command("backup", output=str(archive), stdout=out)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        stored = SubmissionFile.objects.get()
        for name in (stored.file.name, stored.blind_file.name):
            data = tar.extractfile(f"media/{name}").read()
            assert manifest["files"][name] == {"size": len(data), "sha256": sha256(data)}
        assert sorted(manifest["files"]) == sorted([stored.file.name, stored.blind_file.name])
        dump = json.load(tar.extractfile("database.json"))
    assert manifest["files"][stored.file.name]["sha256"] == stored.sha256
    assert any(
        row["model"] == "cfp.submission" and row["fields"]["title"] == "Backed up" for row in dump
    )
    assert (
        out.getvalue() == f"{archive}: database (database.json) and 2 file(s), with their sha256.\n"
    )


def test_the_drill_restores_into_a_fresh_database_and_media_folder(call, author, tmp_path):
    complete_draft(call, author, title="First")
    other = verified_user(email="second@example.org")
    complete_draft(call, other, title="Second", pdf=make_pdf(pages=3))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    expected = dict(SubmissionFile.objects.values_list("file", "sha256"))
    fresh_db, fresh_media = tmp_path / "fresh.sqlite3", tmp_path / "media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{fresh_db}",
        "MEDIA_ROOT": str(fresh_media),
        "SALA_VAR_DIR": str(tmp_path),
        "PYTHONWARNINGS": "ignore",
    }

    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Restored: database and 4 file(s); every checksum matches "
        "(2 submission file(s) checked against their rows).\n"
    )
    with sqlite3.connect(fresh_db) as db:
        rows = dict(db.execute("SELECT file, sha256 FROM cfp_submissionfile"))
        titles = sorted(t for (t,) in db.execute("SELECT title FROM cfp_submission"))
    assert rows == expected
    assert titles == ["First", "Second"]
    for name, sha in rows.items():
        assert sha256((fresh_media / name).read_bytes()) == sha

    again = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert again.returncode == 1
    assert "CommandError: the database is not empty: restore into a fresh database" in again.stderr


def test_a_damaged_archive_is_refused(call, author, tmp_path):
    from cfp.backup import BackupError, restore

    complete_draft(call, author)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "database.json":
                data = data.replace(b'"draft"', b'"submitted"')
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))

    with pytest.raises(BackupError, match="database.json does not match its checksum"):
        restore(damaged)
