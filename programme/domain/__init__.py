"""Writes of the programme app: camera-ready versions, reminders, visa letters, purges.

Every function is keyword-only, atomic, and lists its side effects. The server alone decides
what is late (``camera_ready_open``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mail import queue_mail, render_mail
from cfp.models import Conference, Submission, SubmissionState
from cfp.uploads import check_page_limit, clean_file_name, read_pdf

from ..models import CameraReady, CameraReadyAuthor, CameraReadyReminder, VisaLetterRequest

#: No submission's authors are reminded twice within this time.
REMINDER_INTERVAL = dt.timedelta(days=1)


class CameraReadyClosed(Exception):
    """The camera-ready deadline has passed and the organisers did not reopen it."""


class RevisionsUnanswered(Exception):
    """The decision required revisions and the editors did not say how they addressed them."""


class VisaLetterRefused(Exception):
    """The request or decision is not possible; ``str(exc)`` says why (translated)."""


def camera_ready_deadline(conference: Conference) -> dt.datetime | None:
    """The end of the camera-ready deadline's day in the conference's timezone, or None."""
    day = conference.camera_ready_deadline
    if day is None:
        return None
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=conference.tz)


def camera_ready_open(submission: Submission, camera: CameraReady | None, now: dt.datetime) -> bool:
    """Whether the editors may still change the camera-ready version at ``now``."""
    if submission.state != SubmissionState.ACCEPTED:
        return False
    if camera is not None and camera.reopened_until and now < camera.reopened_until:
        return True
    deadline = camera_ready_deadline(submission.conference)
    return deadline is None or now < deadline


def _released_decisions(submission_ref):
    """The released decisions of a submission (an id or an OuterRef), the latest first."""
    from reviews.models import Decision

    return Decision.objects.filter(submission=submission_ref, released_at__isnull=False).order_by(
        "-decided_at", "-pk"
    )


def required_revisions(submission: Submission) -> str | None:
    """The revisions the final version must address: the text of the latest *released*
    decision when it is "accept with required revisions" ("" when the chair wrote none);
    None when no revision is required. A later decision not released yet does not count:
    authors see only what was released to them."""
    from reviews.models import Outcome

    decision = _released_decisions(submission.pk).only("outcome", "required_revisions").first()
    if decision is None or decision.outcome != Outcome.ACCEPT_WITH_REVISIONS:
        return None
    return decision.required_revisions.strip()


def accepted_for_organisers(conference: Conference, user) -> QuerySet[Submission]:
    """The accepted submissions an organiser may see, with what the camera-ready list shows
    (its version, the last reminder, and the outcome and required revisions of the latest
    released decision as ``decision_outcome`` / ``decision_revisions``) in a constant number
    of queries."""
    latest = _released_decisions(OuterRef("pk"))
    return (
        Submission.objects.for_organisers_of(conference, user)
        .filter(state=SubmissionState.ACCEPTED)
        .select_related("camera_ready", "contribution_type")
        .annotate(
            last_reminded_at=Max("camera_ready_reminders__sent_at"),
            decision_outcome=Subquery(latest.values("outcome")[:1]),
            decision_revisions=Subquery(latest.values("required_revisions")[:1]),
        )
        .order_by("number")
    )


def save_camera_ready(
    *,
    submission: Submission,
    by,
    now: dt.datetime,
    title: str,
    abstract: str,
    presenter_id: int | None,
    presenter_attends: bool,
    presenter_bio: str,
    public: dict[int, bool],
    upload=None,
    revisions_response: str = "",
) -> CameraReady:
    """Keep the editors' camera-ready version and confirm it.

    ``upload``: a new final PDF (checked like a submission's paper: ``cfp.uploads``), or None
    to keep the one uploaded before. ``public``: per authorship id, whether the name and
    affiliation may be printed. ``revisions_response``: how the version addresses the
    revisions the decision required (:func:`required_revisions`); without it such a version
    cannot be confirmed. Raises ``UploadRefused``, ``CameraReadyClosed``,
    ``RevisionsUnanswered`` or ``ValueError`` (no PDF yet, unknown presenter).

    Side effects: the PDF under a random name in the default storage; one CameraReady row and
    a CameraReadyAuthor row per author.
    """
    conference = submission.conference
    parsed = None
    if upload is not None:
        parsed = read_pdf(upload, max_bytes=conference.max_upload_bytes)
        ctype = submission.contribution_type
        check_page_limit(
            parsed,
            page_limit=ctype.page_limit if ctype else None,
            type_name=ctype.name if ctype else "",
        )
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        camera = CameraReady.objects.filter(submission=submission).first()
        if not camera_ready_open(submission, camera, now):
            raise CameraReadyClosed(_("The camera-ready deadline has passed."))
        authorships = {a.pk: a for a in submission.authorships.all()}
        if presenter_id is not None and presenter_id not in authorships:
            raise ValueError("presenter is not an author of this submission")
        if camera is None:
            camera = CameraReady(submission=submission)
        if parsed is None and not camera.file:
            raise ValueError("no final PDF")
        revisions_required = required_revisions(submission) is not None
        if revisions_required and not revisions_response.strip():
            raise RevisionsUnanswered(
                _("Say how this version addresses each of the required revisions.")
            )
        camera.title = title
        camera.abstract = abstract
        camera.presenter_id = presenter_id
        camera.presenter_attends = presenter_attends
        camera.presenter_bio = presenter_bio
        camera.revisions_response = revisions_response.strip() if revisions_required else ""
        camera.confirmed_at = now
        camera.confirmed_by = by
        if parsed is not None and parsed.sha256 != camera.sha256:
            old = camera.file.name if camera.file else ""
            upload.seek(0)
            camera.file.save("final.pdf", File(upload), save=False)
            camera.original_name = clean_file_name(getattr(upload, "name", "") or "")
            camera.sha256 = parsed.sha256
            camera.size = parsed.size
            camera.page_count = parsed.page_count
            if old:
                storage = camera.file.storage
                transaction.on_commit(lambda: storage.delete(old))
        camera.save()
        for pk in authorships:
            CameraReadyAuthor.objects.update_or_create(
                camera_ready=camera, authorship_id=pk, defaults={"public": public.get(pk, True)}
            )
    return camera


def reopen_camera_ready(*, submission: Submission, by, until: dt.datetime) -> CameraReady:
    """Let the editors change the camera-ready version until ``until``.

    Side effects: creates the CameraReady row (from the submission's title and abstract) if
    there is none; sets ``reopened_until``.
    """
    with transaction.atomic():
        camera, _created = CameraReady.objects.get_or_create(
            submission=submission,
            defaults={"title": submission.title, "abstract": submission.abstract},
        )
        camera.reopened_until = until
        camera.save(update_fields=["reopened_until", "modified"])
    return camera


def remind_missing(
    *, conference: Conference, by, now: dt.datetime, submission_ids=None
) -> tuple[int, int]:
    """Remind the authors of accepted submissions without a confirmed camera-ready version.

    ``submission_ids``: only these (default: every missing one). A submission whose authors
    were reminded less than a day ago is skipped. Returns (reminded, skipped).

    Side effects: one CameraReadyReminder row per reminded submission; one mail per confirmed
    author address, queued after commit (``accounts.mail.queue_mail``, idempotent delivery).
    """
    from cfp.domain.mail import recipients

    reminded = skipped = 0
    with transaction.atomic():
        qs = accepted_for_organisers(conference, by).filter(camera_ready__confirmed_at__isnull=True)
        if submission_ids is not None:
            qs = qs.filter(pk__in=list(submission_ids))
        ids = list(qs.values_list("pk", flat=True))
        # Locked without the aggregate (PostgreSQL refuses FOR UPDATE with GROUP BY): two
        # organisers pressing the button at once send one reminder per paper.
        locked = list(
            Submission.objects.select_for_update()
            .filter(pk__in=ids)
            .select_related("conference")
            .prefetch_related("authorships")
            .order_by("number")
        )
        last_sent = dict(
            CameraReadyReminder.objects.filter(submission_id__in=ids)
            .values("submission_id")
            .annotate(last=Max("sent_at"))
            .values_list("submission_id", "last")
        )
        for submission in locked:
            last = last_sent.get(submission.pk)
            if last is not None and now - last < REMINDER_INTERVAL:
                skipped += 1
                continue
            people = recipients(submission)
            context = reminder_context(submission)
            for authorship in people:
                subject, body = render_mail(
                    "programme/email/camera_ready_reminder", {**context, "recipient": authorship}
                )
                queue_mail(to=[authorship.email], subject=subject, body=body)
            CameraReadyReminder.objects.create(
                submission=submission, by=by, sent_at=now, recipients=len(people)
            )
            reminded += 1
    return reminded, skipped


def reminder_context(submission: Submission) -> dict:
    """What the camera-ready reminder's templates read (``recipient`` apart)."""
    return {
        "conference": submission.conference,
        "submission": submission,
        "deadline": submission.conference.camera_ready_deadline,
        "url": f"{settings.SALA_BASE_URL}{camera_ready_url(submission)}",
    }


def reminder_subject(submission: Submission) -> str:
    """The subject line of the camera-ready reminder for ``submission``: it names the action
    and the paper ("[slug] Action needed: final version of your paper REF due …"), so that
    nobody takes it for the acceptance mail. Reads only."""
    subject, _body = render_mail(
        "programme/email/camera_ready_reminder", {**reminder_context(submission), "recipient": None}
    )
    return subject


def camera_ready_url(submission: Submission) -> str:
    return reverse(
        "programme:camera_ready",
        kwargs={"conference": submission.conference.slug, "reference": submission.reference},
    )


def request_visa_letter(
    *,
    submission: Submission,
    by,
    now: dt.datetime,
    passport_name: str,
    nationality: str,
    passport_number: str,
    travel_from: dt.date,
    travel_to: dt.date,
) -> VisaLetterRequest:
    """Record a request for a visa invitation letter by ``by`` for ``submission``.

    Side effects: one VisaLetterRequest row (passport data; purged after the conference).
    """
    if travel_to < travel_from:
        raise VisaLetterRefused(_("The departure cannot be before the arrival."))
    with transaction.atomic():
        return VisaLetterRequest.objects.create(
            submission=submission,
            requester=by,
            passport_name=passport_name,
            nationality=nationality,
            passport_number=passport_number,
            travel_from=travel_from,
            travel_to=travel_to,
            requested_at=now,
        )


def decide_visa_letter(
    *, letter: VisaLetterRequest, by, now: dt.datetime, approve: bool, reason: str = ""
) -> VisaLetterRequest:
    """Approve the letter, or decline it with ``reason`` (required).

    Side effects: the request's state, who decided and when.
    """
    if not approve and not reason.strip():
        raise VisaLetterRefused(_("Say why the letter is declined."))
    with transaction.atomic():
        letter = VisaLetterRequest.objects.select_for_update().get(pk=letter.pk)
        letter.state = letter.State.APPROVED if approve else letter.State.DECLINED
        letter.decline_reason = "" if approve else reason.strip()
        letter.decided_by = by
        letter.decided_at = now
        letter.save()
    return letter


def visa_retention_days() -> int:
    return int(getattr(settings, "SALA_VISA_DATA_RETENTION_DAYS", 30))


def purge_visa_data(*, now: dt.datetime) -> int:
    """Delete the visa letter requests (with their passport data) of every conference that
    ended more than ``SALA_VISA_DATA_RETENTION_DAYS`` days before ``now``. Idempotent.

    Side effects: deletes VisaLetterRequest rows. Returns how many.
    """
    cutoff = now.date() - dt.timedelta(days=visa_retention_days())
    with transaction.atomic():
        deleted, _detail = VisaLetterRequest.objects.filter(
            submission__conference__end_date__lt=cutoff
        ).delete()
    return deleted


def letter_data(letter: VisaLetterRequest, *, issued_on: dt.date):
    """The plain data ``programme.letters.build_visa_letter`` prints for ``letter``."""
    from ..letters import LetterData

    submission = letter.submission
    conference = submission.conference
    camera = CameraReady.objects.filter(submission=submission).first()
    organisations = [
        o.name for o in conference.organisations.filter(role="organiser").order_by("pk")
    ]
    return LetterData(
        conference_title=conference.title,
        conference_subtitle=conference.subtitle,
        organisers=organisations,
        venue=conference.venue,
        city=conference.city,
        country=conference.country.name if conference.country else "",
        start_date=conference.start_date,
        end_date=conference.end_date,
        contact_email=conference.contact_email,
        applicant_name=letter.passport_name,
        nationality=letter.nationality,
        passport_number=letter.passport_number,
        travel_from=letter.travel_from,
        travel_to=letter.travel_to,
        paper_title=camera.title if camera and camera.title else submission.title,
        paper_reference=submission.public_reference,
        issued_on=issued_on,
        font_path=_letter_font("SALA_LETTER_FONT", "DejaVuSans.ttf"),
        bold_font_path=_letter_font("SALA_LETTER_BOLD_FONT", "DejaVuSans-Bold.ttf"),
        document_title=_("Invitation letter: %(title)s") % {"title": conference.title},
        signatory=(letter.decided_by.full_name if letter.decided_by else "")
        or _("The organising committee"),
    )


#: Where Debian's fonts-dejavu-core puts its fonts.
SYSTEM_FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def _letter_font(setting: str, system_name: str) -> str:
    """A TrueType font for letters: the setting's path, or the system's DejaVu, or "" (the
    standard Helvetica, Latin-1 only)."""
    import os

    path = getattr(settings, setting, "") or os.path.join(SYSTEM_FONT_DIR, system_name)
    return path if os.path.isfile(path) else ""
