"""The requests desk in the admin: requests and reference requests are shown (made on the
portal's pages); the steps an administrator may take go through the services, and a
press secretary sees only their agencies' rows (AgencyScopedAdmin)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.directory.admin import AgencyScopedAdmin, HistoryInline
from portal.directory.rules import member_agency_ids, sees_every_agency

from . import rules, services
from .models import (
    AnswerTemplate,
    InformationRequest,
    ReferenceAnswer,
    ReferenceRequest,
    RequestEvent,
)


class RequestEventInline(HistoryInline):
    """The request's timeline as the services recorded it."""

    model = RequestEvent
    fields = readonly_fields = ["at", "action", "actor", "public", "data"]


@admin.register(InformationRequest)
class InformationRequestAdmin(AgencyScopedAdmin):
    """Requests arrive by the public form and change through one service per step: every
    field is shown only, and the bulk steps call the services with their rules."""

    list_display = ["number", "agency", "channel", "state", "outcome", "received_at", "due_at"]
    list_filter = ["state", "channel", "outcome"]
    search_fields = ["number", "requester_name", "requester_email"]
    list_select_related = ["agency"]
    date_hierarchy = "received_at"
    inlines = [RequestEventInline]
    actions = ["approve_selected", "send_selected"]
    exclude = ["tracking_token_hash"]

    def get_readonly_fields(self, request, obj=None):
        return [
            field.name for field in self.model._meta.fields if field.name != "tracking_token_hash"
        ]

    def has_add_permission(self, request):
        return False

    def _each(self, request, queryset, allowed, service, done_message):
        done = 0
        for case in queryset.select_related("agency"):
            if not allowed(request.user, case):
                self.message_user(
                    request,
                    _("%(number)s: not yours to do now.") % {"number": case.number},
                    messages.ERROR,
                )
                continue
            try:
                service(case=case, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{case}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, done_message(done) % done, messages.SUCCESS)

    @admin.action(description=_("Approve the drafted answers"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            rules.can_approve,
            services.answer_approve,
            lambda n: ngettext("%d answer approved.", "%d answers approved.", n),
        )

    @admin.action(description=_("Send the approved answers"), permissions=["change"])
    def send_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            rules.can_send,
            services.answer_send,
            lambda n: ngettext("%d answer sent.", "%d answers sent.", n),
        )


class ReferenceAnswerInline(admin.TabularInline):
    model = ReferenceAnswer
    fields = readonly_fields = ["agency", "due_at", "answered_at", "late", "text"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        answers = super().get_queryset(request).select_related("agency")
        if sees_every_agency(request.user):
            return answers
        return answers.filter(agency_id__in=member_agency_ids(request.user))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReferenceRequest)
class ReferenceRequestAdmin(AgencyScopedAdmin):
    """Asked and answered on the portal's pages (004 §12–13); here shown, with the answers
    of the user's agencies (every agency's for the authorized body)."""

    agency_field = "answers__agency"
    list_display = ["topic", "sent_at", "created_by"]
    search_fields = ["topic"]
    date_hierarchy = "sent_at"
    inlines = [ReferenceAnswerInline]
    fields = readonly_fields = ["topic", "kinds", "text", "created_by", "sent_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AnswerTemplateForm(forms.ModelForm):
    class Meta:
        model = AnswerTemplate
        fields = ["agency", "title", "body_kk", "body_ru", "body_en"]

    def clean(self):
        data = super().clean()
        try:
            services.answer_template_check(
                by=self.user, agency=data.get("agency"), instance=self.instance
            )
        except ValidationError as error:
            self.add_error("agency", error)
        return data


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(AgencyScopedAdmin):
    """An agency's templates for its members; the global ones (no agency) for everyone to
    read, made and changed by the authorized body."""

    form = AnswerTemplateForm
    list_display = ["title", "agency"]
    list_filter = [("agency", admin.EmptyFieldListFilter)]
    search_fields = ["title"]
    list_select_related = ["agency"]

    def get_queryset(self, request):
        templates = admin.ModelAdmin.get_queryset(self, request)
        if sees_every_agency(request.user):
            return templates
        return templates.filter(
            Q(agency__isnull=True) | Q(agency_id__in=member_agency_ids(request.user))
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and not rules.can_change_template(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not rules.can_change_template(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        services.answer_template_save(template=obj, by=request.user)
