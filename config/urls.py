from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control


@cache_control(max_age=86400, public=True)
def favicon(request):
    # Browsers and crawlers ask for /favicon.ico whatever the page's <link rel=icon> says;
    # answer with our icon rather than a 404 in every log. Resolved per request, so that the
    # hashed name of the manifest storage is used in production.
    return redirect(static("img/favicon.svg"), permanent=False)


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("", include("reviews.urls")),
    path("", include("programme.urls")),
    path("", include("cfp.urls")),
]
