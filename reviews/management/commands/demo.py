"""Demo accounts on the open-now call, for ``make run``. Idempotent.

It lives in reviews because it spans the apps below it: people and submissions (cfp) and the
committee (reviews).
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cfp.demo.mahidol import SLUG
from cfp.demo.people import DEMO_PASSWORD, create_demo_people
from cfp.demo.submissions import create_demo_submissions
from cfp.management.commands.load_mahidol_call import today_and_now
from cfp.models import Conference
from reviews.demo import create_demo_committee
from reviews.demo_assignment import confirm_demo_assignment
from reviews.demo_bids import add_bids_and_conflicts
from reviews.demo_decisions import add_demo_decisions
from reviews.demo_reviews import add_demo_reviews


class Command(BaseCommand):
    help = (
        "Create the demo organiser, committee and authors on the Mahidol call (loading it "
        "open-now first if it is missing), then demo submissions. Prints the logins."
    )

    def add_arguments(self, parser):
        parser.add_argument("--conference", default=SLUG, help="Conference slug.")
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=f"Set every demo account's password back to {DEMO_PASSWORD!r}.",
        )
        parser.add_argument(
            "--today",
            help=(
                "Pretend today is this date (YYYY-MM-DD, in Bangkok; the demo works at noon "
                "of it); passed on to load_mahidol_call. For tests and demos."
            ),
        )

    def handle(self, *args, conference: str, reset_passwords: bool, today: str | None, **options):
        day, now = today_and_now(today)
        conf = Conference.objects.filter(slug=conference).first()
        if conf is None and conference == SLUG:
            call_command(
                "load_mahidol_call", open_now=True, today=day.isoformat(), stdout=self.stdout
            )
            conf = Conference.objects.get(slug=conference)
        elif conf is None:
            self.stderr.write(f"No conference {conference!r}.")
            return
        result = create_demo_people(conference=conf, reset_passwords=reset_passwords)
        committee = create_demo_committee(
            conference=conf, people=result, now=now, reset_passwords=reset_passwords
        )
        rows = result.rows + committee.rows
        created = create_demo_submissions(
            conference=conf, authors=result.users("author"), now=now, stdout=self.stdout
        )
        # The committee's work on the demo papers, each step idempotent: bids and conflicts,
        # then the assignment they feed, reviews, then decisions.
        add_bids_and_conflicts(conf)
        confirm_demo_assignment(conf)
        add_demo_reviews(conf)
        add_demo_decisions(conf)
        # Then the programme (issue 13): more accepted papers, their final versions, two
        # days of sessions, published as version 1. programme sits above reviews (DESIGN:
        # programme → reviews → cfp): imported here, at the one place that spans them all.
        from programme.demo import create_demo_programme

        create_demo_programme(
            conference=conf, authors=result.users("author"), now=now, stdout=self.stdout
        )

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins for “{conf.title}” ({conf.slug})"))
        width = max(len(p.email) for p, _, _ in rows)
        self.stdout.write(f"  {'role':<12} {'email':<{width}}  password          name")
        for person, user, _ in rows:
            self.stdout.write(
                f"  {person.role:<12} {person.email:<{width}}  {DEMO_PASSWORD:<16}  "
                f"{user.full_name}"
            )
        new = sum(1 for _, _, was_created in rows if was_created)
        self.stdout.write(
            f"{new} account(s) created, {len(rows) - new} already there; "
            f"{created} demo submission(s) created; "
            f"{committee.invitations_created} committee invitation(s) created."
        )
        self.stdout.write(
            "Passwords are set when an account is created; --reset-passwords sets them again."
        )
        self.stdout.write(f"Organiser area: /c/{conf.slug}/organise/")
        self.stdout.write(
            f"Committee (organisers, theme chairs, reviewers): /c/{conf.slug}/committee/"
        )
