"""/api/v1/requests/ and /api/v1/reference-requests/ (issue 10 item 11): staff read their
agencies' requests and take every step of the pages through one POST action each, which
calls the same service; who may is asked of `requests_desk.rules` (403), another agency's
request is not there (404), and a service's refusal is a 400 with its translated message
(`portal.api.exceptions`). The requester reads the public status by the secret token."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.filters import validated_query
from portal.directory.models import Agency, User
from portal.directory.rules import member_agency_ids, sees_every_agency

from .. import queries, rules, services
from ..models import ReferenceAnswer, RequestEvent
from . import serializers
from .filters import ReferenceFilter, RequestFilter
from .permissions import WorksWithReferences, WorksWithRequests

STEP_REFUSED = _("This step is not possible for you on this request in its present state.")
TEMPLATE_REFUSED = _(
    "Choose a template of the request's agency, or a global one, with a text in the "
    "request's language."
)


def _person(pk: int | None):
    """The user a request is assigned to; an id of nobody is refused as a non-member is."""
    if pk is None:
        return None
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise exceptions.ValidationError({"person": [_("Choose a member of the agency.")]})
    return person


def _step_schema(description, request=None):
    return extend_schema(
        description=description,
        request=request,
        responses=serializers.InformationRequestSerializer,
    )


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

    def _detail(self, pk) -> dict:
        return serializers.InformationRequestSerializer(self.get_queryset().get(pk=pk)).data

    def _step(self, request, allowed, act, input_class=None):
        """One transition as on the request's page: the rule (403), the body (400), the
        service (400 when the request's state or the law refuses; nothing changed)."""
        case = self.get_object()
        if not allowed(request.user, case):
            raise exceptions.PermissionDenied(STEP_REFUSED)
        data = {}
        if input_class is not None:
            body = input_class(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
        act(case, data)
        return Response(self._detail(case.pk))

    @_step_schema(
        _("Send the request to a unit or a member of the agency (002 §37, §44)."),
        serializers.AssignSerializer,
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._step(
            request,
            rules.can_work_on,
            lambda case, data: services.request_assign(
                case=case, by=request.user, unit=data["unit"], person=_person(data["person"])
            ),
            serializers.AssignSerializer,
        )

    @_step_schema(
        _(
            "Extend the period once, by the head, while it runs; the requester is told at "
            "once by e-mail, which is the notice the law asks for (002 §39)."
        ),
        serializers.ExtendSerializer,
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        def allowed(user, case):
            return rules.can_extend(user, case, clock=queries.request_clock(case))

        return self._step(
            request,
            allowed,
            lambda case, data: services.request_extend(case=case, by=request.user, **data),
            serializers.ExtendSerializer,
        )

    @_step_schema(
        _(
            "Redirect the request, whole or a part of it, to the competent agency, which gets "
            "a linked request with its own clock (002 §48). Answers this request."
        ),
        serializers.RedirectSerializer,
    )
    @action(detail=True, methods=["post"])
    def redirect(self, request, pk=None):
        return self._step(
            request,
            rules.can_work_on,
            lambda case, data: services.request_redirect(case=case, by=request.user, **data),
            serializers.RedirectSerializer,
        )

    @_step_schema(
        _(
            "Write or rewrite the answer, from a text or an answer template; a rewritten "
            "answer needs a new approval (002 §39, §45)."
        ),
        serializers.AnswerDraftSerializer,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        def draft(case, data):
            text = data.get("text")
            if "template" in data:
                template = queries.templates_for(case).filter(pk=data["template"]).first()
                if template is None:
                    raise exceptions.ValidationError({"template": [TEMPLATE_REFUSED]})
                text = template.body_in(case.language)
            services.answer_draft(
                case=case,
                by=request.user,
                text=text,
                language=data.get("language", case.language),
            )

        return self._step(request, rules.can_work_on, draft, serializers.AnswerDraftSerializer)

    @_step_schema(
        _(
            "Approve the drafted answer: the head's step (002 §39, §46); a media request's "
            "answer the press secretary signs off too."
        )
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(
            request,
            rules.can_approve,
            lambda case, data: services.answer_approve(case=case, by=request.user),
        )

    @_step_schema(
        _(
            "Send the approved answer to the requester (a blog answer: published); refused "
            "unless it is in the request's language (002 §40)."
        ),
        serializers.SendSerializer,
    )
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._step(
            request,
            rules.can_send,
            lambda case, data: services.answer_send(case=case, by=request.user, **data),
            serializers.SendSerializer,
        )

    @_step_schema(
        _("Refuse the request, by the head, with the reason the requester reads (002 §40)."),
        serializers.RefuseSerializer,
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(
            request,
            rules.can_refuse,
            lambda case, data: services.request_refuse(case=case, by=request.user, **data),
            serializers.RefuseSerializer,
        )

    @_step_schema(
        _("An internal comment on the request, never shown to the requester."),
        serializers.CommentSerializer,
    )
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        return self._step(
            request,
            rules.can_comment,
            lambda case, data: services.request_comment(case=case, by=request.user, **data),
            serializers.CommentSerializer,
        )

    @extend_schema(
        description=_(
            "The month's requests per agency and across them: received, "
            "answered on time, extended, redirected, overdue; the same figures as the "
            "statistics page. An agency's members see their agencies, the authorized body "
            "every agency."
        ),
        parameters=[serializers.StatisticsQuerySerializer],
        responses=serializers.StatisticsSerializer,
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def statistics(self, request):
        query = validated_query(request, serializers.StatisticsQuerySerializer)
        month = query.get("month") or timezone.localdate().replace(day=1)
        agency_ids = None if sees_every_agency(request.user) else member_agency_ids(request.user)
        if "agency" in query:
            agency = Agency.objects.filter(slug=query["agency"]).first()
            if agency is None:
                raise exceptions.ValidationError({"agency": [_("No agency has this slug.")]})
            if agency_ids is not None and agency.pk not in agency_ids:
                raise exceptions.PermissionDenied(
                    _("You see the statistics of your own agencies only.")
                )
            agency_ids = {agency.pk}
        rows, totals = queries.request_statistics(month, agency_ids=agency_ids)
        answer = {"month": f"{month:%Y-%m}", "agencies": rows, "total": totals}
        return Response(serializers.StatisticsSerializer(answer).data)


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
