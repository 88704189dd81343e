"""cfp's part of "download my data" and "delete my account" (see accounts.personal_data).

Deletion keeps what others still need. The rule, per submission the person is an author or
the submitter of:

* **other authors remain**: the submission stays theirs. The person's authorship is detached
  from the account (``user`` None) and anonymised: name "Deleted account", an address under
  the reserved ``.invalid`` domain, no affiliation or ORCID, never named in public. If that
  leaves no one who may edit it, every remaining author becomes an editor (each may edit once
  they confirm), so the paper is never orphaned.
* **the person was its only author**, and it is a draft or was withdrawn: the submission is
  theirs alone and is deleted with its files.
* **the person is its only author and it came in** (submitted, accepted or rejected): the
  organisers hold it, reviewers may be reading it; deletion is refused until the person
  withdraws it (or, once decided, settles it with the organisers).

Deletion is also refused while the person is the only organiser of a conference: someone
must be able to run it. Otherwise their organiser roles simply end with the account.

``deletion_preview`` tells the person all this on the confirmation page, from the same plan
the eraser follows (:func:`_plan`).

Reminder records kept under their address are deleted, and so are uploads kept from forms
they never saved (``PendingUpload``), with their files. History entries, uploads and
download-log rows keep no link to the account (their foreign keys are SET_NULL).
Unconfirmed authorships that others entered with the person's address are part of those
others' papers and are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.personal_data import AccountDeletionRefused, DeletionPreview, PreviewSection

from .models import (
    Authorship,
    Conference,
    DraftReminder,
    PendingRevision,
    PendingUpload,
    Submission,
    SubmissionFile,
    SubmissionState,
)
from .storage import delete_files_on_commit

DELETED_NAME = "Deleted account"


def export_user_data(user) -> dict:
    """The person's submissions and their own authorship rows; co-authors by name only."""
    submissions = (
        Submission.objects.of_author(user)
        .select_related("conference", "contribution_type")
        .prefetch_related("authorships", "themes", "files")
    )
    result = []
    for submission in submissions:
        own = [a for a in submission.authorships.all() if a.user_id == user.pk]
        result.append(
            {
                "conference": submission.conference.slug,
                "number": submission.number,
                "title": submission.title,
                "state": submission.state,
                "contribution_type": (
                    submission.contribution_type.name if submission.contribution_type else None
                ),
                "abstract": submission.abstract,
                "keywords": list(submission.keywords or []),
                "themes": [t.title for t in submission.themes.all()],
                "submitted_by_you": submission.created_by_id == user.pk,
                "submitted_at": (
                    submission.submitted_at.isoformat() if submission.submitted_at else None
                ),
                "authors": [a.full_name for a in submission.authorships.all()],
                "your_authorship": [
                    {
                        "full_name": a.full_name,
                        "email": a.email,
                        "affiliation": a.affiliation,
                        "country": str(a.country or ""),
                        "orcid": a.orcid,
                        "presents": a.is_presenter,
                        "corresponding": a.is_corresponding,
                        "may_edit": a.is_editor,
                        "name_in_public": a.public_name,
                        "confirmed_at": a.confirmed_at.isoformat() if a.confirmed_at else None,
                    }
                    for a in own
                ],
                "files": [
                    {
                        "kind": f.kind,
                        "version": f.version,
                        "pages": f.page_count,
                        "size": f.size,
                        "sha256": f.sha256,
                        "uploaded_at": f.uploaded_at.isoformat(),
                        "uploaded_by_you": f.uploaded_by_id == user.pk,
                    }
                    for f in submission.files.all()
                ],
            }
        )
    kept = [
        {
            "conference": pending.conference.slug,
            "submission": pending.submission.number if pending.submission else None,
            "kind": pending.kind,
            "original_name": pending.original_name,
            "pages": pending.page_count,
            "size": pending.size,
            "sha256": pending.sha256,
            "kept_at": pending.created.isoformat(),
            "attached": pending.attached_file_id is not None,
        }
        for pending in PendingUpload.objects.filter(user=user).select_related(
            "conference", "submission"
        )
    ]
    late_changes = [
        {
            "conference": revision.submission.conference.slug,
            "submission": revision.submission.number,
            "fields": revision.fields,
            "data": revision.data,
            "kept_at": revision.created.isoformat(),
        }
        for revision in PendingRevision.objects.filter(user=user).select_related(
            "submission__conference"
        )
    ]
    return {"submissions": result, "kept_uploads": kept, "kept_late_changes": late_changes}


@dataclass
class _Plan:
    """What deleting the person's account does to each submission of theirs."""

    delete: list[Submission] = field(default_factory=list)  # sole author, draft or withdrawn
    detach: list[Submission] = field(default_factory=list)  # others remain
    refuse: list[Submission] = field(default_factory=list)  # sole author, came in


def _plan(user, *, lock: bool = False) -> _Plan:
    pks = set(
        Submission.objects.filter(Q(created_by=user) | Q(authorships__user=user)).values_list(
            "pk", flat=True
        )
    )
    submissions = (
        Submission.objects.filter(pk__in=pks)
        .select_related("conference")
        .prefetch_related("authorships")
        .order_by("conference__slug", "number")
    )
    if lock:
        submissions = submissions.select_for_update(of=("self",))
    plan = _Plan()
    for submission in submissions:
        others = [a for a in submission.authorships.all() if a.user_id != user.pk]
        if others:
            plan.detach.append(submission)
        elif submission.state in SubmissionState.ACTIVE:
            plan.refuse.append(submission)
        else:
            plan.delete.append(submission)
    return plan


