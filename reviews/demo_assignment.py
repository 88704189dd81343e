"""The demo's confirmed assignment (called by ``manage.py demo`` after the committee, bids
and conflicts exist): a run of the engine on the demo data, confirmed as a chair would."""

from __future__ import annotations

import logging

from cfp.models import Conference

from .domain import assignment as domain
from .models import Assignment, AssignmentRun

logger = logging.getLogger(__name__)


def confirm_demo_assignment(conference: Conference) -> AssignmentRun | None:
    """Run and confirm an assignment of ``conference`` unless one exists. Idempotent.

    Runs in this process (not queued), so that it works inside the demo's transaction. When
    the settings admit no assignment (too small a committee), it retries without the theme
    requirement; when that fails too, it leaves the infeasible run for the chair to read.
    Side effects: AssignmentRun rows; Assignment rows; reviewers' mails (after commit).
    """
    if Assignment.objects.filter(submission__conference=conference).exists():
        return None
    by = conference.organisers.order_by("pk").first()
    run = domain.execute_run(domain.start_run(conference=conference, by=by, queue=False).pk)
    if run.state == AssignmentRun.State.INFEASIBLE:
        settings_row = domain.settings_of(conference)
        if settings_row.require_theme_reviewer:
            settings_row.require_theme_reviewer = False
            settings_row.save(update_fields=["require_theme_reviewer"])
            run = domain.execute_run(domain.start_run(conference=conference, by=by, queue=False).pk)
    if run.state != AssignmentRun.State.READY:
        logger.warning("demo assignment not confirmed: run %s is %s", run.pk, run.state)
        return run
    domain.confirm_run(run=run, by=by)
    run.refresh_from_db()
    return run
