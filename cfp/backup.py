"""Backup and restore of the whole site: one archive with the database, every stored file and
a manifest of checksums (``manage.py backup`` / ``manage.py restore``).

The archive (``.tar.gz``) holds:

- ``database.json``: ``dumpdata`` of every app with natural keys (portable between SQLite and
  PostgreSQL; content types, permissions and sessions are rebuilt, not copied), or, with
  ``--format pg`` on PostgreSQL, ``database.pgdump`` from ``pg_dump --format=custom``;
- ``media/<name>``: every file of the default storage (local disk or S3-compatible);
- ``manifest.json``: the format, when, the database file with its sha256, and each file's
  name, size and sha256.

Restore checks the archive against its manifest, loads the database into an empty one
(migrated first), writes the files and reads every one back, comparing checksums; it also
checks each submission file against the sha256 its row recorded at upload.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from .domain.orphans import walk

FORMAT = 1
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    pass


class _Hashing(io.RawIOBase):
    """Reads through ``raw``, hashing what passes."""

    def __init__(self, raw):
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_url() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    env = os.environ.copy()
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--host", db.get("HOST") or "localhost", "--port", str(db.get("PORT") or 5432)]
    args += ["--username", db.get("USER") or "postgres", "--dbname", db["NAME"]]
    return args, env


def backup(path: Path, *, fmt: str = "json", storage=None) -> dict:
    """Write the archive to ``path``. Returns the manifest. Reads only (writes ``path``)."""
    storage = storage or default_storage
    manifest: dict = {"format": FORMAT, "created": timezone.now().isoformat(), "files": {}}
    with tempfile.TemporaryDirectory() as tmp:
        if fmt == "pg":
            if connection.vendor != "postgresql":
                raise BackupError("--format pg needs PostgreSQL")
            dump = Path(tmp) / "database.pgdump"
            args, env = _pg_url()
            subprocess.run(  # noqa: S603
                [
                    shutil.which("pg_dump") or "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    str(dump),
                    *args,
                ],
                check=True,
                env=env,
            )
        else:
            dump = Path(tmp) / "database.json"
            call_command(
                "dumpdata",
                natural_foreign=True,
                natural_primary=True,
                exclude=EXCLUDED,
                output=str(dump),
                verbosity=0,
            )
        manifest["database"] = {"file": dump.name, "sha256": _sha256_file(dump)}
        tmp_archive = path.with_name(path.name + ".partial")
        with tarfile.open(tmp_archive, "w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            for name in sorted(walk(storage, "")):
                info = tarfile.TarInfo(f"media/{name}")
                info.size = storage.size(name)
                info.mtime = int(storage.get_modified_time(name).timestamp())
                with storage.open(name, "rb") as handle:
                    reader = _Hashing(handle)
                    archive.addfile(info, reader)
                manifest["files"][name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        # Renamed only once complete: a backup cut short never looks like a good one.
        tmp_archive.replace(path)
    return manifest


@dataclass
class RestoreReport:
    files: int
    submission_files: int


def _database_is_empty() -> bool:
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label in {"contenttypes", "auth", "sessions"}:
            continue
        if model._meta.managed and not model._meta.proxy and model._default_manager.exists():
            return False
    return True


def restore(path: Path, *, storage=None) -> RestoreReport:
    """Restore the archive at ``path`` into this (empty) database and storage, then check
    every file by checksum. Raises ``BackupError`` saying what is wrong.

    Side effects: migrations applied; every row of the archive loaded; every file written.
    """
    storage = storage or default_storage
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))
        except KeyError as exc:
            raise BackupError(f"{path} has no manifest.json: not a sala backup") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        db = manifest["database"]
        dump = Path(tmp) / db["file"]
        with archive.extractfile(db["file"]) as src, dump.open("wb") as out:
            shutil.copyfileobj(src, out)
        if _sha256_file(dump) != db["sha256"]:
            raise BackupError(f"{db['file']} does not match its checksum: the archive is damaged")
        call_command("migrate", verbosity=0, interactive=False)
        if not _database_is_empty():
            raise BackupError("the database is not empty: restore into a fresh database")
        existing = [name for name in manifest["files"] if storage.exists(name)]
        if existing:
            raise BackupError(f"{len(existing)} file(s) exist already, e.g. {existing[0]}")
        if dump.suffix == ".pgdump":
            if connection.vendor != "postgresql":
                raise BackupError("this backup holds a PostgreSQL dump: restore it on PostgreSQL")
            args, env = _pg_url()
            connection.close()
            subprocess.run(  # noqa: S603
                [
                    shutil.which("pg_restore") or "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    *args,
                    str(dump),
                ],
                check=True,
                env=env,
            )
        else:
            call_command("loaddata", str(dump), verbosity=0)
        for name in manifest["files"]:
            with archive.extractfile(f"media/{name}") as src:
                saved = storage.save(name, File(src, name=name))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}")
    return verify(manifest, storage=storage)


def verify(manifest: dict, *, storage=None) -> RestoreReport:
    """Read every file of ``manifest`` back from storage and compare its checksum; check each
    submission file against the sha256 its row recorded. Raises ``BackupError``."""
    from .models import SubmissionFile

    storage = storage or default_storage
    bad = []
    for name, expected in manifest["files"].items():
        with storage.open(name, "rb") as handle:
            reader = _Hashing(handle)
            while reader.read(1 << 20):
                pass
        if reader.digest.hexdigest() != expected["sha256"] or reader.size != expected["size"]:
            bad.append(name)
    checked = 0
    for name, sha256 in SubmissionFile.objects.values_list("file", "sha256"):
        if manifest["files"].get(name, {}).get("sha256") != sha256:
            bad.append(name)
        checked += 1
    if bad:
        raise BackupError(f"{len(bad)} file(s) do not match their checksum, e.g. {bad[0]}")
    return RestoreReport(files=len(manifest["files"]), submission_files=checked)
