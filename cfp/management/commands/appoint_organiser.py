"""A site administrator steps in as organiser of one conference, from the command line.

The same as the staff page ``/staff/c/<slug>/step-in/``: through
``cfp.domain.organisers.step_in``, so it needs a reason, is recorded on the organisers page
and mailed to the organisers. Being staff opens no organiser page by itself.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from cfp.domain import organisers as domain_organisers
from cfp.models import Conference


class Command(BaseCommand):
    help = "Make a site administrator (staff account) an organiser of a conference, recorded."

    def add_arguments(self, parser):
        parser.add_argument("conference", help="the conference's short name (slug)")
        parser.add_argument("--admin", required=True, help="the staff account's email address")
        parser.add_argument("--reason", required=True, help="why: the organisers read it")

    def handle(self, *args, conference, admin, reason, **options):
        found = Conference.objects.filter(slug=conference).first()
        if found is None:
            raise CommandError(f"No conference {conference!r}.")
        user = User.objects.filter(email__iexact=admin.strip()).first()
        if user is None:
            raise CommandError(f"No account {admin!r}.")
        try:
            added = domain_organisers.step_in(conference=found, by=user, reason=reason)
        except domain_organisers.OrganiserChangeRefused as exc:
            raise CommandError(str(exc)) from exc
        if added:
            self.stdout.write(f"{user.email} is now an organiser of {found.slug} (recorded).")
        else:
            self.stdout.write(f"{user.email} was already an organiser of {found.slug}.")
