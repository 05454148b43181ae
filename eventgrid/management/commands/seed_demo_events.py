"""Events of the demo agencies for this week and the next, so the events API and the admin
show something right after `make run`. Runs after `seed_demo` (the agencies) and only once."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from portal.directory.models import Agency

from ... import services
from ...choices import EventFormat
from ...models import Event

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


class Command(BaseCommand):
    help = "Add the demo agencies' events for this week and the next (once)."

    def handle(self, *args, **options):
        if Event.objects.exists():
            self.stdout.write("Demo events are there already.")
            return
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
                **dict(zip(("title_kk", "title_ru", "title_en"), titles, strict=True)),
                place_kk="Астана, Үкімет үйі",
                place_ru="Астана, Дом Правительства",
                place_en="Astana, Government House",
            )
            created.append(event)
        # Most are announced; one is still the agency's plan, and one was cancelled.
        for event in created[:-1]:
            services.event_publish(event=event)
        if len(created) > 2:
            with translation.override("kk"):  # the reason falls back to Kazakh in ru and en
                services.event_cancel(event=created[2], reason="Спикердің іссапарына байланысты.")
        self.stdout.write(f"{len(created)} demo events added.")
