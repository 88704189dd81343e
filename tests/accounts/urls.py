"""A test-only urlconf: the real one plus a tiny organiser page."""

from django.http import HttpResponse
from django.urls import path

from cfp.access import organiser_required
from config.urls import urlpatterns as site_urlpatterns


@organiser_required
def organiser_page(request, conference):
    return HttpResponse(f"organiser page of {conference.slug}")


urlpatterns = [
    path("test-organiser/<slug:conference>/", organiser_page, name="test_organiser_page"),
    *site_urlpatterns,
]
