"""Who may do what in the call and its submissions. The one place access is decided in cfp.

Querysets for lists, counts, searches and exports use the same logic through the QuerySet
methods named beside each predicate.
"""

from __future__ import annotations

import rules


@rules.predicate
def is_conference_organiser(user, conference) -> bool:
    if conference is None or not user.is_authenticated:
        return False
    return conference.organisers.filter(pk=user.pk).exists()


rules.add_perm("cfp.organise_conference", is_conference_organiser)