def _label(submission: Submission) -> str:
    # Authors know a submission by its reference, never the organisers' number.
    title = submission.title or _("Submission %(reference)s") % {
        "reference": submission.public_reference
    }
    return _("“%(title)s” (%(conference)s)") % {
        "title": title,
        "conference": submission.conference.title,
    }


def _refusal(submission: Submission) -> str:
    if submission.state in SubmissionState.DECIDED:
        return _(
            "You are the only author of %(submission)s, on which a decision has been taken. "
            "Please write to the conference's organisers before deleting your account."
        ) % {"submission": _label(submission)}
    return _(
        "You are the only author of %(submission)s, which has been submitted. Withdraw it "
        "first; it is then deleted with your account."
    ) % {"submission": _label(submission)}


def deletion_preview(user) -> DeletionPreview:
    """Which submissions deleting the account removes, leaves to co-authors, or is refused
    for. Reads only."""
    plan = _plan(user)
    return DeletionPreview(
        sections=[
            PreviewSection(
                _("These submissions will be deleted, with their files:"),
                [_label(s) for s in plan.delete],
            ),
            PreviewSection(
                _("You will be removed as an author from (your co-authors keep them):"),
                [_label(s) for s in plan.detach],
            ),
        ],
        refusals=[_refusal(s) for s in plan.refuse],
    )


def erase_user_data(user) -> None:
    """Detach and anonymise the person's authorships; delete their sole-author drafts and
    withdrawn submissions.

    Raises ``AccountDeletionRefused`` (changing nothing) while the person is the only author
    of a submission that came in (submitted, accepted or rejected).

    Side effects: Authorship rows updated, submissions (and their files, after commit)
    deleted, DraftReminder rows deleted. Runs inside accounts' deletion transaction.
    """
    with transaction.atomic():
        plan = _plan(user, lock=True)
        if plan.refuse:
            raise AccountDeletionRefused(" ".join(_refusal(s) for s in plan.refuse))
        for submission in plan.delete:
            _delete_with_files(submission)
        for submission in plan.detach:
            authorships = list(submission.authorships.all())
            others = [a for a in authorships if a.user_id != user.pk]
            for authorship in authorships:
                if authorship.user_id == user.pk:
                    _anonymise(authorship)
            if not any(a.is_editor and a.user_id for a in others):
                Authorship.objects.filter(pk__in=[a.pk for a in others]).update(is_editor=True)
        DraftReminder.objects.filter(email__iexact=user.email).delete()
        from .domain.pending import delete_user_pending_uploads

        delete_user_pending_uploads(user)


# --- organiser roles


def _sole_organiser_of(user, *, lock: bool = False) -> list[Conference]:
    pks = list(Conference.objects.filter(organisers=user).values_list("pk", flat=True))
    conferences = Conference.objects.filter(pk__in=pks).order_by("slug")
    if lock:
        # Serialises with other deletions and with removing organisers (cfp.domain.organisers):
        # two organisers leaving at once must not leave a conference with none.
        conferences = conferences.select_for_update()
        list(conferences)
    counted = Conference.objects.filter(pk__in=pks).annotate(n=Count("organisers"))
    return [c for c in counted.order_by("slug") if c.n <= 1]


def _organiser_refusal(conference: Conference) -> str:
    return _("You are the only organiser of %(conference)s: appoint another organiser first.") % {
        "conference": conference.title
    }


def export_organiser_roles(user) -> dict:
    """The conferences the person organises (slug and title)."""
    conferences = Conference.objects.filter(organisers=user).order_by("slug")
    return {"organiser_of": [{"conference": c.slug, "title": c.title} for c in conferences]}


def organiser_roles_preview(user) -> DeletionPreview:
    """Which organiser roles end with the account; refused while the only organiser."""
    conferences = list(Conference.objects.filter(organisers=user).order_by("slug"))
    sole = _sole_organiser_of(user)
    return DeletionPreview(
        sections=[
            PreviewSection(
                _("You will no longer organise:"),
                [c.title for c in conferences if c not in sole],
            )
        ],
        refusals=[_organiser_refusal(c) for c in sole],
    )


def erase_organiser_roles(user) -> None:
    """Refuse while the person is the only organiser of a conference; otherwise their roles
    end with the account (the many-to-many rows go with the user row).

    Side effects: none of its own; locks the person's conferences until the deletion commits.
    """
    with transaction.atomic():
        sole = _sole_organiser_of(user, lock=True)
        if sole:
            raise AccountDeletionRefused(" ".join(_organiser_refusal(c) for c in sole))


def _anonymise(authorship: Authorship) -> None:
    authorship.user = None
    authorship.full_name = DELETED_NAME
    authorship.email = f"deleted-{authorship.pk}@deleted.invalid"
    authorship.affiliation = ""
    authorship.orcid = ""
    authorship.public_name = False
    authorship.is_editor = False
    authorship.is_presenter = False
    authorship.confirmed_at = None
    authorship.save()


def _delete_with_files(submission: Submission) -> None:
    stored = list(SubmissionFile.objects.filter(submission=submission))
    submission.delete()
    delete_files_on_commit(f for s in stored for f in (s.file, s.blind_file))
