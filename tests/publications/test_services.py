"""Publication requests (issue 10 item 8; 002 §11–14): the lead time of each kind, a late
hand-over flagged at once, and one step per stage keeping the engine's deadlines."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from portal.deadlines.models import Deadline
from portal.deadlines.services import subject_key
from requests_desk.publications import services
from requests_desk.publications.models import PublicationFile, PublicationRequest

from .conftest import almaty, hand_over, pdf

pytestmark = pytest.mark.django_db


def deadline(publication, rule_code) -> Deadline:
    return Deadline.objects.get(rule__code=rule_code, period_key=subject_key(publication))


@pytest.mark.time_machine(almaty(2026, 3, 16, 10), tick=False)
def test_material_handed_over_two_working_days_ahead_is_on_time(agency, press_secretary):
    # Publication on Friday 20 March: 2 working days before → Wednesday 18 March, 18:00.
    publication = hand_over(
        agency, press_secretary, publication_date=dt.date(2026, 3, 20), files=[pdf()]
    )
    assert (publication.handover_due_at, publication.is_late) == (almaty(2026, 3, 18, 18), False)
    assert deadline(publication, "website-material").state == "done_on_time"
    translation = deadline(publication, "website-translation")
    assert (translation.state, translation.due_at) == ("open", almaty(2026, 3, 18, 18))
    (stored,) = PublicationFile.objects.filter(request=publication)
    assert stored.title == "brief.pdf" and not stored.file.name.endswith("brief.pdf")
    assert [event.action for event in publication.events.all()] == ["handed_over"]


@pytest.mark.time_machine(almaty(2026, 3, 20, 10), tick=False)
def test_a_hand_over_that_nauryz_makes_late_is_flagged_at_once(agency, press_secretary):
    # Publication on Thursday 26 March: the 2 working days back skip Nauryz (21–25 March),
    # so the material was due on Thursday 19 March; Friday the 20th is late.
    publication = hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 26))
    assert (publication.handover_due_at, publication.is_late) == (almaty(2026, 3, 19, 18), True)
    assert deadline(publication, "website-material").state == "done_late"
    assert publication.events.get().comment  # the history says it came late


@pytest.mark.time_machine(almaty(2026, 5, 4, 10), tick=False)
def test_material_needing_graphic_work_needs_three_working_days_around_the_may_holidays(
    agency, press_secretary
):
    # Publication on Tuesday 12 May: back over 11 May (Victory Day observed), the weekend,
    # 8 May, 7 May (Defender of the Fatherland Day), 6 and 5 May → Tuesday 5 May.
    publication = hand_over(
        agency, press_secretary, publication_date=dt.date(2026, 5, 12), kind="graphic"
    )
    assert (publication.handover_due_at, publication.is_late) == (almaty(2026, 5, 5, 18), False)
    regular = hand_over(agency, press_secretary, publication_date=dt.date(2026, 5, 12))
    assert regular.handover_due_at == almaty(2026, 5, 6, 18)


@pytest.mark.parametrize(
    ("now", "late"), [(almaty(2026, 3, 10, 12), False), (almaty(2026, 3, 11, 9), True)]
)
def test_a_procurement_notice_is_due_one_working_day_after_its_publication(
    agency, press_secretary, time_machine, now, late
):
    # Published Friday 6 March: the weekend and 9 March (Women's Day observed) are skipped.
    time_machine.move_to(now, tick=False)
    publication = hand_over(
        agency, press_secretary, publication_date=dt.date(2026, 3, 6), kind="procurement"
    )
    assert (publication.handover_due_at, publication.is_late) == (almaty(2026, 3, 10, 18), late)


@pytest.mark.time_machine(almaty(2026, 3, 16, 10), tick=False)
def test_each_stage_meets_its_deadline_and_opens_the_next(agency, press_secretary, time_machine):
    publication = hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 20))

    services.publication_edit(publication=publication, by=press_secretary, text="  Өңделді.  ")
    publication.refresh_from_db()
    assert (publication.stage, publication.edited_text) == ("edited", "Өңделді.")

    time_machine.move_to(almaty(2026, 3, 17, 11), tick=False)
    services.publication_send_for_translation(publication=publication, by=press_secretary)
    assert deadline(publication, "website-translation").state == "done_on_time"

    time_machine.move_to(almaty(2026, 3, 18, 9), tick=False)
    services.publication_mark_translated(publication=publication, by=press_secretary)
    posting = deadline(publication, "website-posting")
    assert (posting.state, posting.due_at) == ("open", almaty(2026, 3, 19, 18))

    services.publication_post(
        publication=publication, by=press_secretary, url="https://gov.kz/news/1"
    )
    publication.refresh_from_db()
    assert (publication.stage, publication.posted_url) == ("posted", "https://gov.kz/news/1")
    assert deadline(publication, "website-posting").state == "done_on_time"
    assert [event.action for event in publication.events.all()] == [
        "handed_over",
        "edited",
        "translation",
        "translated",
        "posted",
    ]


@pytest.mark.time_machine(almaty(2026, 3, 16, 10), tick=False)
def test_a_step_out_of_order_or_without_its_data_is_refused_and_changes_nothing(
    agency, press_secretary
):
    publication = hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 20))
    with pytest.raises(ValidationError):
        services.publication_send_for_translation(publication=publication, by=press_secretary)
    with pytest.raises(ValidationError):
        services.publication_post(publication=publication, by=press_secretary, url="https://x.kz")
    with pytest.raises(ValidationError):
        services.publication_edit(publication=publication, by=press_secretary, text="  ")
    publication.refresh_from_db()
    assert publication.stage == "handed_over"
    assert deadline(publication, "website-translation").state == "open"
    assert publication.events.count() == 1


@pytest.mark.time_machine(almaty(2026, 3, 16, 10), tick=False)
def test_posting_needs_a_web_address(agency, press_secretary):
    publication = hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 20))
    services.publication_edit(publication=publication, by=press_secretary, text="Өңделді.")
    services.publication_send_for_translation(publication=publication, by=press_secretary)
    services.publication_mark_translated(publication=publication, by=press_secretary)
    with pytest.raises(ValidationError) as refused:
        services.publication_post(
            publication=publication, by=press_secretary, url="javascript:alert(1)"
        )
    assert "posted_url" in refused.value.message_dict
    publication.refresh_from_db()
    assert publication.stage == "translated"


@pytest.mark.time_machine(almaty(2026, 3, 16, 10), tick=False)
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"files": [pdf("brief.pdf", b"MZ\x90\x00 not a pdf")]}, "files"),
        ({"title": ""}, "title"),
        ({"publication_date": dt.date(9999, 1, 1)}, "publication_date"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(agency, press_secretary, changes, field):
    arguments = {"publication_date": dt.date(2026, 3, 20), **changes}
    with pytest.raises(ValidationError) as refused:
        hand_over(agency, press_secretary, **arguments)
    assert field in refused.value.message_dict
    assert not PublicationRequest.objects.exists()
    assert not PublicationFile.objects.exists()
    assert not Deadline.objects.exists()
