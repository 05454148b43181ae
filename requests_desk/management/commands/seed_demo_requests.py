"""The demo's requests (`requests_desk/demo_data.py`): every state and channel, some
overdue, one redirected, one extended, and reference materials from the ministry with
answers (one late); and the publication requests (`publications/demo_data.py`) at every
stage, one handed over late. Runs after `seed_demo`; everything goes through the services,
and a demo row already there (by its e-mail address, a reference's topic or a
publication's title) is left as it is, so a re-run adds nothing."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.directory.models import Agency, User

from ... import demo_data, services
from ...models import InformationRequest, ReferenceRequest
from ...publications import demo_data as publication_demo
from ...publications import services as publication_services
from ...publications.models import PublicationRequest

# The steps after the hand-over, in their order (002 §12–14), by the stage they reach.
PUBLICATION_STEPS = ("edited", "in_translation", "translated", "posted")


class Command(BaseCommand):
    help = "Load the demo's information, media and reference-material requests."

    def handle(self, *args, **options):
        users = User.objects.in_bulk(["ministry", "press", "head"], field_name="username")
        agencies = Agency.objects.in_bulk(field_name="slug")
        now = timezone.now()
        done = set(
            InformationRequest.objects.filter(
                requester_email__in=[row[4] for row in demo_data.REQUESTS]
            ).values_list("requester_email", flat=True)
        )
        made = 0
        for agency_slug, channel, language, name, email, text, days, step in demo_data.REQUESTS:
            if email in done or agency_slug not in agencies:
                continue
            with transaction.atomic():
                case, _token = services.request_receive(
                    agency=agencies[agency_slug],
                    channel=channel,
                    requester_name=name,
                    requester_email=email,
                    text=text,
                    language=language,
                    at=now - dt.timedelta(days=days),
                )
                self._step(case, step, users, agencies)
            made += 1
        asked = self._references(users.get("ministry"), agencies, now)
        handed = self._publications(users.get("press"), agencies, now)
        self.stdout.write(
            f"Demo requests: {made} made, {asked} reference requests, "
            f"{handed} publication requests."
        )

    def _step(self, case, step, users, agencies):
        """Take `case` to `step`; the demo press secretary and head act for their agency
        (health), the portal itself (no one) for the others."""
        ours = case.agency.slug == "health"
        press, head = (users.get("press"), users.get("head")) if ours else (None, None)
        if step in ("registered", "overdue"):
            return
        if step == "redirected":
            services.request_redirect(case=case, by=press, agency=agencies[demo_data.REDIRECT_TO])
            return
        if step == "extended":
            services.request_extend(case=case, by=head, days=10, reason=demo_data.EXTENSION_REASON)
            return
        if step == "refused":
            services.request_refuse(case=case, by=head, reason=demo_data.REFUSAL)
            return
        services.request_assign(case=case, by=press, unit="Баспасөз қызметі", person=press)
        if step == "assigned":
            return
        services.answer_draft(
            case=case, by=press, text=demo_data.ANSWER[case.language], language=case.language
        )
        if step == "drafted":
            return
        services.answer_approve(case=case, by=head if case.channel != "media" else press)
        if step == "answered":
            services.answer_send(case=case, by=press)

    def _references(self, ministry, agencies, now) -> int:
        existing = set(ReferenceRequest.objects.values_list("topic", flat=True))
        asked = 0
        for topic, kinds, text, days, answers in demo_data.REFERENCES:
            addressed = [agencies[slug] for slug in answers if slug in agencies]
            if topic in existing or not addressed:
                continue
            sent = now - dt.timedelta(days=days)
            with transaction.atomic():
                reference = services.reference_request_create(
                    by=ministry, topic=topic, kinds=kinds, text=text, agencies=addressed, at=sent
                )
                for answer in reference.answers.select_related("agency"):
                    given = answers[answer.agency.slug]
                    if given is not None:
                        reply, hours = given
                        services.reference_answer(
                            answer=answer,
                            by=None,
                            text=reply,
                            at=sent + dt.timedelta(hours=hours),
                        )
            asked += 1
        return asked

    def _publications(self, press, agencies, now) -> int:
        """Hand each demo material over, then take it step by step to its stage, an hour
        apart; the demo press secretary acts for health, the portal for the others."""
        existing = set(PublicationRequest.objects.values_list("title", flat=True))
        today = timezone.localdate()
        handed = 0
        for number, row in enumerate(publication_demo.PUBLICATIONS, start=1):
            slug, language, unit, title, text, kind, days_ago, publication_in, stage = row
            agency = agencies.get(slug)
            if title in existing or agency is None:
                continue
            by = press if slug == "health" else None
            at = now - dt.timedelta(days=days_ago)
            with transaction.atomic():
                publication = publication_services.publication_hand_over(
                    agency=agency,
                    by=by,
                    unit=unit,
                    title=title,
                    text=text,
                    kind=kind,
                    publication_date=today + dt.timedelta(days=publication_in),
                    now=at,
                )
                steps = (
                    PUBLICATION_STEPS[: PUBLICATION_STEPS.index(stage) + 1]
                    if stage in PUBLICATION_STEPS
                    else ()
                )
                for hours, step in enumerate(steps, start=1):
                    self._publication_step(
                        publication,
                        step,
                        by=by,
                        at=at + dt.timedelta(hours=hours),
                        number=number,
                        language=language,
                    )
            handed += 1
        return handed

    def _publication_step(self, publication, step, *, by, at, number, language):
        if step == "edited":
            publication_services.publication_edit(
                publication=publication, by=by, text=publication_demo.EDITED[language], now=at
            )
        elif step == "in_translation":
            publication_services.publication_send_for_translation(
                publication=publication, by=by, now=at
            )
        elif step == "translated":
            publication_services.publication_mark_translated(publication=publication, by=by, now=at)
        else:
            url = publication_demo.POSTED_URL.format(agency=publication.agency.slug, number=number)
            publication_services.publication_post(publication=publication, by=by, url=url, now=at)
