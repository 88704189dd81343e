from django.shortcuts import get_object_or_404, redirect, render

from cfp.models import Conference


def current_call(request):
    conference = Conference.objects.public().first()
    if conference is None:
        return render(request, "cfp/no_call.html")
    return redirect(conference)


def call(request, conference):
    conference = get_object_or_404(Conference.objects.public(), slug=conference)
    return render(request, "cfp/call.html", {"conference": conference})
