"""Monitoring's back office: the registers the ministry keeps (outlets, feeds, the lexicon)
and each agency's matching rules, saved through `services.register_save`; publications,
stories and resonance cases are shown only, their steps are taken on the portal's pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from portal.directory.admin import AgencyScopedAdmin, HistoryInline

from . import services
from .models import (
    AgencyRule,
    CaseEvent,
    Feed,
    FetchLog,
    Outlet,
    Publication,
    PublicationMatch,
    ResonanceCase,
    Response,
    SavedSearch,
    Story,
    ToneOverride,
    ToneWord,
)

AGENCY_SEARCH = ["agency__slug", "agency__name_kk", "agency__name_ru", "agency__name_en"]


class _SavedByService:
    def save_model(self, request, obj, form, change):
        services.register_save(instance=obj)


class _ShownOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Outlet)
class OutletAdmin(_SavedByService, TranslationAdmin):
    list_display = ["name", "kind", "language", "region", "reach"]
    list_filter = ["kind", "language", "region"]
    search_fields = ["name_kk", "name_ru", "name_en", "website"]


class FetchLogInline(HistoryInline):
    model = FetchLog
    fields = readonly_fields = ["at", "status", "items", "duration_ms", "error"]
    verbose_name_plural = _("Fetches")

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-at")


@admin.register(Feed)
class FeedAdmin(_SavedByService, admin.ModelAdmin):
    list_display = ["url", "outlet", "state", "failures", "last_fetched_at", "next_fetch_at"]
    list_filter = ["state", "is_active"]
    search_fields = ["url", "outlet__name"]
    list_select_related = ["outlet"]
    readonly_fields = ["state", "failures", "error", "last_fetched_at", "next_fetch_at"]
    inlines = [FetchLogInline]


class MatchInline(HistoryInline):
    model = PublicationMatch
    fields = readonly_fields = ["agency", "terms"]
    verbose_name_plural = _("Agencies matched")


class ToneOverrideInline(HistoryInline):
    model = ToneOverride
    fields = readonly_fields = ["at", "actor", "previous", "tone", "reason"]
    verbose_name_plural = _("Tone overrides")


@admin.register(Publication)
class PublicationAdmin(_ShownOnly, admin.ModelAdmin):
    """Found by ingest or entered by address; the tone is overridden on its page."""

    list_display = ["title", "outlet", "published_at", "language", "tone"]
    list_filter = ["tone", "language", "outlet__kind"]
    search_fields = ["title", "url"]
    list_select_related = ["outlet"]
    date_hierarchy = "published_at"
    fields = readonly_fields = [
        "title",
        "url",
        "outlet",
        "published_at",
        "language",
        "story",
        "tone",
        "scored_tone",
        "tone_score",
        "tone_words",
        "summary",
        "text",
    ]
    inlines = [MatchInline, ToneOverrideInline]


@admin.register(Story)
class StoryAdmin(_ShownOnly, admin.ModelAdmin):
    list_display = ["title", "first_published_at", "outlets", "reach"]
    search_fields = ["title"]
    fields = readonly_fields = ["title", "first_published_at", "outlets", "reach"]


@admin.register(AgencyRule)
class AgencyRuleAdmin(_SavedByService, AgencyScopedAdmin):
    """Each agency's terms: its members keep their own, the ministry every agency's."""

    list_display = ["term", "agency", "language", "kind", "exclude"]
    list_filter = ["language", "kind", "exclude"]
    search_fields = ["term", *AGENCY_SEARCH]
    list_select_related = ["agency"]


@admin.register(ToneWord)
class ToneWordAdmin(_SavedByService, admin.ModelAdmin):
    """The ministry's lexicon: a language with words here replaces the shipped default."""

    list_display = ["word", "language", "polarity"]
    list_filter = ["language", "polarity"]
    search_fields = ["word"]


class ResponseInline(HistoryInline):
    model = Response
    fields = readonly_fields = ["kind", "description", "due_at", "result_url", "closed_at"]
    verbose_name_plural = _("Responses")


class CaseEventInline(HistoryInline):
    model = CaseEvent
    fields = readonly_fields = ["at", "action", "actor"]


@admin.register(ResonanceCase)
class ResonanceCaseAdmin(_ShownOnly, AgencyScopedAdmin):
    """Shown only: flagged, informed, answered and closed on the case's page."""

    list_display = ["publication", "agency", "state", "flagged_at", "head_informed_at", "due_at"]
    list_filter = ["state", "source"]
    search_fields = ["publication__title", *AGENCY_SEARCH]
    list_select_related = ["agency", "publication"]
    fields = readonly_fields = [
        "publication",
        "agency",
        "reason",
        "source",
        "flagged_at",
        "head_informed_at",
        "due_at",
        "state",
        "closed_at",
    ]
    inlines = [ResponseInline, CaseEventInline]


@admin.register(SavedSearch)
class SavedSearchAdmin(_ShownOnly, admin.ModelAdmin):
    list_display = ["name", "user", "updated_at"]
    fields = readonly_fields = ["user", "name", "query"]
