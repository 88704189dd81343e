"""The author's submission form: the fields, the authors (a formset) and the organisers' questions.

The form accepts incomplete drafts: each value must be well formed (a valid email, a known
theme, a title that fits), but nothing is required until the author submits; completeness
is decided by ``cfp.domain.check_complete`` on what was saved, so a draft is never lost to
a missing field. ``to_data()`` hands the cleaned values to the domain functions;
``cfp.forms.editor.SubmissionEditor`` puts the form, the authors and the files together.

Every text has a hard cap and single-line texts stay on one line (``accounts.text``); the
author formset has a hard maximum whatever its management data claims (``MAX_AUTHORS``).
"""

from __future__ import annotations

import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.fields import OrcidField
from accounts.text import MultiLineField, SingleLineField, single_line
from cfp.domain import (
    MAX_KEYWORDS,
    MIN_KEYWORDS,
    AuthorData,
    SubmissionData,
    fingerprint,
    snapshot,
)
from cfp.markdown import inline_markdown_to_safe_html
from cfp.models import (
    Authorship,
    Conference,
    ContributionType,
    CustomQuestion,
    GuidingQuestion,
    Submission,
    Theme,
)
from cfp.wordcount import LETTERS_PER_WORD

from .fields import LongSelect, ModelChoiceField, ModelMultipleChoiceField

KEYWORD_SEPARATORS = re.compile(r"[,;\n、，；]+")
KEYWORD_MAX_LENGTH = 60
#: Hard caps on what one person may store, whatever a contribution type allows: a draft may
#: run over its word limit (Submit refuses it), but not without bound.
ABSTRACT_MAX_CHARS = 10_000
#: Characters allowed per word of a type's limit, when that is more than ABSTRACT_MAX_CHARS.
CHARS_PER_WORD = 12
ETHICS_MAX_CHARS = 5_000
ANSWER_MAX_CHARS = 5_000
TITLE_MAX_LENGTH = 300
NAME_MAX_LENGTH = 300
AFFILIATION_MAX_LENGTH = 300
EMAIL_MAX_LENGTH = 254
#: Co-authors one submission may name (the formset's hard maximum: no request builds more
#: author forms than this, whatever its management data claims).
MAX_AUTHORS = 20
YES, NO = "yes", "no"


def split_keywords(raw: str) -> list[str]:
    """Keywords separated by commas or semicolons (also the Chinese and Japanese ones)."""
    seen: list[str] = []
    for part in KEYWORD_SEPARATORS.split(raw or ""):
        keyword = single_line(part)
        if keyword and keyword.casefold() not in {k.casefold() for k in seen}:
            seen.append(keyword)
    return seen


class ContributionTypeChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: ContributionType) -> str:
        limits = _("abstract up to %(words)d words, paper up to %(pages)d pages") % {
            "words": obj.abstract_word_limit,
            "pages": obj.page_limit,
        }
        description = " ".join(obj.description.split())
        return f"{obj.name} ({limits}){' — ' + description if description else ''}"


