"""Deadlines are never public: an agency's members see its own, the authorized body all."""

from ..directory import rules as directory_rules
from .choices import Responsible


def can_view_deadlines(user) -> bool:
    """Whether the user has any deadlines at all: the authorized body and agency members,
    not journalists."""
    return directory_rules.sees_every_agency(user) or bool(directory_rules.member_agency_ids(user))


def can_complete_deadline(user, deadline) -> bool:
    """The agency marks its own work done; work of the authorized body (confirming an
    appointment) only the authorized body does."""
    if not deadline.is_pending:
        return False
    if deadline.rule.responsible == Responsible.AUTHORIZED_BODY:
        return directory_rules.sees_every_agency(user)
    return directory_rules.can_change_agency(user, deadline.agency)


def can_waive_deadline(user, deadline) -> bool:
    """Only the authorized body excuses a deadline."""
    return deadline.is_pending and directory_rules.sees_every_agency(user)


def can_reopen_deadline(user, deadline) -> bool:
    """Only the authorized body reopens a deadline done (or waived) by mistake."""
    return not deadline.is_pending and directory_rules.sees_every_agency(user)
