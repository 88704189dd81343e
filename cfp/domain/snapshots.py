"""Snapshots: what changed, for history and for edit conflicts.

A snapshot holds the editable fields of a submission (stored, or as posted) in comparable
form; ``fingerprint`` hashes one per field, for an edit form to carry as its base. Reads only.
"""

from __future__ import annotations

import hashlib
import json

from ..models import Submission
from .data import SubmissionData


def _author_key(a) -> tuple:
    return (
        a.full_name.strip(),
        a.email.strip().lower(),
        a.affiliation.strip(),
        str(a.country or ""),
        a.orcid.strip(),
        bool(a.is_presenter),
        bool(a.is_corresponding),
        bool(a.is_editor),
        bool(a.public_name),
    )


def _author_line(key: tuple) -> str:
    name, email, affiliation, country, *_rest = key
    return ", ".join(part for part in (f"{name} <{email}>", affiliation, country) if part)


def snapshot(submission: Submission) -> dict[str, object]:
    """The stored values of the editable fields, comparable with ``data_snapshot``."""
    return {
        "contribution_type": submission.contribution_type_id,
        "title": submission.title,
        "abstract": submission.abstract,
        "keywords": list(submission.keywords or []),
        "themes": sorted(t.pk for t in submission.themes.all()),
        "guiding_questions": sorted(q.pk for q in submission.guiding_questions.all()),
        "ethics_statement": submission.ethics_statement,
        "authors": [_author_key(a) for a in submission.authorships.all()],
        "answers": {a.question_id: a.value for a in submission.answers.all() if a.value},
    }


def data_snapshot(data: SubmissionData) -> dict[str, object]:
    snap: dict[str, object] = {
        "contribution_type": data.contribution_type.pk if data.contribution_type else None,
        "title": data.title,
        "abstract": data.abstract,
        "keywords": list(data.keywords),
        "themes": sorted(t.pk for t in data.themes),
        "guiding_questions": sorted(q.pk for q in data.guiding_questions),
        "ethics_statement": data.ethics_statement,
    }
    if data.authors is not None:
        snap["authors"] = [_author_key(a) for a in data.authors]
    if data.answers is not None:
        snap["answers"] = {k: v for k, v in data.answers.items() if v}
    return snap


def diff(old: dict, new: dict) -> list[str]:
    return [name for name in new if old.get(name) != new[name]]


def changed_fields(submission: Submission, data: SubmissionData) -> list[str]:
    """The names of the fields ``data`` would change in ``submission`` as stored. Reads only."""
    return diff(snapshot(submission), data_snapshot(data))


def fingerprint(snap: dict[str, object]) -> dict[str, str]:
    """A short hash of each field of a snapshot: what an edit form carries as its base, so that
    a save can tell which fields the author changed and which someone else changed since."""
    return {
        name: hashlib.sha256(
            json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()
        ).hexdigest()[:16]
        for name, value in snap.items()
    }


def keep_stored(submission: Submission, data: SubmissionData, names) -> SubmissionData:
    """``data`` with the stored value for each of ``names`` (fields only someone else changed)."""
    values = dict(data.__dict__)
    for name in names:
        if name in ("authors", "answers"):
            values[name] = None  # None: leave as stored
        elif name == "contribution_type":
            values[name] = submission.contribution_type
        elif name in ("themes", "guiding_questions"):
            values[name] = list(getattr(submission, name).all())
        elif name == "keywords":
            values[name] = list(submission.keywords or [])
        else:
            values[name] = getattr(submission, name)
    return SubmissionData(**values)


def display(submission: Submission, name: str, value) -> str:
    conference = submission.conference
    if name == "contribution_type":
        ctype = conference.contribution_types.filter(pk=value).first() if value else None
        return ctype.name if ctype else "—"
    if name == "themes":
        return ", ".join(conference.themes.filter(pk__in=value).values_list("title", flat=True))
    if name == "guiding_questions":
        return "; ".join(
            conference.guiding_questions.filter(pk__in=value).values_list("text", flat=True)
        )
    if name == "keywords":
        return ", ".join(value)
    if name == "authors":
        return "\n".join(_author_line(key) for key in value)
    if name == "answers":
        questions = dict(conference.custom_questions.values_list("pk", "text"))
        return "\n".join(f"{questions.get(k, k)}: {v}" for k, v in sorted(value.items()))
    return str(value or "")
