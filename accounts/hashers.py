"""The password hasher sala uses: Argon2id with costs chosen for a deadline rush.

Measured with ``bench/hashers.py`` (README, Accounts): PBKDF2-SHA256 at Django's million
iterations costs about a third of an author's whole journey in CPU, and its cost is pure
computation, which a guesser's GPUs do thousands at a time. Argon2id makes every guess also
hold ``memory_cost`` KiB, which is what GPUs and ASICs lack; with one lane
(``parallelism=1``) a login uses one core, so a web worker pays exactly what the author
waits for and concurrent logins do not fight for cores.

The costs: 19 MiB and two passes (``time_cost=2``) is the first of OWASP's equivalent
Argon2id settings (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1; m=46 MiB, t=1, p=1 is
another, which measured 2.5 times the CPU here for the same rated strength). Measured on the
development machine: about 22 ms of CPU per login against 235 ms for PBKDF2 at a million
iterations, a tenth of the cost, while a guesser needs 19 MiB of fast memory per guess in
flight. Memory per login is 19 MiB for the tens of milliseconds of the hash: three web
workers logging in at once hold 57 MiB. Django's own default (m=100 MiB, p=8) cost 204 ms of
CPU here, spread over 8 threads that a busy two-core server does not have.

The algorithm's name stays ``argon2``, so a hash made with other costs still verifies and is
re-made with these at the next login (``must_update``). PBKDF2 stays listed after it in
``PASSWORD_HASHERS`` so that older accounts' hashes verify and are upgraded on login.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class SalaArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19_456  # KiB = 19 MiB
    parallelism = 1
