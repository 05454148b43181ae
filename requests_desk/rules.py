"""Who may see and work on requests: the directory's rules applied to them.

A request is its agency's and the authorized body's business: the agency's members and the
authorized body read it; the press secretary and the head work on it (assign, draft,
redirect, send, 002 §37, §44, §48); only the head extends it, refuses it and approves an
answer (002 §39, §46–47), except a media request's, which the press secretary signs off
too (issue 10 item 6). The requester reads only the public part, by the secret link."""

from django.db.models import QuerySet

from portal.directory.choices import Role
from portal.directory.rules import (
    can_change_agency,
    has_role_in,
    member_agency_ids,
    scope_for_user,
    sees_every_agency,
)

from .choices import Channel, RequestState
from .models import AnswerTemplate, InformationRequest, ReferenceAnswer


def scope_requests(queryset: QuerySet, user) -> QuerySet:
    return scope_for_user(queryset, user)


def works_with_requests(user) -> bool:
    """The inbox is for agencies' members and the authorized body."""
    return bool(member_agency_ids(user)) or sees_every_agency(user)


def can_view_request(user, case: InformationRequest) -> bool:
    return can_change_agency(user, case.agency)


def _heads(user, agency) -> bool:
    return user.is_superuser or has_role_in(user, Role.AGENCY_HEAD, agency)


def _acts_for(user, agency) -> bool:
    return _heads(user, agency) or has_role_in(user, Role.PRESS_SECRETARY, agency)


def can_work_on(user, case: InformationRequest) -> bool:
    """Assign, comment on the work, draft the answer, redirect: an open request."""
    return case.is_open and _acts_for(user, case.agency)


def can_comment(user, case: InformationRequest) -> bool:
    return can_view_request(user, case)


def can_extend(user, case: InformationRequest, *, clock) -> bool:
    """Once, by the head, while the original period runs (002 §39)."""
    return clock.can_still_extend and case.is_open and _heads(user, case.agency)


def can_approve(user, case: InformationRequest) -> bool:
    if case.state != RequestState.DRAFTED:
        return False
    if case.channel == Channel.MEDIA:
        return _acts_for(user, case.agency)
    return _heads(user, case.agency)


def can_send(user, case: InformationRequest) -> bool:
    return case.state == RequestState.APPROVED and _acts_for(user, case.agency)


def can_refuse(user, case: InformationRequest) -> bool:
    return case.is_open and _heads(user, case.agency)


# --- Reference materials (004 §12–13) ------------------------------------------------------
# The authorized body asks and reads every answer side by side; an addressed agency's
# members read the request and only their own agency's answer, which its press secretary or
# head gives, once.


def can_ask_reference(user) -> bool:
    return sees_every_agency(user)


def sees_every_reference_answer(user) -> bool:
    return sees_every_agency(user)


def can_view_reference_answer(user, answer: ReferenceAnswer) -> bool:
    return sees_every_agency(user) or answer.agency_id in member_agency_ids(user)


def can_answer_reference(user, answer: ReferenceAnswer) -> bool:
    return answer.answered_at is None and (
        has_role_in(user, Role.PRESS_SECRETARY, answer.agency)
        or has_role_in(user, Role.AGENCY_HEAD, answer.agency)
    )


# --- Answer templates (issue 10 item 6) ----------------------------------------------------


def can_change_template(user, template: AnswerTemplate) -> bool:
    """An agency's templates are its press secretary's and head's; the global ones (no
    agency) the authorized body's."""
    if sees_every_agency(user):
        return True
    return template.agency_id is not None and _acts_for(user, template.agency)
