"""Camera-ready pages, visa letters, and the organisers' lists of both. Thin: parse,
authorise (programme.rules through cfp.rules.allowed), call programme.domain, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cfp.access import organiser_mfa_gate, organiser_required
from cfp.models import Submission, SubmissionState
from cfp.rules import allowed, is_conference_organiser, is_submission_author
from cfp.uploads import UploadRefused, capped_uploads
from cfp.views.submissions.access import get_submission, max_upload_bytes

from .. import domain
from ..forms import NO, YES, CameraReadyForm, VisaDecisionForm, VisaLetterForm
from ..letters import build_visa_letter
from ..models import CameraReady, VisaLetterRequest


def _accepted(request, conference: str, reference: str) -> Submission:
    submission = get_submission(request, conference, reference)
    if submission.state != SubmissionState.ACCEPTED:
        raise Http404
    return submission


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@capped_uploads(max_upload_bytes)
def camera_ready(request, conference, reference):
    """The editors' camera-ready form: final PDF, title, abstract, presenter, names."""
    submission = _accepted(request, conference, reference)
    if not allowed(request.user, "programme.change_camera_ready", submission):
        raise PermissionDenied(_("Only the authors who may edit this paper can change it."))
    camera = CameraReady.objects.filter(submission=submission).first()
    now = timezone.now()
    is_open = domain.camera_ready_open(submission, camera, now)
    authorships = list(submission.authorships.all())
    revisions = domain.required_revisions(submission)
    form_kwargs = {
        "submission": submission,
        "authorships": authorships,
        "has_file": bool(camera and camera.file),
        "revisions": revisions,
    }
    if request.method == "POST" and is_open:
        form = CameraReadyForm(request.POST, request.FILES, **form_kwargs)
        for field, message in request.upload_errors.items():
            form.add_error(field, message)
        if form.is_valid():
            data = form.cleaned_data
            try:
                domain.save_camera_ready(
                    submission=submission,
                    by=request.user,
                    now=now,
                    title=data["title"],
                    abstract=data["abstract"],
                    presenter_id=data["presenter"],
                    presenter_attends=data["attends"] == YES,
                    presenter_bio=data["bio"],
                    public=form.public_choices(),
                    upload=data.get("file"),
                    revisions_response=data.get("revisions_response", ""),
                )
            except UploadRefused as exc:
                form.add_error("file", exc.message)
            except domain.RevisionsUnanswered as exc:
                # The decision changed while the page was open: the field appears now.
                form.add_error(None, str(exc))
            except domain.CameraReadyClosed as exc:
                messages.error(request, str(exc))
                return redirect(request.path)
            else:
                messages.success(request, _("Your final version is saved and confirmed."))
                return redirect(request.path)
        status = 200  # the form again, with its errors (the house's convention)
    else:
        if request.method == "POST":
            messages.error(request, _("The camera-ready deadline has passed."))
        initial = _initial(submission, camera, authorships)
        form = CameraReadyForm(initial=initial, **form_kwargs)
        status = 200 if request.method == "GET" or is_open else 409
    if not is_open:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "programme/camera_ready.html",
        {
            "submission": submission,
            "conference": submission.conference,
            "camera": camera,
            "form": form,
            "is_open": is_open,
            "deadline": domain.camera_ready_deadline(submission.conference),
            "revisions": revisions,
        },
        status=status,
    )


def _initial(submission, camera, authorships) -> dict:
    if camera is None:
        presenter = next((a.pk for a in authorships if a.is_presenter), None)
        initial = {
            "title": submission.title,
            "abstract": submission.abstract,
            "presenter": presenter,
            "attends": YES,
        }
        initial.update({f"public_{a.pk}": a.public_name for a in authorships})
        return initial
    public = {row.authorship_id: row.public for row in camera.authors.all()}
    initial = {
        "title": camera.title,
        "abstract": camera.abstract,
        "presenter": camera.presenter_id,
        "attends": YES if camera.presenter_attends else NO,
        "bio": camera.presenter_bio,
        "revisions_response": camera.revisions_response,
    }
    initial.update({f"public_{a.pk}": public.get(a.pk, a.public_name) for a in authorships})
    return initial


@login_required
def camera_ready_file(request, conference, reference):
    """The final PDF: to the paper's authors and the conference's organisers."""
    submission = _accepted(request, conference, reference)
    if not allowed(request.user, "programme.view_camera_ready", submission):
        raise Http404
    camera = CameraReady.objects.filter(submission=submission).first()
    if camera is None or not camera.file:
        raise Http404
    if not is_submission_author(request.user, submission) and (
        response := organiser_mfa_gate(request)
    ):
        return response
    from django.http import FileResponse

    return _no_store(
        FileResponse(
            camera.file.open("rb"),
            as_attachment=True,
            filename=f"{submission.conference.slug}-{submission.reference}-final.pdf",
            content_type="application/pdf",
        )
    )


# --- Organisers: who has not sent the final version yet.


