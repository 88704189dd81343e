"""cfp's part of "download my data" and "delete my account" (see accounts.personal_data).

Deletion keeps what others still need. The rule, per submission the person is an author or
the submitter of:

* **other authors remain**: the submission stays theirs. The person's authorship is detached
  from the account (``user`` None) and anonymised: name "Deleted account", an address under
  the reserved ``.invalid`` domain, no affiliation or ORCID, never named in public. If that
  leaves no one who may edit it, every remaining author becomes an editor (each may edit once
  they confirm), so the paper is never orphaned.
* **the person was its only author**: the submission is theirs alone and is deleted with its
  files.

Reminder records kept under their address are deleted, and so are uploads kept from forms
they never saved (``PendingUpload``), with their files. History entries, uploads and
download-log rows keep no link to the account (their foreign keys are SET_NULL).
Unconfirmed authorships that others entered with the person's address are part of those
others' papers and are left as they are.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from .models import Authorship, DraftReminder, PendingUpload, Submission, SubmissionFile

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
    return {"submissions": result, "kept_uploads": kept}


def erase_user_data(user) -> None:
    """Detach and anonymise the person's authorships; delete their sole-author submissions.

    Side effects: Authorship rows updated, submissions (and their files, after commit)
    deleted, DraftReminder rows deleted. Runs inside accounts' deletion transaction.
    """
    with transaction.atomic():
        pks = set(
            Submission.objects.filter(Q(created_by=user) | Q(authorships__user=user)).values_list(
                "pk", flat=True
            )
        )
        for submission in Submission.objects.filter(pk__in=pks).select_for_update():
            authorships = list(submission.authorships.all())
            others = [a for a in authorships if a.user_id != user.pk]
            if not others:
                _delete_with_files(submission)
                continue
            for authorship in authorships:
                if authorship.user_id == user.pk:
                    _anonymise(authorship)
            if not any(a.is_editor and a.user_id for a in others):
                Authorship.objects.filter(pk__in=[a.pk for a in others]).update(is_editor=True)
        DraftReminder.objects.filter(email__iexact=user.email).delete()
        from .pending_uploads import delete_user_pending_uploads

        delete_user_pending_uploads(user)


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
    names = []
    for stored in SubmissionFile.objects.filter(submission=submission):
        names += [(stored.file.storage, n) for n in (stored.file.name, stored.blind_file.name) if n]
    submission.delete()

    def remove():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(remove)
