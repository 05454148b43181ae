"""Benchmark of monitoring (issue 11 item 9): ingest 100,000 publications against 500
agencies' rules, then the month's analytical note (000 §4.5).

Run from the repository root:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.monitoring
It works on a throwaway database of the engine DATABASE_URL names (bench/database.py), and
prints, with the engine:
- the pure ingest loop over BENCH_PUBLICATIONS (100,000) synthetic Kazakh and Russian texts
  against BENCH_AGENCIES (500) agencies' rules (4 terms each, one an exclusion): language,
  the agencies matched through one compiled index, the tone; items per second and the peak
  resident memory of the process (resource);
- the database write path (`monitoring.services.publications_ingest`: de-duplication,
  story, matches, tone, resonance cases) for BENCH_DB_PUBLICATIONS (5,000) of them in
  batches of BENCH_DB_BATCH (50, a feed's fetch), with the rules read from the database,
  and the queries it ran;
- the note of the month those publications fall in: its build (figures and SVG charts in
  kk, ru and en, stored as the task monitoring.note_build does; time, queries, peak Python
  allocations by tracemalloc), and its PDF in Kazakh from that build as the Celery task
  documents.build renders it, in a fresh forked process (peak memory: that process's peak
  resident size).
"""

import datetime as dt
import multiprocessing
import os
import random
import resource
import sys
import time
import tracemalloc

from bench.database import throwaway_database

AGENCIES = int(os.environ.get("BENCH_AGENCIES", 500))
PUBLICATIONS = int(os.environ.get("BENCH_PUBLICATIONS", 100_000))
DB_PUBLICATIONS = int(os.environ.get("BENCH_DB_PUBLICATIONS", 5_000))
MONTH = dt.date(2026, 11, 1)
WORDS = {
    "ru": (
        "сегодня в городе прошло совещание по вопросам развития региона жители обсудили "
        "ремонт дорог строительство школ и новые программы поддержки предпринимателей "
        "жалоба задержка выплат скандал успех открытие авария нарушение рост"
    ).split(),
    "kk": (
        "бүгін қалада өңірді дамыту мәселелері бойынша жиын өтті тұрғындар жолдарды жөндеу "
        "мектептер салу және кәсіпкерлерді қолдаудың жаңа бағдарламаларын талқылады "
        "шағым кідіріс жанжал жетістік ашылды апат бұзушылық өсім"
    ).split(),
}


def agency_terms(number: int) -> list[tuple[str, str, bool]]:
    """(term, language, exclude) of agency `number`: its names in ru and kk, the head's
    name, and an exclusion."""
    return [
        (f"Агентство развития {number}", "ru", False),
        (f"Даму агенттігі {number}", "kk", False),
        (f"Руководитель Сериков{number}", "ru", False),
        (f"Агентство развития {number} России", "ru", True),
    ]


def synthetic(count: int, seed: int = 2026):
    """(title, text, language) of `count` publications: ~60 words of the language's
    vocabulary, half of them naming one or two agencies."""
    rng = random.Random(seed)
    for index in range(count):
        language = "kk" if index % 2 else "ru"
        words = rng.choices(WORDS[language], k=60)
        for _ in range(rng.choice((0, 0, 1, 2))):
            number = rng.randrange(AGENCIES)
            name = (
                f"агентство развития {number}" if language == "ru" else f"даму агенттігі {number}"
            )
            words.insert(rng.randrange(len(words)), name)
        title = " ".join(words[:8]).capitalize() + f" №{index}"
        yield title, " ".join(words[8:]), language


def pure_loop(count: int) -> tuple[float, int, int]:
    """(seconds, publications matched to an agency, negative ones) of the loop ingest runs
    for each item, without the database."""
    from monitoring.text.language import detect_language
    from monitoring.text.matching import Term, compile_rules
    from monitoring.text.stemming import base_forms
    from monitoring.text.tone import DEFAULT_LEXICONS, score_tone_forms

    index = compile_rules(
        {
            n: [Term(t, lang, exclude) for t, lang, exclude in agency_terms(n)]
            for n in range(AGENCIES)
        }
    )
    matched = negative = 0
    started = time.perf_counter()
    for title, text, _expected in synthetic(count):
        body = f"{title}\n{text}"
        language = detect_language(body)
        forms = base_forms(body, language)
        found = index.match_forms(forms, language)
        matched += any(result.matched for result in found.values())
        tone = score_tone_forms(forms, language, DEFAULT_LEXICONS[language])
        negative += tone.label == "negative"
    return time.perf_counter() - started, matched, negative


