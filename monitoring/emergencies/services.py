"""Every write of the emergencies: pages, admin and API call these (000 §5).

Each function locks the incident, checks the step's condition, validates and saves
(`full_clean`), records the step in `IncidentChange` and tells the involved agencies'
press secretaries, each in their language, once per event (the notification's key). Who
may call it is decided by `rules`, before."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.directory.choices import Role
from portal.directory.models import Agency
from portal.directory.queries import active_members
from portal.notifications.services import notifications_each, notifications_save

from .choices import IncidentAction, IncidentState, StatementState
from .models import Incident, IncidentChange, OfficialStatement

LANGUAGES = ("kk", "ru", "en")
INCIDENT_FIELDS = ("kind", "region", "started_at")


def _record(incident, action, *, by=None, data=None) -> IncidentChange:
    return IncidentChange.objects.create(
        incident=incident, action=action, actor=by, data=data or {}, at=timezone.now()
    )


def _locked(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().select_related("coordinator").get(pk=incident.pk)


def _check_open(incident: Incident) -> None:
    if not incident.is_open:
        raise ValidationError(_("This emergency is closed."), code="closed")


def _set_translations(obj, field: str, values: dict[str, str], *, label) -> None:
    """The three languages of one field; at least one is needed (the plain field reads
    the active language with the fallback kk → ru → en)."""
    cleaned = {code: (values.get(code) or "").strip() for code in LANGUAGES}
    if not any(cleaned.values()):
        raise ValidationError(
            {f"{field}_kk": _("Give the %(field)s in at least one language.") % {"field": label}},
            code="required",
        )
    for code, text in cleaned.items():
        setattr(obj, f"{field}_{code}", text)


def _tell(incident: Incident, *, agencies, event_key: str, template: str, **context) -> None:
    """The press secretaries of `agencies` learn of the step, with a link to the incident."""
    people = {}
    for agency in agencies:
        for person in active_members(Role.PRESS_SECRETARY, agency_id=agency.pk):
            people[person.pk] = person
    notifications_save(
        notifications_each(
            recipients=people.values(),
            event_key=event_key,
            template=template,
            context={"incident": incident, **context},
            path=lambda: reverse("emergencies:incident_detail", kwargs={"pk": incident.pk}),
        )
    )


@transaction.atomic
def incident_open(
    *,
    by,
    coordinator: Agency,
    title: dict[str, str],
    kind: str,
    started_at: dt.datetime,
    region: str = "",
    agencies=(),
) -> Incident:
    """Open an emergency coordinated by the authorized body (000 §5.1) and tell the
    agencies involved."""
    incident = Incident(coordinator=coordinator, kind=kind, region=region, started_at=started_at)
    _set_translations(incident, "title", title, label=_("title"))
    incident.full_clean()
    incident.save()
    involved = [agency for agency in agencies if agency.pk != coordinator.pk]
    incident.agencies.set(involved)
    _record(incident, IncidentAction.OPENED, by=by, data={"agencies": [a.pk for a in involved]})
    _tell(
        incident,
        agencies=involved,
        event_key=f"emergency-opened:{incident.pk}",
        template="emergency_opened",
    )
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, by, title: dict[str, str], **fields) -> Incident:
    """Correct an open incident's title, kind, region or start."""
    incident = _locked(incident)
    _check_open(incident)
    unknown = set(fields) - set(INCIDENT_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here."), code="fields")
    before = {name: str(getattr(incident, name)) for name in ("title", *fields)}
    _set_translations(incident, "title", title, label=_("title"))
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.full_clean()
    incident.save()
    changed = sorted(name for name in before if str(getattr(incident, name)) != before[name])
    _record(incident, IncidentAction.UPDATED, by=by, data={"fields": changed})
    return incident


@transaction.atomic
def incident_add_agency(*, incident: Incident, agency: Agency, by) -> Incident:
    """Involve one more agency; its press secretaries learn of the incident as the first
    ones did (the same event: once per person)."""
    incident = _locked(incident)
    _check_open(incident)
    if agency.pk == incident.coordinator_id or incident.agencies.filter(pk=agency.pk).exists():
        raise ValidationError(_("This agency is involved already."), code="involved")
    incident.agencies.add(agency)
    _record(incident, IncidentAction.AGENCY_ADDED, by=by, data={"agency": agency.pk})
    _tell(
        incident,
        agencies=[agency],
        event_key=f"emergency-opened:{incident.pk}",
        template="emergency_opened",
    )
    return incident


def _check_speaks(incident: Incident, agency: Agency) -> None:
    if agency.pk != incident.coordinator_id and not incident.agencies.filter(pk=agency.pk).exists():
        raise ValidationError(
            _("Only the coordinating body and the agencies involved make statements."),
            code="not_involved",
        )


@transaction.atomic
def statement_draft(
    *,
    incident: Incident,
    agency: Agency,
    by,
    text: dict[str, str],
    statement: OfficialStatement | None = None,
) -> OfficialStatement:
    """A new draft of `agency`'s statement, or `statement` (a draft) changed."""
    incident = _locked(incident)
    _check_open(incident)
    _check_speaks(incident, agency)
    if statement is None:
        statement = OfficialStatement(incident=incident, agency=agency, by=by)
    else:
        statement = OfficialStatement.objects.select_for_update().get(pk=statement.pk)
        if statement.is_published:
            raise ValidationError(_("A published statement is not changed."), code="published")
        if statement.incident_id != incident.pk or statement.agency_id != agency.pk:
            raise ValidationError(_("This statement is another one's."), code="other")
    _set_translations(statement, "text", text, label=_("text"))
    statement.full_clean()
    statement.save()
    _record(
        incident,
        IncidentAction.STATEMENT_DRAFTED,
        by=by,
        data={"statement": statement.pk, "agency": agency.pk},
    )
    return statement


@transaction.atomic
def statement_publish(*, statement: OfficialStatement, by) -> OfficialStatement:
    """Publish a draft on the public page. Official content is published in Kazakh, Russian
    and English (000 §6.4), promptly (000 §6.5); the involved agencies are told."""
    incident = _locked(statement.incident)
    _check_open(incident)
    statement = (
        OfficialStatement.objects.select_for_update().select_related("agency").get(pk=statement.pk)
    )
    if statement.is_published:
        raise ValidationError(_("This statement is published already."), code="published")
    missing = [code for code in LANGUAGES if not getattr(statement, f"text_{code}").strip()]
    if missing:
        raise ValidationError(
            _("Give the text in Kazakh, Russian and English before publishing (000 §6.4)."),
            code="languages",
        )
    statement.state = StatementState.PUBLISHED
    statement.published_at = timezone.now()
    statement.full_clean()
    statement.save()
    _record(
        incident,
        IncidentAction.STATEMENT_PUBLISHED,
        by=by,
        data={"statement": statement.pk, "agency": statement.agency_id},
    )
    _tell(
        incident,
        agencies=list(incident.agencies.all()),
        event_key=f"emergency-statement:{statement.pk}",
        template="emergency_statement",
        statement=statement,
    )
    return statement


@transaction.atomic
def incident_close(*, incident: Incident, by, reason: str) -> Incident:
    """Close the incident with the reason; the shortened response periods end with it.
    Drafts left stay drafts, never public."""
    incident = _locked(incident)
    _check_open(incident)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for closing.")}, code="reason")
    incident.state = IncidentState.CLOSED
    incident.closed_at = timezone.now()
    incident.close_reason = reason
    incident.full_clean()
    incident.save()
    _record(incident, IncidentAction.CLOSED, by=by, data={"reason": reason})
    return incident
