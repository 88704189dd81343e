"""Seed the benchmark database: the Mahidol call open now (uploads up to 10 MB, so a 5 MB
paper fits) and ``--authors`` verified accounts with one password (hashed once).

Run with the benchmark's environment (bench/rush/run.py does it)."""

import argparse

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402

from accounts.models import User  # noqa: E402
from cfp.models import Conference  # noqa: E402

PASSWORD = "rush-hour-password-2017"  # noqa: S105 - a benchmark account


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--authors", type=int, required=True)
    args = parser.parse_args()
    call_command("load_mahidol_call", open_now=True, verbosity=0)
    conference = Conference.objects.get(slug="mahidol-2017")
    conference.max_upload_megabytes = 10
    conference.save(update_fields=["max_upload_megabytes"])
    hashed = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [
            User(email=f"author{i}@rush.example.org", full_name=f"Author {i}", password=hashed)
            for i in range(args.authors)
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    print(f"seeded {conference.slug} and {len(users)} authors")


if __name__ == "__main__":
    main()
