"""The author's pages: create, edit, submit, withdraw a submission; its page and files.

Thin views: parse, authorise, call (``cfp.forms.editor`` for the form, ``cfp.domain`` for
the rest), render. Access (``access``):

* a submission is fetched by its reference through ``Submission.objects.visible_to(user)``:
  anyone else gets 404 (its existence is confidential);
* authors who may not edit it (co-authors not marked as editors, or not yet confirmed) and
  organisers get 403 on the edit and action views;
* organisers opening the author's page are sent to the organiser's page of the submission.

Authors name a submission by its random reference, never by the number organisers use (it
would tell them how many others have submitted).

    access   fetching the conference and the submission for the user
    form     the form: submission_create, submission_edit
    pages    submission_detail, submission_submit, submission_withdraw,
             submission_confirm_authorship, submission_file_download
"""

from .form import submission_create, submission_edit
from .pages import (
    submission_confirm_authorship,
    submission_detail,
    submission_file_download,
    submission_submit,
    submission_withdraw,
)

__all__ = [
    "submission_confirm_authorship",
    "submission_create",
    "submission_detail",
    "submission_edit",
    "submission_file_download",
    "submission_submit",
    "submission_withdraw",
]
