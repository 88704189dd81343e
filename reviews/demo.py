"""The demo committee: reviewers and a theme chair for ``manage.py demo``."""

from __future__ import annotations

from django.db import transaction

from cfp.demo.people import THEME_CHAIR_THEME, DemoResult
from cfp.models import Conference, Theme

from .models import CommitteeMember


def create_demo_committee(*, conference: Conference, people: DemoResult) -> None:
    """Give the demo reviewers and theme chair their committee roles. Idempotent."""
    with transaction.atomic():
        for person, user, _created in people.rows:
            if person.role not in ("reviewer", "theme_chair"):
                continue
            role = (
                CommitteeMember.Role.THEME_CHAIR
                if person.role == "theme_chair"
                else CommitteeMember.Role.REVIEWER
            )
            member, _ = CommitteeMember.objects.update_or_create(
                conference=conference, user=user, defaults={"role": role}
            )
            if person.role == "theme_chair":
                member.themes.set(
                    Theme.objects.filter(conference=conference, slug=THEME_CHAIR_THEME)
                )
