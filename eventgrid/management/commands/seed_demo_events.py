"""Events of the demo agencies for this week and the next, so the events pages, the API and
the admin show something right after `make run`, the weekly information (004 §10) of most
demo agencies for the coming week, and the published media-grids (004 §11) of this week (with
a correction) and the coming week. Runs after `seed_demo` (the agencies). The events are
added once; the weekly information is submitted on every run for the agencies that have not
yet submitted theirs (so a re-run adds nothing)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from portal.directory.choices import Role
from portal.directory.models import Agency, User

from ... import queries, services
from ...choices import NOT_HELD_STATES, EventFormat, EventState, WeeklyInformationState
from ...models import Event, MediaGridVersion, WeeklyInformation
from ...weeks import coming_week, monday_of, week_bounds

# (agency slug, day offset from this week's Monday, hour, format, title kk / ru / en)
EVENTS = [
    (
        "health",
        1,
        11,
        EventFormat.BRIEFING,
        (
            "Маусымдық тұмауға қарсы вакцинация туралы брифинг",
            "Брифинг о вакцинации против сезонного гриппа",
            "Briefing on the seasonal flu vaccination",
        ),
    ),
    (
        "health",
        8,
        10,
        EventFormat.PRESS_CONFERENCE,
        (
            "Денсаулық сақтау жүйесінің жыл қорытындысы",
            "Итоги года в системе здравоохранения",
            "The year's results of the health system",
        ),
    ),
    (
        "mci",
        2,
        15,
        EventFormat.ROUND_TABLE,
        (
            "Өңірлік БАҚ-тың цифрлық трансформациясы",
            "Цифровая трансформация региональных СМИ",
            "Digital transformation of regional media",
        ),
    ),
    (
        "mci",
        9,
        11,
        EventFormat.BRIEFING,
        (
            "Апталық медиа-кесте: журналистерге арналған түсіндірме",
            "Еженедельная медиасетка: разъяснения для журналистов",
            "Weekly media grid: a briefing for journalists",
        ),
    ),
    (
        "edu",
        3,
        10,
        EventFormat.PRESS_CONFERENCE,
        (
            "Ұлттық бірыңғай тестілеудің жаңа форматы",
            "Новый формат единого национального тестирования",
            "The new format of the unified national testing",
        ),
    ),
    (
        "edu",
        10,
        12,
        EventFormat.ONLINE_CONFERENCE,
        (
            "Мұғалімдермен онлайн-кездесу",
            "Онлайн-встреча с учителями",
            "Online meeting with teachers",
        ),
    ),
]


# What the appendix form of 004 §10 asks for each event, kk / ru / en.
APPENDIX = {
    "organisers": (
        "Баспасөз қызметі",
        "Пресс-служба",
        "The press office",
    ),
    "goal": (
        "Журналистерге жаңалықтарды түсіндіру және сұрақтарға жауап беру.",
        "Разъяснить журналистам новости и ответить на вопросы.",
        "Explain the news to journalists and answer their questions.",
    ),
    "key_messages": (
        "Мемлекет азаматтарға қызмет көрсетуді жақсартады.",
        "Государство улучшает услуги для граждан.",
        "The state improves its services to citizens.",
    ),
    "expected_result": (
        "БАҚ-тағы дәл және толық жарияланымдар.",
        "Точные и полные публикации в СМИ.",
        "Accurate and complete media coverage.",
    ),
}
SPEAKER = {
    "name_kk": "Айгүл Серікқызы",
    "name_ru": "Айгуль Серикова",
    "name_en": "Aigul Serikova",
    "position_kk": "Баспасөз хатшысы",
    "position_ru": "Пресс-секретарь",
    "position_en": "Press secretary",
    "language": "kk",
}
# The demo press secretary's agency submits its own week by hand; every fifth agency without
# events has not submitted yet (the authorized body's overview shows who is missing).
SUBMITS_BY_HAND = {"health"}
EVERY_NTH_MISSING = 5


def _translated(field: str, values) -> dict[str, str]:
    return dict(zip((f"{field}_kk", f"{field}_ru", f"{field}_en"), values, strict=True))


class Command(BaseCommand):
    help = (
        "Add the demo agencies' events for this week and the next (once), and submit most "
        "agencies' weekly information for the coming week."
    )

    def handle(self, *args, **options):
        if Event.objects.exists():
            self.stdout.write("Demo events are there already.")
        else:
            self._add_events()
        self._submit_weekly_information()
        self._publish_media_grids()

    def _add_events(self):
        agencies = Agency.objects.in_bulk([slug for slug, *_ in EVENTS], field_name="slug")
        today = timezone.localdate()
        monday = today - dt.timedelta(days=today.weekday())
        created = []
        for slug, offset, hour, event_format, titles in EVENTS:
            if slug not in agencies:
                continue
            starts_at = timezone.make_aware(
                dt.datetime.combine(monday + dt.timedelta(days=offset), dt.time(hour))
            )
            event = services.event_create(
                agency=agencies[slug],
                format=event_format,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=1),
                **_translated("title", titles),
                place_kk="Астана, Үкімет үйі",
                place_ru="Астана, Дом Правительства",
                place_en="Astana, Government House",
                **{
                    name: value
                    for field, values in APPENDIX.items()
                    for name, value in _translated(field, values).items()
                },
                contacts=f"press@{slug}.gov.kz, +7 7172 74 00 00",
                speakers=[{**SPEAKER, "contacts": f"press@{slug}.gov.kz"}],
            )
            created.append(event)
        # Most are announced; one is still the agency's plan, and one was cancelled.
        for event in created[:-1]:
            services.event_publish(event=event)
        if len(created) > 2:
            with translation.override("kk"):  # the reason falls back to Kazakh in ru and en
                services.event_cancel(event=created[2], reason="Спикердің іссапарына байланысты.")
        self.stdout.write(f"{len(created)} demo events added.")

    def _submit_weekly_information(self):
        """The coming week's information of most active agencies: their events of the week,
        or "no events this week"."""
        week = coming_week()
        start, end = week_bounds(week)
        done = set(
            WeeklyInformation.objects.filter(
                week_start=week, state=WeeklyInformationState.SUBMITTED
            ).values_list("agency_id", flat=True)
        )
        with_events = set(
            Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
            .exclude(state__in=NOT_HELD_STATES)
            .values_list("agency_id", flat=True)
        )
        owing = queries.agencies_owing_weekly_information(queries.weekly_rule()).order_by("slug")
        submitted = refused = 0
        for index, agency in enumerate(owing):
            has_events = agency.pk in with_events
            missing = not has_events and index % EVERY_NTH_MISSING == EVERY_NTH_MISSING - 1
            if agency.slug in SUBMITS_BY_HAND or missing or agency.pk in done:
                continue
            try:
                services.weekly_information_submit(
                    agency=agency, week_start=week, by=None, no_events=not has_events
                )
            except ValidationError:  # events of an older demo, without the appendix's fields
                refused += 1
            else:
                submitted += 1
        self.stdout.write(
            f"Weekly information for the week of {week:%d.%m.%Y}: {submitted} submitted now, "
            f"{len(done)} before, {refused} refused."
        )

    def _publish_media_grids(self):
        """Published grids for this week and the coming one, so that a journalist sees a grid,
        its PDF and the feeds at once: this week's with a correction (version 2: an event
        rescheduled), the coming week's from the submitted weekly information. Published
        once: a re-run finds the versions and adds nothing."""
        ministry = (
            User.objects.filter(
                memberships__role=Role.AUTHORIZED_STAFF, memberships__agency__slug="mci"
            ).first()
            or User.objects.filter(is_superuser=True).first()
        )
        if ministry is None:
            return
        this_week = monday_of(timezone.localdate())
        for week in (this_week, coming_week()):
            if MediaGridVersion.objects.filter(grid__week_start=week).exists():
                continue
            grid = services.media_grid_compose(week_start=week, by=ministry)
            # Every held event of the demo's week, submitted or not (Health submits the
            # coming week by hand: its event is already in the published grid).
            start, end = week_bounds(week)
            held = (
                Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
                .exclude(state__in=(*NOT_HELD_STATES, EventState.DRAFT))
                .values_list("pk", flat=True)
            )
            services.media_grid_set_entries(grid=grid, event_ids=list(held), by=ministry)
            try:
                services.media_grid_publish(grid=grid, by=ministry)
            except ValidationError as refused:  # an older demo's events, or none that week
                self.stdout.write(f"The grid of {week:%d.%m.%Y} was not published: {refused}")
                continue
            if week == this_week:
                self._correct(grid, ministry)
        self.stdout.write("Media-grids published for this week and the coming one.")

    def _correct(self, grid, ministry):
        """Version 2 of this week's grid: one of its published events moved by an hour."""
        moved = (
            Event.objects.filter(media_grid_entries__grid=grid, state=EventState.PUBLISHED)
            .order_by("starts_at")
            .first()
        )
        if moved is None:
            return
        with translation.override("kk"):  # the reason falls back to Kazakh in ru and en
            services.event_reschedule(
                event=moved,
                starts_at=moved.starts_at + dt.timedelta(hours=1),
                ends_at=moved.ends_at + dt.timedelta(hours=1),
                reason="Спикердің кестесі өзгерді.",
                by=ministry,
            )
        services.media_grid_publish(grid=grid, by=ministry)
