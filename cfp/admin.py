"""The conference in the Django admin (site admins only; organisers use /c/<slug>/organise/).

A site administrator is not an organiser (``cfp.rules.allowed``), so the admin shows no
submission, author or file, and its delete page counts what a conference holds instead of
listing it (titles of unpublished papers are confidential). The call's content (themes,
questions, types, organisations) is edited by the organisers in their area. Every write goes
through the domain, so the admin refuses what the domain refuses: the organisers list through
``cfp.domain.organisers`` (recorded; never empty), the details through
``cfp.domain.call.save_conference``, deletion through ``cfp.domain.call.delete_conference``.
To act for the organisers, a site administrator steps in visibly (the link on each
conference's page), which is recorded and told to the organisers.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cfp.domain import call as domain_call
from cfp.domain import organisers as domain_organisers
from cfp.forms.fields import ModelMultipleChoiceField
from cfp.models import Conference, OrganiserChange


class ConferenceAdminForm(forms.ModelForm):
    # Not the model's field (another name, so that the admin's form never sets it):
    # ConferenceAdmin.save_related saves it through the domain.
    organiser_accounts = ModelMultipleChoiceField(
        label=_("organisers"),
        queryset=User.objects.order_by("email"),
        widget=FilteredSelectMultiple(_("organisers"), is_stacked=False),
        error_messages={
            "required": _("A conference needs at least one organiser: keep or choose one.")
        },
        help_text=_(
            "Each change is recorded and shown to the organisers; a new organiser is told by "
            "email. To act as organiser yourself, use “Step in as organiser” instead."
        ),
    )

    class Meta:
        model = Conference
        # Every editable field but the organisers (see above).
        fields = [
            f.name
            for f in Conference._meta.concrete_fields
            if f.editable and not f.auto_created and f.name != "organisers"
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "organiser_accounts" not in self.initial:
            self.initial["organiser_accounts"] = list(
                self.instance.organisers.values_list("pk", flat=True)
            )


class OrganiserChangeInline(admin.TabularInline):
    model = OrganiserChange
    extra = 0
    can_delete = False
    fields = ["at", "action", "person_name", "by_name", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    form = ConferenceAdminForm
    list_display = ["title", "slug", "start_date", "submission_closes", "is_public"]
    list_filter = ["is_public", "blind_review", "dates_are_placeholders"]
    search_fields = ["title", "slug", "city"]
    readonly_fields = ["step_in"]
    inlines = [OrganiserChangeInline]

    @admin.display(description=_("step in"))
    def step_in(self, obj: Conference) -> str:
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("cfp:organiser_step_in", kwargs={"conference": obj.slug}),
            gettext("Step in as organiser (recorded, and the organisers are told)"),
        )

    def save_model(self, request, obj, form, change) -> None:
        if change:
            domain_call.save_conference(conference=obj)
        else:
            data = {
                name: value
                for name, value in form.cleaned_data.items()
                if name in {f.name for f in Conference._meta.fields}
            }
            created = domain_organisers.create_conference(data=data, by=request.user)
            obj.pk = created.pk
            obj._state.adding = False
            obj._state.db = created._state.db

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        try:
            domain_organisers.set_organisers(
                conference=form.instance,
                users=form.cleaned_data["organiser_accounts"],
                by=request.user,
            )
        except domain_organisers.OrganiserChangeRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)

    def delete_model(self, request, obj) -> None:
        domain_call.delete_conference(conference=obj)

    def delete_queryset(self, request, queryset) -> None:
        for conference in queryset:
            domain_call.delete_conference(conference=conference)

    def get_deleted_objects(self, objs, request):
        """What deleting ``objs`` removes, counted per kind and not listed: the admin's own
        list would name every submission, draft titles included."""
        _listed, model_count, perms_needed, _protected = super().get_deleted_objects(objs, request)
        summary = [str(obj) for obj in objs] + [
            f"{capfirst(str(name))}: {count}"
            for name, count in model_count.items()
            if str(name) != str(Conference._meta.verbose_name_plural)
        ]
        # Nothing is "protected": the domain deletes submissions before their contribution
        # types. The admin's own list of protected objects would name them, too.
        return summary, model_count, perms_needed, []
