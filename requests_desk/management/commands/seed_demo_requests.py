"""The demo's requests (`requests_desk/demo_data.py`): every state and channel, some
overdue, one redirected, one extended, and reference materials from the ministry with
answers (one late). Runs after `seed_demo`; everything goes through the services, and a
demo row already there (by its e-mail address, or a reference's topic) is left as it is,
so a re-run adds nothing."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.directory.models import Agency, User

from ... import demo_data, services
from ...models import InformationRequest, ReferenceRequest


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
        self.stdout.write(f"Demo requests: {made} made, {asked} reference requests.")

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
