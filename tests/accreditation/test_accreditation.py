"""Accreditation of journalists (003 §8.3): applying, the decisions, the history, the
notices in the journalist's language, the pages and who may use them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal.directory.choices import Role
from portal.notifications.models import Notification
from requests_desk.accreditation import services
from requests_desk.accreditation.models import Accreditation, AccreditationDocument
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .conftest import PNG, accredited, apply, photo

pytestmark = pytest.mark.django_db


def journalist_user(language="kk"):
    user = UserFactory(preferred_language=language)
    MembershipFactory(user=user, role=Role.JOURNALIST, agency=None)
    return user


class TestApplying:
    def test_a_permanent_application_is_stored_with_its_photo_and_documents(
        self, journalist, agency
    ):
        letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%%EOF\n")
        accreditation = apply(journalist, agency, documents=[letter], phone="87012345678")
        assert accreditation.state == "applied"
        assert accreditation.valid_until is None
        assert accreditation.phone == "+7 701 234 5678"
        assert accreditation.photo.name.endswith(f"-{len(PNG)}.png")
        assert "photo" not in accreditation.photo.name
        assert accreditation.documents.get().title == "letter.pdf"
        assert list(accreditation.changes.values_list("action", flat=True)) == ["applied"]

    def test_a_temporary_one_needs_its_period(self, journalist, agency):
        with pytest.raises(ValidationError) as error:
            apply(journalist, agency, kind="temporary")
        assert "valid_until" in error.value.message_dict
        assert not Accreditation.objects.exists()

    def test_a_temporary_one_for_an_event_runs_over_its_days(self, journalist, agency):
        from tests.eventgrid.factories import EventFactory

        event = EventFactory(agency=agency)
        accreditation = apply(journalist, agency, kind="temporary", event=event)
        day = timezone.localtime(event.starts_at).date()
        assert (accreditation.valid_from, accreditation.valid_until) == (day, day)

    def test_an_event_of_another_agency_is_refused(self, journalist, agency, other_agency):
        from tests.eventgrid.factories import EventFactory

        with pytest.raises(ValidationError) as error:
            apply(journalist, agency, kind="temporary", event=EventFactory(agency=other_agency))
        assert "event" in error.value.message_dict

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (photo("photo.jpg", b"MZ\x90\x00 an executable"), "content"),
            (photo("photo.pdf", b"%PDF-1.4\n%%EOF\n"), "JPG or PNG"),
            (photo("photo.png", PNG + b"\x00" * (5 * 1024 * 1024)), "5 MB"),
        ],
    )
    def test_a_photo_is_checked_by_its_content_and_size(
        self, journalist, agency, upload, message, settings
    ):
        with translation.override("en"), pytest.raises(ValidationError) as error:
            apply(journalist, agency, photo=upload)
        assert message in " ".join(error.value.message_dict["photo"])
        assert not Accreditation.objects.exists()

    def test_a_bad_document_stores_nothing(self, journalist, agency, settings, tmp_path):
        fake = SimpleUploadedFile("letter.pdf", b"<html>not a pdf</html>")
        with pytest.raises(ValidationError):
            apply(journalist, agency, documents=[fake])
        assert not Accreditation.objects.exists()
        assert not AccreditationDocument.objects.exists()

    def test_a_bad_phone_is_refused(self, journalist, agency):
        with pytest.raises(ValidationError):
            apply(journalist, agency, phone="12")

    def test_one_current_application_per_agency(self, journalist, agency, other_agency):
        apply(journalist, agency)
        with pytest.raises(ValidationError):
            apply(journalist, agency)
        apply(journalist, other_agency)  # another agency is another accreditation


class TestDecisions:
    def test_approve_tells_the_journalist_in_their_language(self, agency, press_secretary):
        journalist = journalist_user("ru")
        accreditation = accredited(journalist, agency, press_secretary)
        assert accreditation.state == "approved"
        assert accreditation.decided_by == press_secretary
        notice = Notification.objects.get(recipient=journalist)
        assert notice.key == f"accreditation:{accreditation.pk}:approved:{journalist.pk}"
        assert notice.url.startswith("/ru/accreditation/applications/")

    def test_refuse_needs_a_reason(self, journalist, agency, press_secretary):
        accreditation = apply(journalist, agency)
        with pytest.raises(ValidationError):
            services.accreditation_refuse(
                accreditation=accreditation, by=press_secretary, reason=" "
            )
        accreditation.refresh_from_db()
        assert accreditation.state == "applied"
        services.accreditation_refuse(
            accreditation=accreditation, by=press_secretary, reason="No editorial letter"
        )
        accreditation.refresh_from_db()
        assert (accreditation.state, accreditation.reason) == ("refused", "No editorial letter")
        # A refused application leaves the way open for a new one.
        apply(journalist, agency)

    def test_revoke_only_what_is_in_force_and_with_a_reason(
        self, journalist, agency, press_secretary
    ):
        applied = apply(journalist, agency)
        with pytest.raises(ValidationError):
            services.accreditation_revoke(accreditation=applied, by=press_secretary, reason="x")
        services.accreditation_approve(accreditation=applied, by=press_secretary)
        revoked = services.accreditation_revoke(
            accreditation=applied, by=press_secretary, reason="Broke the rules of the hall"
        )
        assert revoked.state == "revoked"
        assert list(revoked.changes.values_list("action", flat=True)) == [
            "applied",
            "approved",
            "revoked",
        ]

    def test_approve_twice_is_refused(self, journalist, agency, press_secretary):
        accreditation = accredited(journalist, agency, press_secretary)
        with pytest.raises(ValidationError):
            services.accreditation_approve(accreditation=accreditation, by=press_secretary)


class TestPages:
    def _post_application(self, client, agency, **extra):
        return client.post(
            reverse("accreditation:apply"),
            {
                "agency": agency.slug,
                "full_name": "Әсел Нұрланқызы",
                "outlet": "Kazinform",
                "position": "Correspondent",
                "phone": "+7 701 234 56 78",
                "email": "asel@example.kz",
                "kind": "permanent",
                "photo": photo(),
                **extra,
            },
        )

    def test_a_journalist_applies_on_the_page(self, client, journalist, agency):
        client.force_login(journalist)
        response = self._post_application(client, agency)
        accreditation = Accreditation.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("accreditation:detail", args=[accreditation.pk])
        assert client.get(reverse("accreditation:mine")).status_code == 200

    def test_a_renamed_file_is_a_clear_error_on_the_page(self, client, journalist, agency):
        client.force_login(journalist)
        with translation.override("en"):
            response = client.post(
                "/en/accreditation/apply/",
                {
                    "agency": agency.slug,
                    "full_name": "A",
                    "outlet": "B",
                    "position": "C",
                    "phone": "+7 701 234 56 78",
                    "email": "a@example.kz",
                    "kind": "permanent",
                    "photo": photo("me.jpg", b"<script>alert(1)</script>"),
                },
            )
        assert response.status_code == 400
        assert b"not a JPG file" in response.content
        assert not Accreditation.objects.exists()

    def test_only_journalists_apply(self, client, press_secretary):
        client.force_login(press_secretary)
        assert client.get(reverse("accreditation:apply")).status_code == 403

    def test_the_press_secretary_decides_on_the_page(
        self, client, journalist, agency, press_secretary
    ):
        accreditation = apply(journalist, agency)
        client.force_login(press_secretary)
        page = client.get(reverse("accreditation:detail", args=[accreditation.pk]))
        assert b"refuse-reason" in page.content
        empty = client.post(reverse("accreditation:refuse", args=[accreditation.pk]))
        assert empty.status_code == 400
        client.post(reverse("accreditation:approve", args=[accreditation.pk]))
        accreditation.refresh_from_db()
        assert accreditation.state == "approved"
        page = client.get(reverse("accreditation:detail", args=[accreditation.pk]))
        assert b"revoke-reason" in page.content and b"refuse-reason" not in page.content

    def test_another_agency_neither_sees_nor_decides(
        self, client, journalist, agency, other_agency
    ):
        accreditation = apply(journalist, agency)
        stranger = UserFactory()
        MembershipFactory(user=stranger, role=Role.PRESS_SECRETARY, agency=other_agency)
        client.force_login(stranger)
        assert (
            client.get(reverse("accreditation:detail", args=[accreditation.pk])).status_code == 404
        )
        assert (
            client.post(reverse("accreditation:approve", args=[accreditation.pk])).status_code
            == 404
        )
        assert (
            client.get(reverse("accreditation:photo", args=[accreditation.pk])).status_code == 404
        )
        queue = client.get(reverse("accreditation:queue"))
        assert accreditation.full_name.encode() not in queue.content

    def test_the_photo_is_served_to_its_journalist_only_privately(self, client, journalist, agency):
        accreditation = apply(journalist, agency)
        client.force_login(journalist)
        response = client.get(reverse("accreditation:photo", args=[accreditation.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PNG
        assert "private" in response["Cache-Control"]

    def test_the_queue_runs_a_constant_number_of_queries(self, client, agency, press_secretary):
        client.force_login(press_secretary)

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("accreditation:queue")).status_code == 200
            return len(queries)

        apply(journalist_user(), agency)
        apply(journalist_user(), agency)
        two = count()
        for _ in range(8):
            apply(journalist_user(), agency)
        assert count() == two

    def test_the_queue_refuses_a_bad_filter(self, client, press_secretary):
        client.force_login(press_secretary)
        assert client.get(reverse("accreditation:queue"), {"state": "x"}).status_code == 400

    def test_the_journalist_cannot_see_the_queue(self, client, journalist):
        client.force_login(journalist)
        assert client.get(reverse("accreditation:queue")).status_code == 403


class TestPublicList:
    def test_only_accreditations_in_force_are_listed(self, client, agency, press_secretary):
        accredited(journalist_user(), agency, press_secretary, full_name="In Force")
        apply(journalist_user(), agency, full_name="Just Applied")
        revoked = accredited(journalist_user(), agency, press_secretary, full_name="Revoked One")
        services.accreditation_revoke(accreditation=revoked, by=press_secretary, reason="x")
        response = client.get(f"/en/accreditation/{agency.slug}/")
        assert response.status_code == 200
        assert b"In Force" in response.content
        assert b"Just Applied" not in response.content
        assert b"Revoked One" not in response.content
        assert b"asel@example.kz" not in response.content  # no contacts in public

    def test_filter_by_outlet(self, client, agency, press_secretary):
        accredited(journalist_user(), agency, press_secretary, full_name="A1", outlet="Khabar")
        accredited(journalist_user(), agency, press_secretary, full_name="B2", outlet="Tengri")
        response = client.get(f"/en/accreditation/{agency.slug}/", {"q": "tengri"})
        assert b"B2" in response.content and b"A1" not in response.content

    def test_constant_queries(self, client, agency, press_secretary):
        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/en/accreditation/{agency.slug}/").status_code == 200
            return len(queries)

        for _ in range(2):
            accredited(journalist_user(), agency, press_secretary)
        two = count()
        for _ in range(8):
            accredited(journalist_user(), agency, press_secretary)
        assert count() == two

    def test_an_unknown_agency_is_a_404(self, client, db):
        assert client.get("/en/accreditation/no-such-agency/").status_code == 404


class TestExpiry:
    def test_a_reminder_seven_days_before_the_end_once(self, agency, press_secretary):
        today = timezone.localdate()
        journalist = journalist_user("en")
        accreditation = accredited(
            journalist,
            agency,
            press_secretary,
            kind="temporary",
            valid_from=today,
            valid_until=today + dt.timedelta(days=7),
        )
        assert services.accreditations_remind(today=today - dt.timedelta(days=1)) == 0
        assert services.accreditations_remind(today=today) == 1
        services.accreditations_remind(today=today)
        services.accreditations_remind(today=today + dt.timedelta(days=1))
        reminders = Notification.objects.filter(recipient=journalist, key__contains="expiring")
        assert reminders.count() == 1
        assert accreditation.valid_until.strftime("%d.%m.%Y") in reminders.get().subject

    def test_an_ended_accreditation_expires(self, agency, press_secretary):
        today = timezone.localdate()
        accreditation = accredited(
            journalist_user(),
            agency,
            press_secretary,
            kind="temporary",
            valid_from=today - dt.timedelta(days=10),
            valid_until=today - dt.timedelta(days=1),
        )
        permanent = accredited(journalist_user(), agency, press_secretary)
        assert services.accreditations_expire(today=today) == 1
        accreditation.refresh_from_db()
        permanent.refresh_from_db()
        assert (accreditation.state, permanent.state) == ("expired", "approved")
        assert services.accreditations_expire(today=today) == 0

    def test_the_tasks_are_in_the_schedule(self):
        from portal.schedule import PERIODIC_TASKS

        tasks = {periodic.task: periodic for periodic in PERIODIC_TASKS}
        assert "003 §8.3" in tasks["accreditation.expire"].why
        assert "003 §8.3" in tasks["accreditation.remind_expiring"].why


def test_a_regional_approver_reads_but_does_not_decide(agency, journalist):
    approver = UserFactory()
    MembershipFactory(user=approver, role=Role.REGIONAL_APPROVER, agency=agency)
    from requests_desk.accreditation import rules

    accreditation = apply(journalist, agency)
    assert rules.can_view(approver, accreditation)
    assert not rules.can_approve(approver, accreditation)


def test_the_ministry_decides_for_any_agency(journalist, ministry_staff):
    accreditation = apply(journalist, AgencyFactory())
    services.accreditation_approve(accreditation=accreditation, by=ministry_staff)
    assert Accreditation.objects.get().state == "approved"