def fill_agencies() -> list:
    from bench.generate import generate
    from monitoring.models import AgencyRule, Outlet

    agencies = generate(AGENCIES, per_agency=1)
    AgencyRule.objects.bulk_create(
        AgencyRule(agency=agency, term=term, language=language, exclude=exclude)
        for number, agency in enumerate(agencies)
        for term, language, exclude in agency_terms(number)
    )
    return [
        Outlet.objects.create(name=f"Outlet {n}", kind="news_site", language="ru", reach=reach)
        for n, reach in enumerate((5_000, 50_000, 250_000))
    ]


# Publications per `publications_ingest` call: a feed's fetch (a feed carries 20–100).
DB_BATCH = int(os.environ.get("BENCH_DB_BATCH", 50))


def db_loop(count: int, outlets) -> tuple[float, int]:
    """(seconds, queries) of `publications_ingest` for `count` publications in batches of
    DB_BATCH, as a feed's fetch stores them (rules read once)."""
    from django.db import connection, reset_queries
    from django.utils import timezone

    from monitoring import services

    context = services.IngestContext.load()
    start = timezone.make_aware(dt.datetime.combine(MONTH, dt.time(8)))
    items = [
        services.IngestItem(
            url=f"https://bench.example.kz/{number}",
            title=title,
            text=text,
            published_at=start + dt.timedelta(minutes=number * 7),
            outlet=outlets[number % len(outlets)],
            html_lang=language,
        )
        for number, (title, text, language) in enumerate(synthetic(count, seed=7))
    ]
    reset_queries()
    started = time.perf_counter()
    for first in range(0, len(items), DB_BATCH):
        services.publications_ingest(items[first : first + DB_BATCH], context=context)
    return time.perf_counter() - started, len(connection.queries)


def _note_pdf_in_child(results, filters):
    from django.db import connection, reset_queries

    from monitoring import exports

    reset_queries()
    started = time.perf_counter()
    content = exports.note_pdf(language="kk", filters=filters)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put((seconds, peak, len(connection.queries), len(content)))


def note_pdf_in_child(filters):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_note_pdf_in_child, args=(results, filters))
    child.start()
    answer = results.get(timeout=3600)
    child.join()
    return answer


def main() -> int:
    production = {
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "memory://",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    with throwaway_database(**production) as database:
        from django.test.utils import override_settings

        from bench.settings import STORAGES

        with override_settings(STORAGES=STORAGES, DEBUG=True):  # DEBUG: count the queries
            return run(database)


def run(database: str) -> int:
    from django.db import connection, reset_queries

    from monitoring import exports, services
    from monitoring.note import NoteFigures

    results = []
    seconds, matched, negative = pure_loop(PUBLICATIONS)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.append(
        (f"pure ingest loop ({PUBLICATIONS:,})", seconds, PUBLICATIONS / seconds, rss, "-")
    )
    print(f"pure loop: {matched:,} matched, {negative:,} negative", file=sys.stderr)
    outlets = fill_agencies()
    seconds, queries = db_loop(DB_PUBLICATIONS, outlets)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.append(
        (
            f"publications_ingest ({DB_PUBLICATIONS:,}, by {DB_BATCH})",
            seconds,
            DB_PUBLICATIONS / seconds,
            rss,
            queries,
        )
    )
    build = services.note_request(month=MONTH)
    reset_queries()
    tracemalloc.start()
    started = time.perf_counter()
    services.note_build_run(build_id=build.pk)  # figures, charts in kk/ru/en, stored
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    results.append(("note: build (3 languages)", seconds, None, peak, len(connection.queries)))
    build.refresh_from_db()
    figures = NoteFigures.from_json(build.figures, month=MONTH, agency=None)
    charts = build.charts["kk"]
    connection.close()  # the forked child opens its own connection
    seconds, peak, queries, size = note_pdf_in_child(exports.note_filters(build=build))
    results.append((f"note: PDF kk ({size // 1024} KB)", seconds, None, peak, queries))
    print()
    print(database)
    print(
        f"{AGENCIES} agencies × 4 terms; {figures.overall.publications:,} publications and "
        f"{figures.overall.flagged:,} cases in the note of {MONTH:%Y-%m}, {len(charts)} charts"
    )
    header = f"{'what':<34} | {'seconds':>8} | {'items/s':>8} | {'peak MB':>8} | {'queries':>7}"
    print(header)
    print("-" * len(header))
    for label, seconds, rate, peak, queries in results:
        rate = "-" if rate is None else f"{rate:,.0f}"
        print(f"{label:<34} | {seconds:>8.2f} | {rate:>8} | {peak:>8.1f} | {queries:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
