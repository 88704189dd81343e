"""Conflicts of interest: declared by authors, reviewers and chairs, found automatically.

Every change writes a ``ConflictChange`` (who, when, what, why). A conflict is absolute while
it stands (``waived_at`` empty): cfp hides the submission from the person through
``cfp.conflicts`` (fed by ``reviews.conflicts_source``), reviews' rules refuse it, and
``conflicted_pairs`` tells the assignment step never to pair them.

A chair's removal *waives* the rows of the pair (``waived_at``) rather than deleting them:
the automatic refresh and the author's page then leave the pair alone, and the record stays.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..models import AssignmentSettings, CommitteeMember, Conflict, ConflictChange, ConflictReason
from ..normalise import (
    affiliation_keys,
    email_domain,
    organisation_domain,
    parse_domains,
)

#: Reasons an author or a reviewer may give (the automatic ones are sala's own).
DECLARABLE_REASONS = (
    ConflictReason.SAME_INSTITUTION,
    ConflictReason.COLLABORATOR,
    ConflictReason.SUPERVISION,
    ConflictReason.PERSONAL,
    ConflictReason.OTHER,
)


def declarable_reason_choices():
    return [(reason.value, reason.label) for reason in DECLARABLE_REASONS]


class ConflictError(Exception):
    """A change to conflicts that is not allowed (the message says why, for the person)."""


def _log(*, conflict_user_id, submission_id, action, source, reason, note="", by=None):
    ConflictChange.objects.create(
        submission_id=submission_id,
        user_id=conflict_user_id,
        action=action,
        source=source,
        reason=reason,
        note=note[:500],
        by=by,
    )


def conflicted_pairs(conference) -> set[tuple[int, int]]:
    """Every standing conflict of ``conference`` as ``(user_id, submission_id)``. One query.

    The assignment step (engine and by hand) must never pair these."""
    return set(
        Conflict.objects.filter(
            submission__conference=conference, waived_at__isnull=True
        ).values_list("user_id", "submission_id")
    )


def is_conflicted(*, user_id: int, submission_id: int) -> bool:
    return Conflict.objects.filter(
        user_id=user_id, submission_id=submission_id, waived_at__isnull=True
    ).exists()


# --- Declared by the submission's authors.


def declare_author_conflicts(*, submission, by, declared: dict[int, str]) -> tuple[int, int]:
    """Set the conflicts the submission's authors declare: ``declared`` maps committee
    members' user ids to a reason; members left out are no longer declared by the authors.

    Only committee members of the submission's conference may be named (others are
    ignored). A pair a chair waived stays waived. Side effects: creates and deletes
    Conflict rows of source AUTHOR; a ConflictChange for each. Returns (added, removed).
    """
    allowed_reasons = {reason.value for reason in DECLARABLE_REASONS}
    members = set(
        CommitteeMember.objects.filter(conference_id=submission.conference_id).values_list(
            "user_id", flat=True
        )
    )
    wanted = {
        user_id: reason
        for user_id, reason in declared.items()
        if user_id in members and reason in allowed_reasons
    }
    added = removed = 0
    with transaction.atomic():
        existing = {
            row.user_id: row
            for row in Conflict.objects.select_for_update().filter(
                submission=submission, source=Conflict.Source.AUTHOR
            )
        }
        for user_id, row in existing.items():
            if user_id not in wanted and row.waived_at is None:
                row.delete()
                removed += 1
                _log(
                    conflict_user_id=user_id,
                    submission_id=submission.pk,
                    action=ConflictChange.Action.REMOVED,
                    source=Conflict.Source.AUTHOR,
                    reason=row.reason,
                    by=by,
                )
        for user_id, reason in wanted.items():
            row = existing.get(user_id)
            if row is None:
                Conflict.objects.create(
                    submission=submission,
                    user_id=user_id,
                    source=Conflict.Source.AUTHOR,
                    reason=reason,
                    created_by=by,
                )
                added += 1
                _log(
                    conflict_user_id=user_id,
                    submission_id=submission.pk,
                    action=ConflictChange.Action.ADDED,
                    source=Conflict.Source.AUTHOR,
                    reason=reason,
                    by=by,
                )
            elif row.reason != reason and row.waived_at is None:
                row.reason = reason
                row.save(update_fields=["reason"])
    return added, removed


# --- Declared by a reviewer while bidding.


def declare_reviewer_conflict(*, submission, user, reason: str, note: str = ""):
    """The reviewer ``user`` declares a conflict with ``submission``.

    Side effects: a Conflict of source REVIEWER (or the existing one, un-waived), their bid
    set to "conflict", a ConflictChange. The submission then leaves their bidding list.
    """
    from ..models import Bid

    if reason not in {r.value for r in DECLARABLE_REASONS}:
        raise ConflictError("unknown reason")
    with transaction.atomic():
        conflict = _record(
            submission=submission,
            user=user,
            source=Conflict.Source.REVIEWER,
            reason=reason,
            note=note,
            by=user,
        )
        Bid.objects.update_or_create(
            submission=submission, user=user, defaults={"preference": Bid.Preference.CONFLICT}
        )
    return conflict


def _record(*, submission, user, source: str, reason: str, note: str, by):
    """Record (or restore, un-waived) the conflict of ``source`` and log it as added."""
    conflict, created = Conflict.objects.get_or_create(
        submission=submission,
        user=user,
        source=source,
        defaults={"reason": reason, "note": note[:500], "created_by": by},
    )
    if not created:
        conflict.reason = reason
        conflict.note = note[:500]
        conflict.waived_at = None
        conflict.waived_by = None
        conflict.save(update_fields=["reason", "note", "waived_at", "waived_by"])
    _log(
        conflict_user_id=user.pk,
        submission_id=submission.pk,
        action=ConflictChange.Action.ADDED,
        source=source,
        reason=reason,
        note=note,
        by=by,
    )
    return conflict


# --- Chairs.


def add_conflict(*, submission, user, reason: str, note: str = "", by):
    """A chair records a conflict between ``user`` and ``submission``.

    Side effects: a Conflict of source CHAIR (un-waived if it was waived), a ConflictChange.
    """
    if reason not in ConflictReason.values:
        raise ConflictError("unknown reason")
    with transaction.atomic():
        conflict = _record(
            submission=submission,
            user=user,
            source=Conflict.Source.CHAIR,
            reason=reason,
            note=note,
            by=by,
        )
    return conflict


def remove_conflict(*, submission, user, note: str = "", by, now=None) -> int:
    """A chair removes the conflict between ``user`` and ``submission``, whoever found it.

    Side effects: every standing row of the pair is waived (kept, with ``waived_at`` and
    ``waived_by``), so that neither the automatic refresh nor the authors' page brings it
    back; a ConflictChange per row. Returns how many rows were waived.
    """
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Conflict.objects.select_for_update().filter(
                submission=submission, user=user, waived_at__isnull=True
            )
        )
        for row in rows:
            row.waived_at = now
            row.waived_by = by
            row.save(update_fields=["waived_at", "waived_by"])
            _log(
                conflict_user_id=user.pk,
                submission_id=submission.pk,
                action=ConflictChange.Action.REMOVED,
                source=row.source,
                reason=row.reason,
                note=note,
                by=by,
            )
    return len(rows)


# --- Found automatically.


@dataclass(frozen=True)
class Person:
    """What the automatic rules read of a committee member or organiser."""

    user_id: int
    emails: frozenset[str]
    affiliation_keys: frozenset[str]


@dataclass(frozen=True)
class Author:
    user_id: int | None
    email: str
    affiliation_keys: frozenset[str]


def find_conflicts(
    *,
    people: list[Person],
    authors_of: dict[int, list[Author]],
    coauthors_of: dict[object, set[object]],
    public_domains: frozenset[str],
) -> dict[tuple[int, int], str]:
    """The automatic conflicts, as ``{(user_id, submission_id): reason}`` (first reason that
    holds: author, co-author, same email domain, same affiliation). Plain data in, plain data
    out: no query.

    ``coauthors_of`` maps an identity (``("user", id)`` or ``("email", address)``) to the
    identities it shares a submission with anywhere on the site.
    """
    by_identity: dict[object, set[int]] = defaultdict(set)
    by_domain: dict[str, set[int]] = defaultdict(set)
    by_affiliation: dict[str, set[int]] = defaultdict(set)
    for submission_id, authors in authors_of.items():
        for author in authors:
            if author.email:
                by_identity[("email", author.email)].add(submission_id)
                domain = organisation_domain(email_domain(author.email), public_domains)
                if domain:
                    by_domain[domain].add(submission_id)
            if author.user_id is not None:
                by_identity[("user", author.user_id)].add(submission_id)
            for key in author.affiliation_keys:
                by_affiliation[key].add(submission_id)

    def union(index, keys) -> set[int]:
        out: set[int] = set()
        for key in keys:
            out |= index.get(key, set())
        return out

    found: dict[tuple[int, int], str] = {}
    for person in people:
        identities = {("user", person.user_id)} | {("email", e) for e in person.emails}
        coauthors = set().union(*(coauthors_of.get(i, set()) for i in identities))
        domains = {organisation_domain(email_domain(e), public_domains) for e in person.emails}
        # Weakest first, so that the strongest reason found is the one kept.
        for reason, submissions in (
            (ConflictReason.SAME_AFFILIATION, union(by_affiliation, person.affiliation_keys)),
            (ConflictReason.SAME_EMAIL_DOMAIN, union(by_domain, domains - {""})),
            (ConflictReason.COAUTHOR, union(by_identity, coauthors)),
            (ConflictReason.IS_AUTHOR, union(by_identity, identities)),
        ):
            for submission_id in submissions:
                found[(person.user_id, submission_id)] = reason
    return found


def _load(conference):
    """Read what ``find_conflicts`` needs, in a bounded number of queries."""
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from cfp.models import Authorship, Submission

    settings_row, _ = AssignmentSettings.objects.get_or_create(conference=conference)
    people_ids = set(
        CommitteeMember.objects.filter(conference=conference).values_list("user_id", flat=True)
    ) | set(conference.organisers.values_list("pk", flat=True))
    emails: dict[int, set[str]] = defaultdict(set)
    affiliations: dict[int, str] = {}
    for pk, email, affiliation in User.objects.filter(pk__in=people_ids).values_list(
        "pk", "email", "affiliation"
    ):
        emails[pk].add(email.strip().casefold())
        affiliations[pk] = affiliation
    for user_id, email in EmailAddress.objects.filter(
        user_id__in=people_ids, verified=True
    ).values_list("user_id", "email"):
        emails[user_id].add(email.strip().casefold())
    people = [
        Person(
            user_id=pk,
            emails=frozenset(e for e in emails[pk] if e),
            affiliation_keys=affiliation_keys(affiliations.get(pk, "")),
        )
        for pk in sorted(people_ids)
    ]

    submission_ids = list(
        Submission.objects.for_organisers_of(conference).values_list("pk", flat=True)
    )
    authors_of: dict[int, list[Author]] = defaultdict(list)
    for submission_id, user_id, email, affiliation in Authorship.objects.filter(
        submission_id__in=submission_ids
    ).values_list("submission_id", "user_id", "email", "affiliation"):
        authors_of[submission_id].append(
            Author(user_id, email.strip().casefold(), affiliation_keys(affiliation))
        )
    for submission_id, creator in Submission.objects.filter(pk__in=submission_ids).values_list(
        "pk", "created_by_id"
    ):
        if creator is not None:
            authors_of[submission_id].append(Author(creator, "", frozenset()))
        else:
            authors_of.setdefault(submission_id, [])

    # Co-authorship anywhere on the site: the authors of every submission once submitted.
    members_of: dict[int, set[object]] = defaultdict(set)
    for submission_id, user_id, email in Authorship.objects.filter(
        submission__submitted_at__isnull=False
    ).values_list("submission_id", "user_id", "email"):
        members_of[submission_id].add(("email", email.strip().casefold()))
        if user_id is not None:
            members_of[submission_id].add(("user", user_id))
    coauthors_of: dict[object, set[object]] = defaultdict(set)
    for identities in members_of.values():
        for identity in identities:
            coauthors_of[identity] |= identities - {identity}
    return people, dict(authors_of), coauthors_of, parse_domains(settings_row.public_mail_domains)


@dataclass(frozen=True)
class RefreshResult:
    added: int
    removed: int
    kept: int


def refresh_automatic_conflicts(conference, *, now=None) -> RefreshResult:
    """Recompute the automatic conflicts of ``conference`` for its committee and organisers.

    Idempotent: a second run changes nothing. Run after submissions or the committee change
    and before an assignment run; chairs have a button. A pair a chair waived stays waived.

    Side effects: creates automatic Conflict rows found now, deletes (un-waived) automatic
    rows no longer found, updates a kept row's reason; a ConflictChange (by nobody) for each
    creation and deletion.
    """
    people, authors_of, coauthors_of, public = _load(conference)
    found = find_conflicts(
        people=people, authors_of=authors_of, coauthors_of=coauthors_of, public_domains=public
    )
    added = removed = kept = 0
    with transaction.atomic():
        existing = {
            (row.user_id, row.submission_id): row
            for row in Conflict.objects.select_for_update().filter(
                submission__conference=conference, source=Conflict.Source.AUTOMATIC
            )
        }
        to_create = []
        changes = []
        for pair, reason in found.items():
            row = existing.get(pair)
            if row is None:
                to_create.append(
                    Conflict(
                        user_id=pair[0],
                        submission_id=pair[1],
                        source=Conflict.Source.AUTOMATIC,
                        reason=reason,
                    )
                )
                changes.append((pair, ConflictChange.Action.ADDED, reason))
            else:
                kept += 1
                if row.reason != reason and row.waived_at is None:
                    row.reason = reason
                    row.save(update_fields=["reason"])
        stale = [
            row for pair, row in existing.items() if pair not in found and row.waived_at is None
        ]
        for row in stale:
            changes.append(
                ((row.user_id, row.submission_id), ConflictChange.Action.REMOVED, row.reason)
            )
        Conflict.objects.filter(pk__in=[row.pk for row in stale]).delete()
        Conflict.objects.bulk_create(to_create, batch_size=500)
        ConflictChange.objects.bulk_create(
            [
                ConflictChange(
                    submission_id=submission_id,
                    user_id=user_id,
                    action=action,
                    source=Conflict.Source.AUTOMATIC,
                    reason=reason,
                )
                for (user_id, submission_id), action, reason in changes
            ],
            batch_size=500,
        )
        added, removed = len(to_create), len(stale)
        settings_row = AssignmentSettings.objects.get(conference=conference)
        AssignmentSettings.objects.filter(pk=settings_row.pk).update(
            conflicts_checked=_digest(conference, settings_row)
        )
    return RefreshResult(added=added, removed=removed, kept=kept)


def _digest(conference, settings_row) -> str:
    """A fingerprint of what automatic conflicts are computed from: the conference's
    submissions and their authors, the committee, the organisers and the public providers
    list. Four aggregate queries. (A person's own profile — affiliation, addresses — is not
    in it: the chairs' button refreshes after such a change.)"""
    import hashlib

    from django.db.models import Count, Max

    from cfp.models import Authorship, Submission

    submissions = Submission.objects.filter(conference=conference).aggregate(
        n=Count("pk"), last=Max("modified")
    )
    authors = Authorship.objects.filter(submission__conference=conference).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    committee = CommitteeMember.objects.filter(conference=conference).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    organisers = conference.organisers.aggregate(n=Count("pk"), last=Max("pk"))
    source = repr(
        (
            submissions["n"],
            str(submissions["last"]),
            authors["n"],
            authors["last"],
            committee["n"],
            committee["last"],
            organisers["n"],
            organisers["last"],
            settings_row.public_mail_domains,
        )
    )
    return hashlib.sha256(source.encode()).hexdigest()


def ensure_fresh(conference) -> RefreshResult | None:
    """Refresh the automatic conflicts if anything they depend on changed since the last
    refresh (submissions, authors, committee, organisers, public providers); None if not.

    Called before conflict-sensitive pages (bidding) and before an assignment run, so that a
    new submission never reaches a conflicted reviewer in the meantime. Side effects: those
    of ``refresh_automatic_conflicts``; stores the new fingerprint.
    """
    settings_row, _ = AssignmentSettings.objects.get_or_create(conference=conference)
    digest = _digest(conference, settings_row)
    if settings_row.conflicts_checked == digest:
        return None
    return refresh_automatic_conflicts(conference)
