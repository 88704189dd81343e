"""Restore an archive written by ``manage.py backup`` into a fresh database and storage, and
check every file by checksum.

    manage.py restore sala-backup.tar.gz
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cfp.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and storage; check every file's checksum."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            report = restore(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored: database and {report.files} file(s); every checksum matches "
            f"({report.submission_files} submission file(s) checked against their rows)."
        )
