from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import queries, rules, services
from .choices import AWAITING_REVIEW, Language
from .forms import AgencyReorganiseForm, SpokespersonRejectForm, languages_field
from .models import (
    Agency,
    AgencySocialAccount,
    AgencySuccession,
    CalendarCorrection,
    Membership,
    Spokesperson,
    SpokespersonEvent,
    User,
)


def changes_table(changes: dict):
    """{field: [old, new]} as a small table with the fields' translated names."""
    if not changes:
        return "—"
    rows = format_html_join(
        "",
        "<tr><th>{}</th><td>{}</td><td>→ {}</td></tr>",
        (
            (Spokesperson._meta.get_field(name).verbose_name, old or "—", new or "—")
            for name, (old, new) in changes.items()
        ),
    )
    return format_html("<table>{}</table>", rows)


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
    # Pages of one row that call one service (review, reorganise, announce): URL suffix →
    # the method serving `<pk>/<suffix>/`, named "<app>_<model>_<suffix>".
    object_pages: dict[str, str] = {}

    def get_urls(self):
        pages = [
            path(
                f"<int:pk>/{suffix}/",
                self.admin_site.admin_view(getattr(self, method)),
                name=f"{self.opts.app_label}_{self.opts.model_name}_{suffix}",
            )
            for suffix, method in self.object_pages.items()
        ]
        return [*pages, *super().get_urls()]

    def object_page(self, request, template, *, title, original, form, **context):
        """The admin's frame (header, breadcrumbs, the form's media) around such a page."""
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.opts,
                "original": original,
                "form": form,
                "media": self.media + form.media,
                **context,
            },
        )

    def get_queryset(self, request):
        return rules.scope_for_user(
            super().get_queryset(request), request.user, agency_field=self.agency_field
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = queries.agencies_changeable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class HistoryInline(admin.TabularInline):
    """A row's history as its services recorded it: shown, never added to or changed."""

    extra = 0
    can_delete = False
    verbose_name_plural = _("History")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SocialAccountInline(admin.TabularInline):
    model = AgencySocialAccount
    extra = 0


class SuccessionInline(admin.TabularInline):
    """Shown, not edited: successions are made by `agency_reorganise` ("Reorganise")."""

    model = AgencySuccession
    fk_name = "predecessor"
    fields = ["successor", "effective_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("successor")
    verbose_name_plural = _("successors")

    def has_add_permission(self, request, obj=None):
        return False


class SpokespersonInline(TranslationTabularInline):
    model = Spokesperson
    fields = ["surname", "name", "position", "post", "appointed_on", "left_on", "review_state"]
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
    change_form_template = "admin/portal/agency/change_form.html"
    object_pages = {"reorganise": "reorganise_view"}

    def get_readonly_fields(self, request, obj=None):
        # The status changes only through "Reorganise" (agency_reorganise), which also links
        # the successors and ends the spokespersons' terms.
        if rules.sees_every_agency(request.user):
            return ["status", "status_changed_on"]
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

    def save_model(self, request, obj, form, change):
        services.agency_save(agency=obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"can_reorganise": rules.sees_every_agency(request.user), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    def reorganise_view(self, request, pk):
        """Rename, merge, split or close the agency through `agency_reorganise`."""
        agency = self.get_object(request, str(pk))
        if agency is None or not rules.sees_every_agency(request.user):
            raise PermissionDenied
        form = AgencyReorganiseForm(request.POST or None, agency=agency, admin_site=self.admin_site)
        if form.is_valid():
            try:
                services.agency_reorganise(agency=agency, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.log_change(request, agency, [{"changed": {"fields": ["status"]}}])
                self.message_user(request, _("The agency's status is changed."), messages.SUCCESS)
                return redirect(reverse("admin:portal_agency_change", args=[agency.pk]))
        return self.object_page(
            request,
            "admin/portal/agency/reorganise.html",
            title=_("Reorganise %(agency)s") % {"agency": agency},
            original=agency,
            form=form,
        )


class SpokespersonAdminForm(forms.ModelForm):
    languages = languages_field()

    class Meta:
        model = Spokesperson
        fields = ["languages"]  # the admin adds the rest from its fieldsets

    def _post_clean(self):
        """Also the constraints on fields the form does not show (one appointment awaiting
        confirmation per post), so they are a form error, not a failed save."""
        super()._post_clean()
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            self._update_errors(error)


class SpokespersonEventInline(HistoryInline):
    """Who recorded, changed, confirmed or rejected the appointment, and when."""

    model = SpokespersonEvent
    fields = readonly_fields = ["at", "action", "actor", "comment", "changes_display"]

    @admin.display(description=_("changes"))
    def changes_display(self, event):
        return changes_table(event.changes)


@admin.register(Spokesperson)
class SpokespersonAdmin(AgencyScopedAdmin, TranslationAdmin):
    form = SpokespersonAdminForm
    list_display = [
        "full_name",
        "agency",
        "post",
        "position",
        "appointed_on",
        "left_on",
        "review_state",
    ]
    list_filter = ["review_state", "post", "agency__kind", "agency__region"]
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
    inlines = [SpokespersonEventInline]
    readonly_fields = ["review_state", "confirmed_at", "rejection_reason", "pending_display"]
    fieldsets = [
        (None, {"fields": ["agency", "post", "appointed_on", "left_on"]}),
        (
            _("Confirmation by the authorized body"),
            {"fields": ["review_state", "confirmed_at", "rejection_reason", "pending_display"]},
        ),
        *language_fieldsets("surname", "name", "patronymic", "position"),
        (_("Contacts"), {"fields": ["email", "work_phone", "mobile_phone", "languages"]}),
    ]
    change_form_template = "admin/portal/spokesperson/change_form.html"
    object_pages = {"review": "review_view"}

    @admin.display(description=_("changes awaiting confirmation"))
    def pending_display(self, obj):
        return changes_table(
            {name: [getattr(obj, name), value] for name, value in obj.pending_changes.items()}
        )

    def get_readonly_fields(self, request, obj=None):
        # The agency of a recorded appointment stays: a new agency is a new appointment.
        return [*self.readonly_fields, *(["agency"] if obj else [])]

    def get_ordering(self, request):
        # In the alphabet of the admin's language (Kazakh: А Ә Б … Қ … І …), not the database's.
        return [*queries.name_ordering(Spokesperson), "-appointed_on"]

    def save_model(self, request, obj, form, change):
        if change:
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            form.instance = services.spokesperson_update(
                spokesperson=obj, by=request.user, **changed
            )
        else:
            services.spokesperson_record(spokesperson=obj, by=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {
            "can_review": rules.can_confirm_spokesperson(request.user),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not rules.can_confirm_spokesperson(request.user):
            actions.pop("confirm", None)
        return actions

    @admin.action(description=_("Confirm the appointment and publish it"))
    def confirm(self, request, queryset):
        confirmed = 0
        for spokesperson in queryset.filter(review_state__in=AWAITING_REVIEW):
            try:
                services.spokesperson_confirm(spokesperson=spokesperson, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{spokesperson}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                confirmed += 1
        self.message_user(
            request,
            ngettext("%d appointment confirmed.", "%d appointments confirmed.", confirmed)
            % confirmed,
            messages.SUCCESS,
        )

    def review_view(self, request, pk):
        """Confirm or reject what awaits confirmation, through the services."""
        spokesperson = self.get_object(request, str(pk))
        if spokesperson is None or not rules.can_confirm_spokesperson(request.user):
            raise PermissionDenied
        form = SpokespersonRejectForm(request.POST or None)
        if request.method == "POST" and spokesperson.awaits_review:
            try:
                if "confirm" in request.POST:
                    services.spokesperson_confirm(spokesperson=spokesperson, by=request.user)
                    message = _("The appointment is confirmed and published.")
                elif form.is_valid():
                    services.spokesperson_reject(
                        spokesperson=spokesperson, by=request.user, **form.cleaned_data
                    )
                    message = _("The appointment is rejected; the agency sees the reason.")
                else:
                    message = None
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if message:
                    self.message_user(request, message, messages.SUCCESS)
                    return redirect(reverse("admin:portal_spokesperson_change", args=[pk]))
        return self.object_page(
            request,
            "admin/portal/spokesperson/review.html",
            title=_("Review %(spokesperson)s") % {"spokesperson": spokesperson},
            original=spokesperson,
            form=form,
            pending=self.pending_display(spokesperson),
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

    def save_model(self, request, obj, form, change):
        services.calendar_correction_save(obj)

    def delete_model(self, request, obj):
        services.calendar_correction_delete(obj)

    def delete_queryset(self, request, queryset):
        for correction in queryset:
            services.calendar_correction_delete(correction)
