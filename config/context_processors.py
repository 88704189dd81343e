from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "MFA_RELAXED": not settings.SALA_ORGANISER_REQUIRES_MFA,
    }
