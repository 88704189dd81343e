"""Per-account back-off after failed password logins, which the owner can always get past.

Why not a plain "5 failures in 5 minutes" bucket per account: anyone who knows an author's
address can type five wrong passwords every five minutes and keep the author out for good,
from any address. Here an account's failures earn a growing wait instead (the first
``SALA_LOGIN_FREE_FAILURES`` are free, then 1, 2, 4, … minutes, up to
``SALA_LOGIN_BACKOFF_MAX``), so a guesser gets a few dozen tries a day per account, and the
owner keeps two ways in that no failed password touches:

- a login code mailed to them (allauth's login by code: no password, so no back-off), and
- a password reset link mailed to them. Every reset mail goes to the owner's mailbox, even
  one an attacker asked for, so the attacker cannot use up the owner's way in.

Getting in by either (or with the right password once the wait is over) clears the account's
failures (``AccountAdapter.login``).

And a browser the owner has logged in with before is not kept waiting at all (OWASP's "device
cookies"): every login leaves a signed cookie naming the account and a random device id
(``device_cookie``), and password attempts that carry it for the account they are for are
counted on that device alone. A stranger's failures never reach the owner's own browser; the
owner's own typos wait on it as anyone's would.

The counts live in the cache (Redis in production), shared by every web process. The clock
is ``_now`` so that tests can move it.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

_now = time.time

#: Failures are forgotten this long after the last one.
MEMORY_SECONDS = 24 * 60 * 60


def _keys(email: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"sala:login-failures:{digest}", f"sala:login-wait-until:{digest}"


def wait_after(failures: int) -> int:
    """Seconds an account waits after its ``failures``-th failure in a row (0 while free)."""
    free = settings.SALA_LOGIN_FREE_FAILURES
    if failures < free:
        return 0
    base = settings.SALA_LOGIN_BACKOFF_BASE
    # Capped before the power, so that a huge count cannot overflow.
    steps = min(failures - free, 32)
    return int(min(base * 2**steps, settings.SALA_LOGIN_BACKOFF_MAX))


def seconds_left(email: str) -> int:
    """How long password logins to ``email`` must still wait (0: they may try). Reads only."""
    if not email:
        return 0
    _, until_key = _keys(email)
    until = cache.get(until_key)
    if until is None:
        return 0
    return max(0, math.ceil(until - _now()))


def record_failure(email: str) -> int:
    """Count one failed password for ``email``; returns the wait it starts (seconds, 0: none).

    Side effects: increments the account's failure count in the cache (atomically, so that
    parallel guesses are all counted) and sets the time before which it may not try again.
    """
    if not email:
        return 0
    count_key, until_key = _keys(email)
    cache.add(count_key, 0, MEMORY_SECONDS)
    try:
        failures = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, MEMORY_SECONDS)
        failures = 1
    cache.touch(count_key, MEMORY_SECONDS)
    wait = wait_after(failures)
    if wait:
        cache.set(until_key, _now() + wait, wait)
    return wait


def clear(emails: list[str]) -> None:
    """Forget the failures of these addresses (their owner got in). Side effects: cache."""
    keys = [key for email in emails if email for key in _keys(email)]
    if keys:
        cache.delete_many(keys)


DEVICE_COOKIE = "sala_device"
DEVICE_COOKIE_AGE = 365 * 24 * 60 * 60
_DEVICE_SALT = "accounts.lockout.device"


def device_cookie(user_pk: int) -> str:
    """A new signed cookie value that marks this browser as one ``user_pk`` logged in with."""
    return signing.dumps({"u": user_pk, "d": secrets.token_urlsafe(12)}, salt=_DEVICE_SALT)


def trusted_device(cookie: str | None, user_pk: int | None) -> str | None:
    """The device id in ``cookie`` if it is genuine, unexpired and for ``user_pk``; else None."""
    if not cookie or user_pk is None:
        return None
    try:
        data = signing.loads(cookie, salt=_DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user_pk:
        return None
    return str(data.get("d") or "") or None


def device_key(email: str, device: str) -> str:
    """The key that counts failures of ``email`` on one trusted device only."""
    return f"{email.strip().lower()}\x00device:{device}"