class TypeRadioSelect(forms.RadioSelect):
    """Radios that carry their type's word limit, for the live counter (word-count.js)."""

    def __init__(self, *args, limits: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        limit = self.limits.get(str(getattr(value, "value", value)))
        if limit:
            option["attrs"]["data-word-limit"] = limit
        return option


class SubmissionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The fingerprint of the values the form was opened with: a save can then tell the fields
    # this editor changed from those someone else changed meanwhile (three-way merge).
    base = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    contribution_type = ContributionTypeChoiceField(
        label=_("Contribution type"),
        queryset=ContributionType.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("Needed before you submit."),
    )
    title = SingleLineField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Needed before you submit."),
    )
    # Its hard cap depends on the conference's types: see ``abstract_max_chars``.
    abstract = MultiLineField(
        label=_("Abstract"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=1000,
    )
    themes = ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Needed before you submit: one or more."),
    )
    guiding_questions = ModelMultipleChoiceField(
        label=_("Guiding questions your paper addresses (optional)"),
        queryset=GuidingQuestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ethics_statement = MultiLineField(
        label=_("Ethics statement"),
        required=False,
        max_length=ETHICS_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("How participants' safety, consent and anonymity were protected."),
    )
    # allow_empty_file: an empty file is judged (and refused with one precise message) by
    # cfp.uploads like every other file, not by a second, generic form error.
    paper = forms.FileField(
        label=_("Paper (PDF)"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    supplementary = forms.FileField(
        label=_("Supplementary file (PDF, optional)"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    acknowledge_identity = forms.BooleanField(
        label=_("I have checked the paper: submit it as it is."),
        required=False,
    )

    def __init__(
        self,
        *args,
        conference: Conference,
        submission: Submission | None = None,
        identity_warnings: list[str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.submission = submission
        # Interpolated help texts are built here, per form, in the active language: ``%`` on a
        # lazy string at class level would evaluate it once, at import, untranslated.
        self.fields["abstract"].help_text = _(
            "Needed before you submit. Words are counted between spaces. Chinese and Japanese: each character is one "
            "word. Thai, Lao, Khmer and Burmese, written without spaces between words: every "
            "%(letters)d letters count as one word (vowel signs and tone marks not counted)."
        ) % {"letters": LETTERS_PER_WORD}
        self.fields["keywords"].help_text = _(
            "Needed before you submit: %(min)d to %(max)d keywords, separated by commas."
        ) % {"min": MIN_KEYWORDS, "max": MAX_KEYWORDS}
        types = conference.contribution_types.all()
        self.abstract_max_chars = abstract_max_chars(types)
        # The widget first: setting the queryset hands its choices to the widget.
        self.fields["contribution_type"].widget = TypeRadioSelect(
            limits={str(t.pk): t.abstract_word_limit for t in types}
        )
        self.fields["contribution_type"].queryset = types
        self.fields["themes"].queryset = conference.themes.all()
        self.fields["guiding_questions"].queryset = conference.guiding_questions.all()
        needing = [t.name for t in types if t.requires_ethics_statement]
        if needing:
            self.fields["ethics_statement"].help_text = _(
                "Needed before you submit: %(types)s. How participants' safety, consent and "
                "anonymity were protected."
            ) % {"types": "; ".join(needing)}
        if not conference.guiding_questions.exists():
            del self.fields["guiding_questions"]
        limit = conference.max_upload_megabytes
        self.fields["paper"].help_text = _(
            "Needed before you submit. PDF only, at most %(mb)d MB. Each upload is kept as a "
            "new version."
        ) % {"mb": limit}
        self.fields["supplementary"].help_text = _("PDF only, at most %(mb)d MB.") % {"mb": limit}
        # Kept when posted: the findings may be those of a file this very form brought in.
        if not identity_warnings and not (self.is_bound and "acknowledge_identity" in self.data):
            del self.fields["acknowledge_identity"]
        self.questions = list(conference.custom_questions.prefetch_related("contribution_types"))
        for question in self.questions:
            self.fields[self.question_field(question)] = self._question_field(question)
        if submission is not None and not self.is_bound:
            self.initial.update(
                {
                    "revision": submission.revision,
                    "base": base_of(submission),
                    "contribution_type": submission.contribution_type_id,
                    "title": submission.title,
                    "abstract": submission.abstract,
                    "keywords": ", ".join(submission.keywords or []),
                    "themes": [t.pk for t in submission.themes.all()],
                    "guiding_questions": [q.pk for q in submission.guiding_questions.all()],
                    "ethics_statement": submission.ethics_statement,
                }
            )
            for answer in submission.answers.all():
                self.initial[f"question_{answer.question_id}"] = answer.value

    @staticmethod
    def question_field(question: CustomQuestion) -> str:
        return f"question_{question.pk}"

    def _question_field(self, question: CustomQuestion) -> forms.Field:
        # Help texts are shown unescaped by form templates: the organiser's is Markdown,
        # sanitised (cfp.markdown); every other part is escaped.
        parts = [inline_markdown_to_safe_html(question.help_text)]
        types = [t.name for t in question.contribution_types.all()]
        if types:
            parts.append(
                conditional_escape(_("Only for: %(types)s.") % {"types": ", ".join(types)})
            )
        if question.required:
            parts.append(conditional_escape(_("Needed before you submit.")))
        help_text = mark_safe(" ".join(part for part in parts if part))  # noqa: S308
        common = {"label": question.text, "required": False, "help_text": help_text}
        if question.kind == CustomQuestion.Kind.CHOICE:
            choices = [(c, c) for c in question.choice_list]
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if question.kind == CustomQuestion.Kind.BOOLEAN:
            return forms.ChoiceField(
                choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
            )
        return MultiLineField(
            widget=forms.Textarea(attrs={"rows": 3}), max_length=ANSWER_MAX_CHARS, **common
        )

    def question_fields(self):
        return [self[self.question_field(q)] for q in self.questions]

    def clean_base(self) -> dict[str, str] | None:
        """The posted base fingerprint, or None when missing or malformed (a two-way check)."""
        try:
            value = json.loads(self.cleaned_data.get("base") or "null")
        except ValueError:
            return None
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            return None
        return value

    def clean_abstract(self) -> str:
        abstract = self.cleaned_data.get("abstract", "")
        if len(abstract) > self.abstract_max_chars:
            raise ValidationError(
                _(
                    "This abstract has %(count)d characters; at most %(max)d can be saved. "
                    "Shorten it: your text is still in the box."
                )
                % {"count": len(abstract), "max": self.abstract_max_chars},
                code="max_length",
            )
        return abstract

    def clean_keywords(self) -> list[str]:
        keywords = split_keywords(self.cleaned_data.get("keywords", ""))
        too_long = [k for k in keywords if len(k) > KEYWORD_MAX_LENGTH]
        if too_long:
            raise ValidationError(
                _("Keep each keyword under %(max)d characters.") % {"max": KEYWORD_MAX_LENGTH}
            )
        if len(keywords) > MAX_KEYWORDS:
            raise ValidationError(
                _("Give at most %(max)d keywords (you gave %(count)d).")
                % {"max": MAX_KEYWORDS, "count": len(keywords)},
                code="max_keywords",
            )
        return keywords

    def to_data(self, authors: list[AuthorData] | None) -> SubmissionData:
        """The cleaned values (those that passed, when the form did not) for the domain."""
        data = getattr(self, "cleaned_data", {})
        return SubmissionData(
            contribution_type=data.get("contribution_type"),
            title=" ".join(data.get("title", "").split()),
            abstract=data.get("abstract", "").strip(),
            keywords=data.get("keywords", []),
            themes=list(data.get("themes") or []),
            guiding_questions=list(data.get("guiding_questions") or []),
            ethics_statement=data.get("ethics_statement", "").strip(),
            authors=authors,
            answers={q.pk: data.get(self.question_field(q)) or "" for q in self.questions},
        )


def abstract_max_chars(types) -> int:
    """The longest abstract one may save: ABSTRACT_MAX_CHARS, or more where a contribution
    type allows more words than that holds (CHARS_PER_WORD a word)."""
    words = max((t.abstract_word_limit for t in types), default=0)
    return max(ABSTRACT_MAX_CHARS, words * CHARS_PER_WORD)


def base_of(submission: Submission) -> str:
    """The ``base`` an edit form of ``submission`` as stored carries."""
    return json.dumps(fingerprint(snapshot(submission)), sort_keys=True)


class AuthorForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    full_name = SingleLineField(
        label=_("Full name, as written"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("In any script, exactly as it should appear."),
    )
    email = forms.EmailField(label=_("Email"), max_length=EMAIL_MAX_LENGTH)
    affiliation = SingleLineField(
        label=_("Affiliation"), max_length=AFFILIATION_MAX_LENGTH, required=False
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=LongSelect)
    orcid = OrcidField(label=_("ORCID iD (optional)"), required=False)
    is_presenter = forms.BooleanField(label=_("Will present"), required=False)
    is_corresponding = forms.BooleanField(label=_("Corresponding author"), required=False)
    is_editor = forms.BooleanField(
        label=_("May edit this submission"),
        required=False,
        help_text=_("Other co-authors may only read it."),
    )
    public_name = forms.BooleanField(
        label=_("Name may appear in public"),
        required=False,
        initial=True,
        help_text=_(
            "Untick for anyone this work could put at risk: they may still present, but their "
            "name will not appear on public programme pages or in the printed programme."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]

    def to_author(self) -> AuthorData:
        d = self.cleaned_data
        return AuthorData(
            id=d.get("id"),
            full_name=d["full_name"],
            email=d["email"],
            affiliation=d.get("affiliation", ""),
            country=d.get("country", ""),
            orcid=d.get("orcid", ""),
            is_presenter=d.get("is_presenter", False),
            is_corresponding=d.get("is_corresponding", False),
            is_editor=d.get("is_editor", False),
            public_name=d.get("public_name", False),
        )


_ROW = re.compile(r"-(\d{1,3})-")


class BaseAuthorFormSet(forms.BaseFormSet):
    """The authors, in order. Hardened against forged management data (hidden fields any
    client can change): no more than ``absolute_max`` rows are ever built, an initial count
    is never taken beyond the authors that exist, and a missing or malformed count is
    replaced by the rows actually posted, so that the author's typed rows come back with a
    clear error, never a 500 or a cost set by the client."""

    default_error_messages = {
        "missing_management_form": _(
            "The list of authors arrived incomplete. Check the authors below and save again."
        ),
        "too_many_forms": _("A submission has at most %(num)d authors."),
    }

    def __init__(self, *args, submission: Submission | None = None, **kwargs):
        self.submission = submission
        self.existing: dict[int, Authorship] = (
            {a.pk: a for a in submission.authorships.all()} if submission else {}
        )
        super().__init__(*args, **kwargs)

    def _posted_rows(self) -> int:
        """How many rows the post carries, read from its field names (bounded by the request's
        field limit), for when its count is missing or malformed."""
        prefix = f"{self.prefix}-"
        rows = [
            int(match.group(1))
            for key in self.data
            if key.startswith(prefix) and (match := _ROW.match(key, len(self.prefix)))
        ]
        return max(rows, default=-1) + 1

    def total_form_count(self) -> int:
        if not self.is_bound:
            return super().total_form_count()
        cleaned = self.management_form.cleaned_data
        if self.management_form.is_valid():
            total = cleaned[forms.formsets.TOTAL_FORM_COUNT]
        else:
            total = self._posted_rows()
        return max(0, min(total, self.absolute_max))

    def initial_form_count(self) -> int:
        if not self.is_bound:
            return super().initial_form_count()
        posted = len(self.initial or [])
        if self.management_form.is_valid():
            posted = self.management_form.cleaned_data[forms.formsets.INITIAL_FORM_COUNT]
        # Never more rows "existing" than there are initial values for (a tampered count
        # would index past them) nor than rows posted.
        return max(0, min(posted, len(self.initial or []), self.total_form_count()))

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # No Delete box where deleting is refused or pointless: the submitter's own row (the
        # server keeps them anyway) and an empty extra row.
        if index is None or index >= self.initial_form_count():
            form.fields.pop("DELETE", None)
            return
        if self.submission is None:
            if index == 0:  # a new submission: the first row is the submitter's own
                form.fields.pop("DELETE", None)
            return
        pk = (self.initial[index] or {}).get("id") if self.initial else None
        existing = self.existing.get(pk) if pk else None
        if existing is not None and existing.user_id == self.submission.created_by_id:
            form.fields.pop("DELETE", None)

    def clean(self):
        if any(self.errors):
            return
        emails: set[str] = set()
        for index, form in enumerate(self.forms):
            if self._is_blank_extra(index, form):
                continue
            data = form.cleaned_data
            pk = data.get("id")
            if pk and pk not in self.existing:
                raise ValidationError(_("An author in this form no longer exists; reload it."))
            existing = self.existing.get(pk) if pk else None
            if self.can_delete and self._should_delete_form(form):
                if (
                    existing
                    and self.submission
                    and existing.user_id == (self.submission.created_by_id)
                ):
                    raise ValidationError(
                        _("The person who created the submission stays one of its authors.")
                    )
                continue
            email = data["email"].lower()
            if existing is not None and existing.user_id and existing.email.lower() != email:
                form.add_error(
                    "email",
                    _(
                        "This author confirmed their authorship with this address; they change "
                        "it in their own profile."
                    ),
                )
            if email in emails:
                form.add_error("email", _("Two authors have the same email address."))
            emails.add(email)

    def authors(self) -> list[AuthorData]:
        """The authors in the order shown, without deleted and untouched blank rows."""
        result = []
        for index, form in enumerate(self.forms):
            if self._is_blank_extra(index, form):
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            result.append(form.to_author())
        return result

    def posted_authors(self) -> list[AuthorData]:
        """The rows as posted, leniently (a row with a malformed value is kept with what
        passed): for telling what a refused form still lacks, never for saving."""
        result = []
        for index, form in enumerate(self.forms):
            cleaned = getattr(form, "cleaned_data", {})
            if self._is_blank_extra(index, form) or (self.can_delete and cleaned.get("DELETE")):
                continue
            result.append(
                AuthorData(
                    full_name=cleaned.get("full_name", ""),
                    email=cleaned.get("email", ""),
                    is_presenter=cleaned.get("is_presenter", False),
                    is_corresponding=cleaned.get("is_corresponding", False),
                )
            )
        return result

    def _is_blank_extra(self, index: int, form) -> bool:
        # An extra row the author did not fill in (rows given as initial data always count).
        return index >= self.initial_form_count() and not form.has_changed()

    def blank_rows(self) -> int:
        """How many rows were left blank (at most ``absolute_max``)."""
        return sum(1 for i, form in enumerate(self.forms) if self._is_blank_extra(i, form))


AuthorFormSet = forms.formset_factory(
    AuthorForm,
    formset=BaseAuthorFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_AUTHORS,
    absolute_max=MAX_AUTHORS,
    validate_max=True,
)


def author_initial(submission: Submission) -> list[dict]:
    return [
        {
            "id": a.pk,
            "full_name": a.full_name,
            "email": a.email,
            "affiliation": a.affiliation,
            "country": str(a.country or ""),
            "orcid": a.orcid,
            "is_presenter": a.is_presenter,
            "is_corresponding": a.is_corresponding,
            "is_editor": a.is_editor,
            "public_name": a.public_name,
        }
        for a in submission.authorships.all()
    ]


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw this submission. It will not be reviewed."),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want to withdraw.")},
    )


class SubmitForm(forms.Form):
    acknowledge_identity = forms.BooleanField(
        label=_("I have checked the paper: submit it as it is."), required=False
    )