@organiser_required
def organiser_camera_ready(request, conference):
    from reviews.models import Outcome

    submissions = list(domain.accepted_for_organisers(conference, request.user))
    rows = []
    for submission in submissions:
        camera = getattr(submission, "camera_ready", None)
        if camera is not None and camera.confirmed_at:
            state = _("Confirmed")
        elif camera is not None and camera.reopened_until:
            state = _("Reopened")
        else:
            state = _("Not yet")
        revisions = submission.decision_outcome == Outcome.ACCEPT_WITH_REVISIONS
        rows.append(
            {
                "submission": submission,
                "camera": camera,
                "state": state,
                "revisions": revisions,
                "revisions_addressed": bool(
                    revisions and camera and camera.confirmed_at and camera.revisions_response
                ),
            }
        )
    missing = [r for r in rows if not (r["camera"] and r["camera"].confirmed_at)]
    return render(
        request,
        "programme/organiser_camera_ready.html",
        {
            "conference": conference,
            "rows": rows,
            "missing": len(missing),
            "deadline": domain.camera_ready_deadline(conference),
            # What the reminder of the first paper still missing is called, beside the
            # acceptance mail's subject: the two cannot be taken for each other.
            "reminder_example": (
                domain.reminder_subject(missing[0]["submission"]) if missing else ""
            ),
            "reminder_example_of": missing[0]["submission"] if missing else None,
        },
    )


@organiser_required
@require_POST
def organiser_camera_ready_remind(request, conference):
    ids = [int(v) for v in request.POST.getlist("submission") if v.isdigit()]
    reminded, skipped = domain.remind_missing(
        conference=conference, by=request.user, now=timezone.now(), submission_ids=ids or None
    )
    messages.success(
        request,
        _("Reminders sent for %(sent)d papers; %(skipped)d were reminded less than a day ago.")
        % {"sent": reminded, "skipped": skipped},
    )
    return redirect("programme:organiser_camera_ready", conference=conference.slug)


@organiser_required
@require_POST
def organiser_camera_ready_reopen(request, conference, reference):
    submission = get_object_or_404(
        domain.accepted_for_organisers(conference, request.user), reference=reference
    )
    until = timezone.now() + dt.timedelta(days=7)
    domain.reopen_camera_ready(submission=submission, by=request.user, until=until)
    messages.success(request, _("Reopened for seven days."))
    return redirect("programme:organiser_camera_ready", conference=conference.slug)


# --- Visa letters.


@login_required
def visa_letter_request(request, conference, reference):
    submission = _accepted(request, conference, reference)
    if not allowed(request.user, "programme.request_visa_letter", submission):
        raise PermissionDenied(_("Only the paper's confirmed authors may ask for a letter."))
    own = submission.visa_letter_requests.filter(requester=request.user)
    if request.method == "POST":
        form = VisaLetterForm(request.POST)
        if form.is_valid():
            domain.request_visa_letter(
                submission=submission, by=request.user, now=timezone.now(), **form.cleaned_data
            )
            messages.success(request, _("Your request was sent to the organisers."))
            return redirect(request.path)
    else:
        form = VisaLetterForm()
    return _no_store(
        render(
            request,
            "programme/visa_letter_request.html",
            {
                "submission": submission,
                "conference": submission.conference,
                "form": form,
                "requests": list(own),
            },
        )
    )


@login_required
def visa_letter_download(request, conference, pk):
    letter = get_object_or_404(
        VisaLetterRequest.objects.select_related("submission__conference", "decided_by"),
        pk=pk,
        submission__conference__slug=conference,
    )
    if not allowed(request.user, "programme.view_visa_request", letter):
        raise Http404
    if not allowed(request.user, "programme.download_visa_letter", letter):
        raise PermissionDenied(_("This letter has not been approved."))
    if letter.requester_id != request.user.pk and (response := organiser_mfa_gate(request)):
        return response
    issued = (letter.decided_at or timezone.now()).astimezone(letter.submission.conference.tz)
    pdf = build_visa_letter(domain.letter_data(letter, issued_on=issued.date()))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invitation-letter-{letter.pk}.pdf"'
    return _no_store(response)


@organiser_required
def organiser_visa_letters(request, conference):
    letters = list(
        VisaLetterRequest.objects.filter(submission__conference=conference)
        .select_related("submission", "requester", "decided_by")
        .order_by("state", "-requested_at")
    )
    return _no_store(
        render(
            request,
            "programme/organiser_visa_letters.html",
            {"conference": conference, "letters": letters, "form": VisaDecisionForm()},
        )
    )


@organiser_required
@require_POST
def organiser_visa_decide(request, conference, pk):
    letter = get_object_or_404(VisaLetterRequest, pk=pk, submission__conference=conference)
    if not is_conference_organiser(request.user, conference):  # pragma: no cover - decorator
        raise Http404
    form = VisaDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision; a declined letter needs a reason."))
    else:
        domain.decide_visa_letter(
            letter=letter,
            by=request.user,
            now=timezone.now(),
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Decision saved."))
    return redirect("programme:organiser_visa_letters", conference=conference.slug)
