"""Static files storage for development that behaves as production's."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Production's storage (hashed names, gzip and brotli copies written by collectstatic),
    with hashed URLs even while DEBUG is on. Django gives unhashed URLs under DEBUG, which
    WhiteNoise may not cache for long: the page would load as it never does in production."""

    def url(self, name, force=False):
        return super().url(name, force=True)
