"""The demo's publication requests (002 §8–14; `manage.py seed_demo_requests`): material
handed over for the website at every stage on its way — handed over, edited, in translation,
translated, posted — and one handed over late, written in Kazakh, Russian and English, so
the press secretary's week's queue has real work after `make run`. Pure: no database."""

# Each: (agency slug, the language of its texts, unit, title, text, kind, handed over days
# ago, publication date in days from today, the stage it reached). The title names the
# demo row: a re-run skips it.
# A row handed over today for tomorrow as graphic material (3 working days ahead) is late.
PUBLICATIONS = [
    (
        "health",
        "kk",
        "Медициналық көмекті ұйымдастыру департаменті",
        "Ауылдық емханалар жаңа жабдық алды",
        "Биыл 120 ауылдық емханаға ультрадыбыстық зерттеу аппараттары жеткізілді.",
        "regular",
        1,
        6,
        "handed_over",
    ),
    (
        "health",
        "ru",
        "Департамент лекарственного обеспечения",
        "Список бесплатных лекарств расширен",
        "В перечень ГОБМП включены 15 новых препаратов для лечения диабета.",
        "regular",
        2,
        7,
        "edited",
    ),
    (
        "health",
        "en",
        "Department of Public Health",
        "Vaccination campaign results for 2026",
        "Over 2.1 million children were vaccinated against measles this year.",
        "graphic",
        3,
        9,
        "in_translation",
    ),
    (
        "health",
        "kk",
        "Қоғамдық денсаулық сақтау департаменті",
        "Қызылша: профилактика шаралары",
        "Қызылшаның алдын алу бойынша ата-аналарға арналған жадынама.",
        "graphic",
        8,
        4,
        "translated",
    ),
    (
        "health",
        "ru",
        "Отдел государственных закупок",
        "Объявление о закупке медицинского оборудования",
        "Министерство объявляет открытый конкурс на поставку оборудования.",
        "procurement",
        4,
        -4,
        "posted",
    ),
    (
        "health",
        "en",
        "Department of Science and Human Resources",
        "Grants for young medical researchers",
        "Applications for the 2027 research grants open next week.",
        "graphic",
        0,
        1,
        "handed_over",
    ),
    (
        "edu",
        "kk",
        "Мектепке дейінгі білім беру департаменті",
        "Жаңа балабақшалар ашылды",
        "Астанада 12 жаңа балабақша ашылды.",
        "regular",
        9,
        -1,
        "posted",
    ),
]

EDITED = {
    "kk": "Баспасөз қызметі сайттың стиліне келтірген мәтін.",
    "ru": "Текст, приведённый пресс-службой к стилю сайта.",
    "en": "The text as the press office put it in the website's style.",
}
POSTED_URL = "https://www.gov.kz/memleket/entities/{agency}/press/news/details/{number}"
