from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import queries, rules, services
from .choices import Language
from .models import (
    Agency,
    AgencySocialAccount,
    AgencySuccession,
    CalendarCorrection,
    Membership,
    Spokesperson,
    User,
)


def language_fieldsets(*fields):
    """One fieldset per language, so an editor fills in Kazakh, then Russian, then English."""
    return [
        (label, {"fields": [f"{field}_{code}" for field in fields]})
        for code, label in Language.choices
    ]


class AgencyScopedAdmin(admin.ModelAdmin):
    """Members of an agency see and change only their agency's rows; the authorized body
    sees all. `agency_field` names the path from the row to its agency."""

    agency_field = "agency"

    def get_queryset(self, request):
        return rules.scope_for_user(
            super().get_queryset(request), request.user, agency_field=self.agency_field
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = queries.agencies_changeable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SocialAccountInline(admin.TabularInline):
    model = AgencySocialAccount
    extra = 0


class SuccessionInline(admin.TabularInline):
    model = AgencySuccession
    fk_name = "predecessor"
    autocomplete_fields = ["successor"]
    extra = 0
    verbose_name = _("successor")
    verbose_name_plural = _("successors")


class SpokespersonInline(TranslationTabularInline):
    model = Spokesperson
    fields = ["surname", "name", "position", "post", "appointed_on", "left_on", "confirmed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdmin, TranslationAdmin):
    agency_field = "pk"
    list_display = ["name", "short_name", "kind", "region", "status", "website"]
    list_filter = ["kind", "region", "status"]
    search_fields = ["name_kk", "name_ru", "name_en", "short_name_kk", "short_name_ru", "slug"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["parent"]
    inlines = [SocialAccountInline, SuccessionInline, SpokespersonInline]
    fieldsets = [
        (None, {"fields": ["kind", "parent", "region", "slug", "status", "status_changed_on"]}),
        *language_fieldsets("name", "short_name", "head_name", "head_position", "address"),
        (_("Contacts"), {"fields": ["website", "phone", "email"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        if rules.sees_every_agency(request.user):
            return []
        # Members keep their contacts up to date; what the agency is belongs to the ministry.
        return ["kind", "parent", "region", "slug", "status", "status_changed_on"]

    def get_ordering(self, request):
        # In the alphabet of the admin's language (Kazakh: А Ә Б … Қ … І …), not the database's.
        return [*queries.name_ordering(Agency)]

    def get_prepopulated_fields(self, request, obj=None):
        # The slug is filled in from the English name only where it can be edited: a
        # read-only slug in `prepopulated_fields` breaks the form for the agency's members.
        if rules.sees_every_agency(request.user):
            return super().get_prepopulated_fields(request, obj)
        return {}

    def has_add_permission(self, request):
        return rules.sees_every_agency(request.user) and super().has_add_permission(request)


@admin.register(Spokesperson)
class SpokespersonAdmin(AgencyScopedAdmin, TranslationAdmin):
    list_display = [
        "full_name",
        "agency",
        "post",
        "position",
        "appointed_on",
        "left_on",
        "published",
    ]
    list_filter = [
        "post",
        "agency__kind",
        "agency__region",
        ("confirmed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = [
        "surname_kk",
        "surname_ru",
        "surname_en",
        "name_kk",
        "name_ru",
        "name_en",
        "email",
    ]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    date_hierarchy = "appointed_on"
    actions = ["confirm"]
    fieldsets = [
        (None, {"fields": ["agency", "post", "appointed_on", "left_on", "confirmed_at"]}),
        *language_fieldsets("surname", "name", "patronymic", "position"),
        (_("Contacts"), {"fields": ["email", "work_phone", "mobile_phone", "languages"]}),
    ]

    @admin.display(boolean=True, description=_("published"))
    def published(self, obj):
        return obj.is_published

    def save_model(self, request, obj, form, change):
        if change:
            services.spokesperson_update(spokesperson=obj)
        else:
            services.spokesperson_record(spokesperson=obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if rules.can_confirm_spokesperson(request.user) else ["confirmed_at"]

    def get_ordering(self, request):
        # In the alphabet of the admin's language (Kazakh: А Ә Б … Қ … І …), not the database's.
        return [*queries.name_ordering(Spokesperson), "-appointed_on"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not rules.can_confirm_spokesperson(request.user):
            actions.pop("confirm", None)
        return actions

    @admin.action(description=_("Confirm the appointment and publish it"))
    def confirm(self, request, queryset):
        pending = list(queryset.filter(confirmed_at__isnull=True))
        for spokesperson in pending:
            services.spokesperson_confirm(spokesperson=spokesperson)
        count = len(pending)
        self.message_user(
            request,
            ngettext("%d appointment confirmed.", "%d appointments confirmed.", count) % count,
            messages.SUCCESS,
        )


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Portal"), {"fields": ["preferred_language"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "created_at"]
    list_filter = ["role", "agency__kind"]
    search_fields = ["user__username", "user__last_name", "agency__name_kk", "agency__name_ru"]
    list_select_related = ["user", "agency"]
    autocomplete_fields = ["user", "agency"]

    def save_model(self, request, obj, form, change):
        services.membership_save(obj)


@admin.register(CalendarCorrection)
class CalendarCorrectionAdmin(TranslationAdmin):
    list_display = ["date", "kind", "name", "decree"]
    list_filter = ["kind"]
    search_fields = ["name_kk", "name_ru", "name_en", "decree"]
    date_hierarchy = "date"
    fieldsets = [(None, {"fields": ["date", "kind", "decree"]}), *language_fieldsets("name")]
