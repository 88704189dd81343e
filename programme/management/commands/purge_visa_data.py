from django.core.management.base import BaseCommand
from django.utils import timezone

from programme.domain import purge_visa_data


class Command(BaseCommand):
    help = "Delete visa letter requests (passport data) of conferences that ended long ago."

    def handle(self, *args, **options):
        count = purge_visa_data(now=timezone.now())
        self.stdout.write(f"Deleted {count} visa letter requests.")
