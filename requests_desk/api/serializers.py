import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.api.serializers import StrictInputMixin
from portal.directory.choices import AgencyStatus, Language
from portal.directory.models import Agency

from ..choices import ANSWER_OUTCOME_CHOICES, Outcome, ReferenceKind
from ..forms import TEXT_MAX_LENGTH
from ..models import (
    InformationRequest,
    ReferenceAnswer,
    ReferenceFile,
    ReferenceRequest,
    RequestEvent,
)


class RequestEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequestEvent
        fields = ["action", "at", "public"]


class InformationRequestSerializer(serializers.ModelSerializer):
    """A request as its agency's staff read it, with the whole timeline."""

    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    events = RequestEventSerializer(many=True, read_only=True)

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "number",
            "agency",
            "channel",
            "language",
            "state",
            "outcome",
            "outcome_reason",
            "received_at",
            "due_at",
            "extended_days",
            "assigned_unit",
            "requester_name",
            "requester_email",
            "requester_organisation",
            "text",
            "events",
        ]
        read_only_fields = fields


class RequestStatusSerializer(serializers.ModelSerializer):
    """What the requester reads by the secret token: no staff's names, no internal steps."""

    agency = serializers.CharField(source="agency.name", read_only=True)
    events = serializers.SerializerMethodField()

    class Meta:
        model = InformationRequest
        fields = [
            "number",
            "agency",
            "state",
            "outcome",
            "outcome_reason",
            "received_at",
            "due_at",
            "events",
        ]
        read_only_fields = fields

    def get_events(self, case) -> list[dict]:
        return [
            {"action": event.action, "at": event.at} for event in case.events.all() if event.public
        ]


class ReferenceFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReferenceFile
        fields = ["id", "title", "url"]
        read_only_fields = fields

    def get_url(self, file) -> str:
        return reverse(
            "requests_desk:reference_file",
            kwargs={"pk": file.answer.request_id, "file_pk": file.pk},
        )


class ReferenceAnswerSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    files = ReferenceFileSerializer(many=True, read_only=True)

    class Meta:
        model = ReferenceAnswer
        fields = ["id", "agency", "due_at", "text", "answered_at", "late", "files"]
        read_only_fields = fields


class ReferenceRequestSerializer(serializers.ModelSerializer):
    """A reference request with the answers the user may read: all of them for the
    authorized body, the user's agencies' for an agency (004 §13)."""

    kinds = serializers.ListField(child=serializers.ChoiceField(choices=ReferenceKind.choices))
    answers = ReferenceAnswerSerializer(many=True, read_only=True, source="visible_answers")

    class Meta:
        model = ReferenceRequest
        fields = ["id", "topic", "kinds", "text", "sent_at", "answers"]
        read_only_fields = fields


class ReferenceAnswerInputSerializer(serializers.Serializer):
    """An agency's answer: its text and files (multipart), checked by the service."""

    agency = serializers.SlugField(help_text="The slug of the answering agency.")
    text = serializers.CharField(max_length=50_000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


# The largest id a client may name (a larger one could not be looked up on every database).
ID_MAX = 2**31 - 1


# --- Staff transitions (issue 10 item 11): the bodies of the POST actions --------------------
# Each is checked here for its shape only; the legal conditions are the services' (400 with
# their message when they refuse).


class AssignSerializer(StrictInputMixin, serializers.Serializer):
    unit = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        allow_blank=True,
        help_text=_("The unit the request goes to (002 §37, §44); a unit or a person is needed."),
    )
    person = serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The id of a member of the request's agency who answers it."),
    )


class ExtendSerializer(StrictInputMixin, serializers.Serializer):
    days = serializers.IntegerField(
        min_value=1,
        max_value=366,
        help_text=_(
            "Calendar days added to the original end, at most the rule's limit (30 for a "
            "feedback-form request, 15 for a media request; 002 §39). Once only."
        ),
    )
    reason = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Why, told to the requester at once: the notice of the extension."),
    )


class RedirectSerializer(StrictInputMixin, serializers.Serializer):
    agency = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Agency.objects.filter(status=AgencyStatus.ACTIVE),
        help_text=_("The slug of the competent agency (002 §48)."),
    )
    part = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
        required=False,
        default="",
        allow_blank=True,
        help_text=_(
            "The part outside the agency's competence; empty to redirect the whole request."
        ),
    )


class AnswerDraftSerializer(StrictInputMixin, serializers.Serializer):
    """The answer's text, or an answer template whose text in the request's language is
    taken; a rewritten answer needs a new approval."""

    text = serializers.CharField(
        max_length=50_000,
        required=False,
        help_text=_("The answer; leave out to start from `template`."),
    )
    template = serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        required=False,
        help_text=_(
            "The id of an answer template of the agency or a global one that has a text in "
            "the request's language."
        ),
    )
    language = serializers.ChoiceField(
        choices=Language.choices,
        required=False,
        help_text=_(
            "The answer's language; the request's when left out. An answer in another "
            "language cannot be sent (002 §40)."
        ),
    )

    def validate(self, data):
        if ("text" in data) == ("template" in data):
            raise serializers.ValidationError(_("Give either the text or a template."))
        return data


class SendSerializer(StrictInputMixin, serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=ANSWER_OUTCOME_CHOICES,
        default=Outcome.ANSWERED,
        help_text=_("Answered in full (the default) or in part."),
    )


class RefuseSerializer(StrictInputMixin, serializers.Serializer):
    reason = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
        help_text=_("The reason, which the requester reads (002 §40)."),
    )


class CommentSerializer(StrictInputMixin, serializers.Serializer):
    text = serializers.CharField(
        max_length=5_000, help_text=_("An internal note, never shown to the requester.")
    )


# --- Monthly statistics (issue 10 item 6) -------------------------------------------------


class StatisticsQuerySerializer(serializers.Serializer):
    month = serializers.RegexField(
        # The months of MONTH_YEARS (2000 to 2100), so that the schema says what is accepted.
        r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={
            "invalid": _("Give the month as YYYY-MM, from 2000-01 to 2100-12, e.g. 2026-03.")
        },
        help_text=_("The month the requests were received in, YYYY-MM; this month by default."),
    )
    agency = serializers.SlugField(
        required=False,
        help_text=_(
            "Only this agency's row (and total): one of the user's agencies (else 403), any "
            "agency for the authorized body."
        ),
    )

    def validate_month(self, value: str) -> dt.date:
        year, month = map(int, value.split("-"))
        return dt.date(year, month, 1)


class StatisticsCountsSerializer(serializers.Serializer):
    received = serializers.IntegerField(help_text=_("Received in the month."))
    on_time = serializers.IntegerField(
        help_text=_("Answered, in full or in part, by the due date.")
    )
    extended = serializers.IntegerField(help_text=_("Whose period was extended."))
    redirected = serializers.IntegerField(
        help_text=_("Redirected to the competent body, whole or in part.")
    )
    overdue = serializers.IntegerField(
        help_text=_("Still open past the due date, or closed after it.")
    )


class StatisticsRowSerializer(StatisticsCountsSerializer):
    agency = serializers.SlugField(source="agency.slug", help_text=_("The agency's slug."))
    agency_name = serializers.CharField(
        source="agency.name", help_text=_("The agency's name in the answer's language.")
    )


class StatisticsSerializer(serializers.Serializer):
    """The same figures as the statistics page, counted in SQL."""

    month = serializers.CharField(help_text=_("YYYY-MM."))
    agencies = StatisticsRowSerializer(many=True, help_text=_("One row per agency, by name."))
    total = StatisticsCountsSerializer(help_text=_("Across the agencies of `agencies`."))
