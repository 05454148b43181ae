from types import SimpleNamespace

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from portal.api.filters import validated_query
from portal.documents.views import PublishedCacheMixin, kept_response

from .. import answers, queries, services
from ..exports import PUBLICATION
from ..weeks import WEEK_REGEX, parse_week, week_label
from . import serializers
from .filters import EventFilter
from .permissions import CanChangeEvent


class FormatIsAFilter(DefaultContentNegotiation):
    """`?format=briefing` filters the events by format: DRF's `?format=` renderer switch is
    off here (the answer is JSON, or the browsable API by the Accept header)."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


@extend_schema(
    description=_(
        "Agencies' events: published, postponed, rescheduled and cancelled ones for everyone "
        "(with the reason journalists read); an agency's drafts and planned events for its "
        "members and the authorized body. New events are drafts."
    )
)
class EventViewSet(
    PublishedCacheMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    publication = PUBLICATION  # answers to public readers cached by its version (ETag, 304)
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanChangeEvent]
    content_negotiation_class = FormatIsAFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = "[0-9]+"  # ASCII digits only, as the directory's ids

    def get_queryset(self):
        return queries.events_for_user(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.event_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.event_update(
            event=serializer.instance, by=self.request.user, **serializer.validated_data
        )


# The Accept headers that DRF answers with plain JSON, its first renderer.
PLAIN_JSON = {"", "*/*", "application/json"}


class _MediaGridRead(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The list and one week; under `PublishedCacheMixin`, which wraps both."""

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = [
            {
                "week": week_label(grid.week_start),
                "week_start": grid.week_start,
                "week_end": grid.week_end,
                "latest_number": grid.latest_number,
                "latest_published_at": grid.latest_published_at,
                "url": request.build_absolute_uri(
                    reverse("api:media-grid-detail", kwargs={"week": week_label(grid.week_start)})
                ),
            }
            for grid in page
        ]
        return self.get_paginated_response(
            serializers.MediaGridListSerializer(rows, many=True).data
        )

    def retrieve(self, request, *args, **kwargs):
        query = validated_query(request, serializers.MediaGridQuerySerializer)
        grid = self.get_object()
        versions = list(grid.versions.defer("snapshot", "changelog").order_by("-number"))
        version = queries.media_grid_version(grid, query.get("version"))
        if version is None:
            raise Http404
        data = serializers.media_grid_data(
            week_start=grid.week_start, version=version, versions=versions, language=get_language()
        )
        return Response(data)

    def get_object(self):
        try:
            monday = parse_week(self.kwargs["week"])
        except ValueError as error:
            raise Http404 from error
        return get_object_or_404(self.get_queryset(), week_start=monday)


@extend_schema(
    description=_(
        "The authorized body's weekly media-grid (004 §11): the published weeks, the latest "
        "first, and each week's latest version (or an earlier one) on the appendix form's "
        "days, rows (agencies) and cells (events), with the main news of each day and what "
        "changed since the previous version. Texts in the request's language."
    )
)
@extend_schema_view(
    list=extend_schema(responses=serializers.MediaGridListSerializer(many=True)),
    retrieve=extend_schema(
        parameters=[
            serializers.MediaGridQuerySerializer,
            OpenApiParameter("week", str, OpenApiParameter.PATH, pattern=f"^{WEEK_REGEX}$"),
        ],
        responses=serializers.MediaGridDetailSerializer,
    ),
)
class MediaGridViewSet(PublishedCacheMixin, _MediaGridRead):
    publication = PUBLICATION  # answers to public readers cached by its version

    permission_classes = [permissions.AllowAny]
    lookup_field = "week"
    lookup_value_regex = WEEK_REGEX

    def get_queryset(self):
        return queries.published_media_grids()

    def dispatch(self, request, *args, **kwargs):
        """The latest version as JSON asked with no parameter and no token (what journalists'
        programs ask) is answered as kept before DRF wraps the request: it is the same for
        every reader, so authentication and negotiation have nothing to decide (a token is
        checked: it may be refused). The headers are DRF's all the same."""
        if (
            self.action_map.get(request.method.lower()) == "retrieve"
            and not request.GET
            and "HTTP_AUTHORIZATION" not in request.META
            and request.META.get("HTTP_ACCEPT", "") in PLAIN_JSON
        ):
            response = self._kept(request, number=None)
            if response is not None:
                self.headers = self.default_response_headers
                return self.finalize_response(request, response, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        """JSON as kept (`answers.media_grid_answer`); the browsable API and indented JSON
        rendered from the version."""
        if request.accepted_renderer.format != "json" or "indent" in request.accepted_media_type:
            return super().retrieve(request, *args, **kwargs)
        query = validated_query(request, serializers.MediaGridQuerySerializer)
        response = self._kept(request, number=query.get("version"))
        if response is None:
            raise Http404
        return response

    def _kept(self, request, *, number: int | None):
        """The kept answer of the week's version `number` (None: the latest), 304 when the
        client holds it; None when there is no such week or version."""
        try:
            monday = parse_week(self.kwargs["week"])
        except ValueError:
            return None
        answer = answers.media_grid_answer(
            week_start=monday, number=number, language=get_language()
        )
        if answer is None:
            return None
        return kept_response(
            request,
            answer.content,
            etag=answer.etag,
            content_type="application/json",
            vary=("Accept-Language", "Cookie", "Authorization"),
        )
