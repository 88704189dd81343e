"""The organisers' publishing page: the draft as the public would see it, what changed since
the last published version, and the button that publishes it; the versions and their
changelogs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cfp.access import organiser_required

from .. import changelog
from ..domain import publishing
from ..forms import PublishForm
from ..models import ProgrammeVersion
from ..published import Programme


@organiser_required
def publish(request, conference):
    latest = publishing.latest_version(conference)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = publishing.publish(
                conference=conference,
                by=request.user,
                note=form.cleaned_data["note"],
                now=timezone.now(),
            )
        except publishing.NothingToPublish:
            messages.info(
                request,
                _("Nothing changed since version %(number)d: no new version was published.")
                % {"number": latest.number},
            )
        else:
            messages.success(
                request,
                _("Version %(number)d of the programme is published.") % {"number": version.number},
            )
            return redirect("programme:publish", conference=conference.slug)
    # built after the POST: publishing builds its own, and a published draft redirects
    draft = publishing.draft(conference)
    changes = changelog.diff(latest.snapshot if latest else None, draft)
    unchanged = latest is not None and latest.snapshot == draft
    programme = Programme(draft)
    versions = ProgrammeVersion.objects.filter(conference=conference).select_related("published_by")
    return render(
        request,
        "programme/publishing/publish.html",
        {
            "conference": conference,
            "form": form,
            "latest": latest,
            "unchanged": unchanged,
            "changes": changelog.describe_all(changes, names=True),
            "programme": programme,
            "days": programme.days(),
            "versions": versions,
            "draft": True,
        },
    )


@organiser_required
def version_changes(request, conference, version_number):
    versions = {
        v.number: v
        for v in ProgrammeVersion.objects.filter(
            conference=conference, number__in=[version_number, version_number - 1]
        ).select_related("published_by")
    }
    version = versions.get(version_number)
    if version is None:
        raise Http404
    previous = versions.get(version_number - 1)
    changes = changelog.diff(previous.snapshot if previous else None, version.snapshot)
    return render(
        request,
        "programme/publishing/version.html",
        {
            "conference": conference,
            "version": version,
            "previous": previous,
            "changes": changelog.describe_all(changes, names=True),
        },
    )
