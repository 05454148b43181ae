from django.db.models import QuerySet

from .. import rules as portal_rules
from .models import Deadline


def deadlines_for_user(user) -> QuerySet[Deadline]:
    deadlines = Deadline.objects.select_related("rule", "agency")
    if portal_rules.sees_every_agency(user):
        return deadlines
    return deadlines.filter(agency_id__in=portal_rules.member_agency_ids(user))
