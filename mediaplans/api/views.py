"""/api/v1/media-plans/: each agency's media-plans, their items, revisions and monthly
reports (000 §2; 004 §5–8). Plans are never public: the authorized body reads every plan, an
agency's members their agency's (another agency's plan is not there, 404). Every write and
every review step calls its service; who may is asked of `mediaplans.rules`."""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response

from portal.api.filters import validated_query
from portal.api.serializers import ErrorSerializer

from .. import queries, rules, services
from ..models import MediaPlan, MonthlyReport, PlanAttachment, PlanItem, PlanRevision, ReportEntry
from . import serializers
from .filters import MediaPlanFilter
from .permissions import WorksWithPlans

STEP_REFUSED = _("This step is not possible for you on this media-plan in its present state.")
ITEMS_LOCKED = _("The items of this media-plan cannot be changed by you in its present state.")
REPORT_REFUSED = _("You may not report on this media-plan.")
STALE_ANSWER = OpenApiResponse(
    ErrorSerializer, description=_("Someone changed it since the client read it; nothing saved.")
)
PLAN_PK = OpenApiParameter("plan_pk", OpenApiTypes.INT, OpenApiParameter.PATH)


class Stale(APIException):
    """A save based on an edit version someone else has moved on from (issue 9 item 5)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"


def _calling(service, **kwargs):
    """The service's answer; its refusal for a stale version is a 409 with its message (the
    other refusals are 400s, `portal.api.exceptions`)."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        if any(e.code == "stale" for e in getattr(error, "error_list", [])):
            raise Stale(error.messages[0]) from error
        raise


# --- Plans ----------------------------------------------------------------------------------


