"""The call's models in the Django admin (site admins only; organisers use /c/<slug>/organise/)."""

from django.contrib import admin

from cfp.models import Conference, ContributionType, GuidingQuestion, Organisation, Theme


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


class ThemeInline(admin.StackedInline):
    model = Theme
    extra = 0
    prepopulated_fields = {"slug": ["title"]}


class GuidingQuestionInline(admin.TabularInline):
    model = GuidingQuestion
    extra = 0


class ContributionTypeInline(admin.StackedInline):
    model = ContributionType
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "start_date", "submission_closes", "is_public"]
    list_filter = ["is_public", "blind_review", "dates_are_placeholders"]
    search_fields = ["title", "slug", "city"]
    filter_horizontal = ["organisers"]
    inlines = [OrganisationInline, ThemeInline, GuidingQuestionInline, ContributionTypeInline]
