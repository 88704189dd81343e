"""Write one archive with the database, every stored file and a manifest of checksums.

    manage.py backup [--output sala-backup.tar.gz] [--format json|pg]

See ``cfp/backup.py``; restore with ``manage.py restore ARCHIVE``.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cfp.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and every stored file into one archive with checksums."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the archive to write (default: a dated name)")
        parser.add_argument(
            "--format",
            choices=["json", "pg"],
            default="json",
            help="json: dumpdata, portable (default); pg: pg_dump custom format (PostgreSQL)",
        )

    def handle(self, *args, output=None, format="json", **options):
        path = Path(output or f"sala-backup-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz")
        try:
            manifest = backup(path, fmt=format)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{path}: database ({manifest['database']['file']}) and "
            f"{len(manifest['files'])} file(s), with their sha256."
        )