@extend_schema(
    description=_(
        "Media-plans of the user's agencies (of every agency for the authorized body), the "
        "latest year first. A new plan is a draft of one of the user's agencies."
    )
)
@extend_schema_view(
    create=extend_schema(
        request=serializers.MediaPlanCreateSerializer,
        responses={201: serializers.MediaPlanDetailSerializer},
    ),
)
class MediaPlanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [WorksWithPlans]
    filterset_class = MediaPlanFilter
    http_method_names = ["get", "post", "head", "options"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        plans = queries.plans_listed(queries.plans_for_user(self.request.user))
        if self.action == "list":
            return plans
        return plans.prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.order_by("position", "pk")),
            Prefetch("attachments", queryset=PlanAttachment.objects.order_by("pk")),
        )

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.MediaPlanSerializer
        if self.action == "create":
            return serializers.MediaPlanCreateSerializer
        return serializers.MediaPlanDetailSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.plan_create(by=request.user, **serializer.validated_data)
        return Response(self._detail(plan.pk), status=status.HTTP_201_CREATED)

    def _detail(self, pk) -> dict:
        plan = self.get_queryset().get(pk=pk)
        return serializers.MediaPlanDetailSerializer(
            plan, context=self.get_serializer_context()
        ).data

    def _step(self, request, allowed, service, input_class=None):
        """One review step: a rule (403 when it refuses), the input (400), the service (400
        when the plan's state refuses it; nothing is changed then)."""
        plan = self.get_object()
        if not allowed(request.user, plan):
            raise PermissionDenied(STEP_REFUSED)
        data = {}
        if input_class is not None:
            body = input_class(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
        service(plan=plan, by=request.user, **data)
        return Response(self._detail(plan.pk))

    @extend_schema(
        description=_(
            "Send the working revision to the authorized body, frozen as a snapshot (000 "
            "§2.2); refused with what is still missing."
        ),
        request=None,
        responses=serializers.MediaPlanDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, rules.can_submit_plan, services.plan_submit)

    @extend_schema(
        description=_("Return a submitted plan to the press office with a comment (000 §2.2)."),
        request=serializers.ReturnSerializer,
        responses=serializers.MediaPlanDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._step(
            request, rules.can_review_plan, services.plan_return, serializers.ReturnSerializer
        )

    @extend_schema(
        description=_(
            "Approve a submitted plan; a local executive body's plan is reviewed positively "
            "and goes to the region's approver (000 §2.4)."
        ),
        request=serializers.DecisionSerializer,
        responses=serializers.MediaPlanDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(
            request, rules.can_review_plan, services.plan_approve, serializers.DecisionSerializer
        )

    @extend_schema(
        description=_("The region's approval of a plan reviewed positively (000 §2.4)."),
        request=serializers.DecisionSerializer,
        responses=serializers.MediaPlanDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="approve-regionally")
    def approve_regionally(self, request, pk=None):
        return self._step(
            request,
            rules.can_approve_regionally,
            services.plan_approve_regionally,
            serializers.DecisionSerializer,
        )

    @extend_schema(
        description=_(
            "Open the next revision of an approved plan (the quarterly update, 004 §5); the "
            "approved one stays in force until the next is approved."
        ),
        request=None,
        responses=serializers.MediaPlanDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="open-revision")
    def open_revision(self, request, pk=None):
        return self._step(request, rules.can_open_revision, services.plan_revision_open)


class _OfPlan:
    """A viewset under /media-plans/<plan_pk>/: the plan is one the user may read, or 404."""

    permission_classes = [WorksWithPlans]

    @cached_property
    def plan(self) -> MediaPlan:
        return get_object_or_404(
            rules.scope_plans(MediaPlan.objects.select_related("agency"), self.request.user),
            pk=self.kwargs["plan_pk"],
        )

    def _fake(self) -> bool:
        return getattr(self, "swagger_fake_view", False)  # drf-spectacular reading the types


# --- Items (004 §7) -------------------------------------------------------------------------


@extend_schema(
    parameters=[PLAN_PK],
    description=_(
        "The plan's items in order. The press office changes them in a draft or a returned "
        "plan, the authorized body amends a plan under review (000 §2.2); a change or a "
        "deletion carries the item's `version` as read."
    ),
)
@extend_schema_view(
    create=extend_schema(responses={201: serializers.PlanItemSerializer, 409: STALE_ANSWER}),
    partial_update=extend_schema(
        request=serializers.PlanItemChangeSerializer,
        responses={200: serializers.PlanItemSerializer, 409: STALE_ANSWER},
    ),
    destroy=extend_schema(
        parameters=[serializers.ItemDeleteQuerySerializer],
        responses={204: None, 409: STALE_ANSWER},
    ),
)
class PlanItemViewSet(
    _OfPlan,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self._fake():
            return PlanItem.objects.none()
        return PlanItem.objects.filter(plan=self.plan).order_by("position", "pk")

    def filter_queryset(self, queryset):
        if self.action == "destroy":  # its query is the version read, checked by `destroy`
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "partial_update":
            return serializers.PlanItemChangeSerializer
        return serializers.PlanItemSerializer

    def _amendment(self) -> bool:
        """False for the press office's own edit, True for the authorized body's amendment
        of a plan under review; refused (403) otherwise."""
        user = self.request.user
        if rules.can_edit_plan(user, self.plan):
            return False
        if rules.can_amend_plan(user, self.plan):
            return True
        raise PermissionDenied(ITEMS_LOCKED)

    def perform_create(self, serializer):
        amendment = self._amendment()
        data = dict(serializer.validated_data)
        serializer.instance = _calling(
            services.item_add,
            plan=self.plan,
            by=self.request.user,
            plan_version=data.pop("plan_version", None),
            amendment=amendment,
            comment=data.pop("comment", ""),
            data=data,
        )

    def perform_update(self, serializer):
        amendment = self._amendment()
        data = dict(serializer.validated_data)
        serializer.instance = _calling(
            services.item_update,
            item=serializer.instance,
            by=self.request.user,
            version=data.pop("version"),
            amendment=amendment,
            comment=data.pop("comment", ""),
            data=data,
        )

    def destroy(self, request, *args, **kwargs):
        item = self.get_object()
        amendment = self._amendment()
        query = validated_query(request, serializers.ItemDeleteQuerySerializer)
        _calling(
            services.item_delete,
            item=item,
            by=request.user,
            version=query["version"],
            amendment=amendment,
            comment=query.get("comment", ""),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Revisions (issue 9 item 4) -------------------------------------------------------------


@extend_schema(
    parameters=[PLAN_PK],
    description=_(
        "Every submission of the plan, oldest first, as frozen: the list without the "
        "snapshots, one revision with its snapshot of the items."
    ),
)
class PlanRevisionViewSet(_OfPlan, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self._fake():
            return PlanRevision.objects.none()
        revisions = self.plan.revisions.select_related("submitted_by", "decided_by").order_by(
            "number", "attempt"
        )
        return revisions.defer("snapshot") if self.action == "list" else revisions

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.PlanRevisionSerializer
        return serializers.PlanRevisionDetailSerializer


# --- Monthly reports (004 §8) ---------------------------------------------------------------


@extend_schema(
    parameters=[PLAN_PK],
    description=_(
        "The plan's monthly reports (004 §8): each item's status, what was done, links to "
        "publications and the grid's events that carried it out. The agency writes them on "
        "an approved plan and sends each by the 25th."
    ),
)
@extend_schema_view(
    update=extend_schema(
        request=serializers.MonthlyReportWriteSerializer,
        responses=serializers.MonthlyReportSerializer,
        description=_("Write the month's entries; a sent report may still be corrected."),
    ),
)
class MonthlyReportViewSet(_OfPlan, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.MonthlyReportSerializer
    http_method_names = ["get", "post", "put", "head", "options"]
    lookup_field = "month"
    lookup_value_regex = "[0-9]{1,2}"

    def get_queryset(self):
        if self._fake():
            return MonthlyReport.objects.none()
        entries = ReportEntry.objects.order_by("item__position", "pk").prefetch_related("events")
        return (
            self.plan.reports.select_related("submitted_by")
            .prefetch_related(Prefetch("entries", queryset=entries))
            .order_by("month")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        return context if self._fake() else {**context, "plan": self.plan}

    def _reporting(self) -> MediaPlan:
        if not rules.can_report(self.request.user, self.plan):
            raise PermissionDenied(REPORT_REFUSED)
        return self.plan

    def update(self, request, *args, **kwargs):
        plan = self._reporting()
        body = serializers.MonthlyReportWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        body.is_valid(raise_exception=True)
        report = services.report_save(
            plan=plan,
            month=int(self.kwargs["month"]),
            by=request.user,
            entries=body.validated_data["entries"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(
        description=_("Send the month's report to the authorized body; meets its 25th."),
        request=None,
        responses=serializers.MonthlyReportSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        self._reporting()
        report = self.get_object()
        services.report_submit(report=report, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)
