from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import queries, rules, services
from ..models import ReferenceAnswer, RequestEvent
from . import serializers
from .filters import ReferenceFilter, RequestFilter
from .permissions import WorksWithReferences, WorksWithRequests


@extend_schema(
    description=_(
        "Information and media requests of the user's agencies (every agency's for the "
        "authorized body), with their due dates and timelines (002 §36–48)."
    )
)
class InformationRequestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.InformationRequestSerializer
    filterset_class = RequestFilter
    permission_classes = [WorksWithRequests]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        events = RequestEvent.objects.order_by("at", "pk")
        return queries.requests_for_user(self.request.user).prefetch_related(
            Prefetch("events", queryset=events)
        )


class RequestStatusView(APIView):
    """The requester's status by the secret token of the tracking link: the public
    timeline and the outcome. Any other token is a 404."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses=serializers.RequestStatusSerializer)
    def get(self, request, token: str):
        case = queries.request_for_token(token)
        if case is None:
            raise Http404
        response = Response(serializers.RequestStatusSerializer(case).data)
        response["Cache-Control"] = "no-store"
        return response


@extend_schema(
    description=_(
        "Reference materials asked by the authorized body (004 §12–13), with the answers the "
        "user may read: every agency's for the authorized body, their own agency's otherwise."
    )
)
class ReferenceRequestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ReferenceRequestSerializer
    filterset_class = ReferenceFilter
    permission_classes = [WorksWithReferences]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        answers = (
            queries.reference_answers_for_user(self.request.user)
            .select_related("agency")
            .prefetch_related("files")
            .order_by("pk")
        )
        return queries.references_for_user(self.request.user).prefetch_related(
            Prefetch("answers", queryset=answers, to_attr="visible_answers")
        )

    @extend_schema(
        request={"multipart/form-data": serializers.ReferenceAnswerInputSerializer},
        responses={201: serializers.ReferenceAnswerSerializer},
        description=_("The answer of one of the user's agencies, once, with its files."),
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def answer(self, request, pk=None):
        reference = self.get_object()
        data = serializers.ReferenceAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = next(
            (
                a
                for a in reference.visible_answers
                if a.agency.slug == data.validated_data["agency"]
            ),
            None,
        )
        if answer is None:
            raise exceptions.ValidationError({"agency": [_("This agency was not asked.")]})
        if not rules.can_answer_reference(request.user, answer):
            raise exceptions.PermissionDenied
        try:
            answer = services.reference_answer(
                answer=answer,
                by=request.user,
                text=data.validated_data["text"],
                files=data.validated_data["files"],
            )
        except ValidationError as error:
            raise exceptions.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from None
        answer = ReferenceAnswer.objects.prefetch_related("files").get(pk=answer.pk)
        return Response(
            serializers.ReferenceAnswerSerializer(answer).data, status=status.HTTP_201_CREATED
        )
