"""The integrity count after a run: what authors were told against what the site holds.

success pages = submitted rows = stored files with matching checksums = confirmation mails;
lost (told "submitted" but not held) and duplicated (two drafts for one author, a mail twice).
Run with the benchmark's environment; prints JSON."""

import email
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

import django

django.setup()

from cfp.models import Submission, SubmissionState  # noqa: E402


def mails(mail_dir: Path) -> Counter:
    """Confirmation mails per submission reference (as authors read it, K7QM-2XPA)."""
    found: Counter = Counter()
    for path in mail_dir.glob("*"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for chunk in text.split("\n" + "-" * 79 + "\n"):
            if not chunk.strip():
                continue
            subject = email.message_from_string(chunk.strip()).get("Subject", "")
            match = re.search(r"Submission ([0-9A-Z]{4})-([0-9A-Z]{4}) received", subject)
            if match:
                found[match.group(1) + match.group(2)] += 1
    return found


def unreferenced_files() -> list[str]:
    """Stored files that no row names (self-contained, so it also runs on older code)."""
    from django.core.files.storage import default_storage

    from cfp.models import PendingUpload, SubmissionFile

    def walk(folder):
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in files:
            yield f"{folder}/{name}"
        for sub in folders:
            yield from walk(f"{folder}/{sub}")

    named = set(SubmissionFile.objects.values_list("file", flat=True))
    named |= set(SubmissionFile.objects.values_list("blind_file", flat=True))
    named |= set(PendingUpload.objects.values_list("file", flat=True))
    return [n for folder in ("submissions", "pending") for n in walk(folder) if n not in named]


def main() -> None:
    results = json.loads(Path(sys.argv[1]).read_text())
    mail_dir = Path(sys.argv[2])
    slug = sys.argv[3] if len(sys.argv) > 3 else "mahidol-2017"
    successes = [j for j in results["journeys"] if j["success"]]
    rows = {
        s.reference: s
        for s in Submission.objects.filter(conference__slug=slug).prefetch_related("files")
    }
    submitted = [s for s in rows.values() if s.state == SubmissionState.SUBMITTED]
    sent = mails(mail_dir)
    lost, good_files = [], 0
    for journey in successes:
        row = rows.get(journey["reference"])
        if row is None or row.state != SubmissionState.SUBMITTED or row.title != journey["title"]:
            lost.append(journey["reference"])
            continue
        paper = max((f for f in row.files.all() if f.kind == "paper"), key=lambda f: f.version)
        with paper.file.open("rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        if digest == paper.sha256 == journey["sha256"]:
            good_files += 1
        else:
            lost.append(journey["reference"])

    orphans = unreferenced_files()
    per_author = Counter(s.created_by_id for s in rows.values())
    report = {
        "journeys": len(results["journeys"]),
        "success pages": len(successes),
        "submitted rows": len(submitted),
        "files with matching checksums": good_files,
        "confirmation mails": sum(sent.values()),
        "lost": len(lost),
        "duplicated drafts": sum(n - 1 for n in per_author.values() if n > 1),
        "duplicated mails": sum(n - 1 for n in sent.values() if n > 1),
        "drafts left (not submitted)": len(rows) - len(submitted),
        "files no row names": len(orphans),
        "submitted without a success page": len(
            {s.reference for s in submitted} - {j["reference"] for j in successes}
        ),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
