"""Keep pages for logged-in users out of shared caches."""

from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A page that shows someone's submissions must never be stored by a proxy.
            patch_cache_control(response, private=True, no_cache=True)
        return response
