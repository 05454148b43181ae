"""Who may do what with publication requests (002 §8–14): the directory's rules applied.

The agency's members and the authorized body read them; any member of the agency hands
material over (for its initiating unit, 002 §10); the press secretary (or the head) edits
it, sends it for translation, records the translation and the posting (002 §12–14)."""

from portal.directory.choices import Role
from portal.directory.rules import (
    can_change_agency,
    has_role_in,
    member_agency_ids,
    sees_every_agency,
)

from .choices import PublicationStage
from .models import PublicationRequest


def works_with_publications(user) -> bool:
    return bool(member_agency_ids(user)) or sees_every_agency(user)


def can_view_publication(user, publication: PublicationRequest) -> bool:
    return can_change_agency(user, publication.agency)


def can_hand_over(user, agency) -> bool:
    return user.is_superuser or agency.pk in member_agency_ids(user)


def _press_office(user, agency) -> bool:
    return (
        user.is_superuser
        or has_role_in(user, Role.PRESS_SECRETARY, agency)
        or has_role_in(user, Role.AGENCY_HEAD, agency)
    )


# The stage each step starts from.
STEP_FROM = {
    "edit": (PublicationStage.HANDED_OVER, PublicationStage.EDITED),
    "translation": (PublicationStage.EDITED,),
    "translated": (PublicationStage.IN_TRANSLATION,),
    "post": (PublicationStage.TRANSLATED,),
}


def can_take_step(user, publication: PublicationRequest, step: str) -> bool:
    """The press office's next step, only from the stage it follows."""
    return publication.stage in STEP_FROM[step] and _press_office(user, publication.agency)


def is_press_office(user, publication: PublicationRequest) -> bool:
    return _press_office(user, publication.agency)
