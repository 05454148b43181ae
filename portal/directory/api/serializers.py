from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...api.serializers import StrictInputMixin
from ...calendar import FIRST_YEAR, LAST_YEAR, validate_calendar_date
from .. import rules
from ..choices import Language
from ..models import Agency, AgencySocialAccount, Spokesperson


class SocialAccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgencySocialAccount
        fields = ["network", "url"]


class AgencySerializer(serializers.ModelSerializer):
    """Agency data is public; names come in the language of the request."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    region_display = serializers.CharField(source="get_region_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    successors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    social_accounts = SocialAccountSerializer(many=True, read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:agency-detail", lookup_field="slug")

    class Meta:
        model = Agency
        fields = [
            "url",
            "slug",
            "kind",
            "kind_display",
            "region",
            "region_display",
            "name",
            "short_name",
            "parent",
            "website",
            "head_name",
            "head_position",
            "address",
            "phone",
            "email",
            "social_accounts",
            "status",
            "status_display",
            "status_changed_on",
            "successors",
        ]


PRIVATE_SPOKESPERSON_FIELDS = (
    "mobile_phone",
    "confirmed_at",
    "review_state",
    "pending_changes",
    "rejection_reason",
)


class SpokespersonSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Anonymous users and other agencies get the public fields only."""

    fields_left_out_for_some_readers = PRIVATE_SPOKESPERSON_FIELDS

    agency = serializers.SlugRelatedField(slug_field="slug", queryset=Agency.objects.all())
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    full_name = serializers.CharField(read_only=True)
    post_display = serializers.CharField(source="get_post_display", read_only=True)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices), required=False
    )

    class Meta:
        model = Spokesperson
        fields = [
            "id",
            "agency",
            "agency_name",
            "post",
            "post_display",
            "surname",
            "name",
            "patronymic",
            "full_name",
            "position",
            "email",
            "work_phone",
            "languages",
            "appointed_on",
            "left_on",
            *PRIVATE_SPOKESPERSON_FIELDS,
        ]
        read_only_fields = [
            "left_on",
            "confirmed_at",
            "review_state",
            "pending_changes",
            "rejection_reason",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not rules.can_view_agency_private_data(user, instance.agency):
            for field in PRIVATE_SPOKESPERSON_FIELDS:
                data.pop(field)
        return data

    def validate_agency(self, agency):
        if not rules.can_change_agency(self.context["request"].user, agency):
            raise serializers.ValidationError(_("You may not add spokespersons of this agency."))
        return agency

    def validate(self, attrs):
        if (
            self.instance is not None
            and "agency" in attrs
            and attrs["agency"] != self.instance.agency
        ):
            raise serializers.ValidationError({"agency": _("An appointment cannot change agency.")})
        return attrs


class CalendarYearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)


class NonWorkingDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField()


class AddWorkingDaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField(validators=[validate_calendar_date])
    days = serializers.IntegerField(min_value=0, max_value=366)


class AddWorkingDaysSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    due = serializers.DateField()
    skipped = NonWorkingDaySerializer(many=True)
