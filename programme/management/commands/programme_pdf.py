"""Print the programme book: ``manage.py programme_pdf --out programme.pdf``."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q

from cfp.models import Conference
from programme import snapshot
from programme.domain import printing
from programme.printing import PAPER_SIZES


class Command(BaseCommand):
    help = (
        "Write the programme book (PDF) of a conference: its draft (the schedule as it is "
        "now) or, with --published, its latest published version. Without --conference: "
        "the conference with scheduled sessions that starts last (the only one, usually)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument("--conference", help="the conference's slug")
        parser.add_argument("--paper", choices=sorted(PAPER_SIZES), default="a4")
        parser.add_argument("--published", action="store_true", help="the latest published version")

    def handle(self, *args, out, conference, paper, published, **options):
        chosen = self._conference(conference)
        if published:
            version = printing.latest_version(chosen)
            if version is None:
                raise CommandError(f"{chosen.slug} has no published programme yet.")
            data, what = version.snapshot, f"version {version.number}"
        else:
            data, what = snapshot.build(chosen), "draft"
        rendered = printing.render_snapshot(data, out, paper=paper)
        for script in rendered.missing_fonts:
            self.stderr.write(f"warning: no font for {script}: see the README (fonts)")
        self.stdout.write(
            f"{out}: {chosen.slug} ({what}), {printing.presentation_count(data)} "
            f"presentations, {rendered.pages} pages, {paper}"
        )

    def _conference(self, slug: str | None) -> Conference:
        if slug:
            found = Conference.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"No conference {slug!r}.")
            return found
        conferences = Conference.objects.annotate(
            scheduled=Count("sessions", filter=Q(sessions__day__isnull=False))
        ).order_by("-start_date", "pk")
        found = conferences.filter(scheduled__gt=0).first() or conferences.first()
        if found is None:
            raise CommandError("There is no conference yet.")
        return found
