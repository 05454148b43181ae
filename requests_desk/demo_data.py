"""The demo's requests (`manage.py seed_demo_requests`): information and media requests in
every state and channel, some overdue, one redirected, one extended, and reference
materials asked by the ministry with the agencies' answers (one late), so each role sees
real work after `make run`. Pure: no database."""

# Each request: (agency slug, channel, language, requester, e-mail, text, days ago, what
# happened next). The e-mail address names the demo row: a re-run skips it.
# What happened: "registered", "assigned", "drafted", "approved", "answered", "refused",
# "extended", "redirected" (to REDIRECT_TO), "overdue" (left open past its due date).
REQUESTS = [
    (
        "health",
        "feedback",
        "kk",
        "Айгүл Сәрсенова",
        "demo-1@example.kz",
        "Ауылдық емханаларда дәрігерлердің жетіспеушілігі туралы ақпарат беріңізші.",
        1,
        "registered",
    ),
    (
        "health",
        "feedback",
        "ru",
        "Ержан Омаров",
        "demo-2@example.kz",
        "Прошу сообщить сроки строительства поликлиники в микрорайоне Шугыла.",
        3,
        "assigned",
    ),
    (
        "health",
        "blog",
        "ru",
        "Марина Ким",
        "demo-3@example.kz",
        "Почему в аптеках нет бесплатных лекарств по ГОБМП?",
        2,
        "drafted",
    ),
    (
        "health",
        "media",
        "kk",
        "Данияр Ахметов, «Egemen Qazaqstan»",
        "demo-4@example.kz",
        "Вакцинация науқанының қорытындысы бойынша сұхбат беруіңізді сұраймыз.",
        2,
        "approved",
    ),
    (
        "health",
        "feedback",
        "en",
        "John Smith",
        "demo-5@example.kz",
        "Which vaccinations are required for a work visa holder's children?",
        10,
        "answered",
    ),
    (
        "health",
        "feedback",
        "ru",
        "Асель Нурланова",
        "demo-6@example.kz",
        "Прошу предоставить персональные данные главного врача больницы №3.",
        6,
        "refused",
    ),
    (
        "health",
        "feedback",
        "kk",
        "Бауыржан Қасымов",
        "demo-7@example.kz",
        "Өңірлердегі перинаталдық орталықтардың жабдықталуы туралы толық мәлімет қажет.",
        5,
        "extended",
    ),
    (
        "health",
        "feedback",
        "ru",
        "Гульнара Сейткали",
        "demo-8@example.kz",
        "Когда откроют новую школу в селе Коктал? Вопрос к акимату и министерству.",
        2,
        "redirected",
    ),
    (
        "health",
        "feedback",
        "kk",
        "Нұрлан Әбенов",
        "demo-9@example.kz",
        "Жедел жәрдем көліктерінің жаңартылуы туралы сұрақ.",
        30,
        "overdue",
    ),
    (
        "health",
        "media",
        "ru",
        "Ольга Петрова, Tengrinews",
        "demo-10@example.kz",
        "Просим комментарий о росте заболеваемости корью.",
        12,
        "overdue",
    ),
    (
        "edu",
        "feedback",
        "kk",
        "Самал Жұмабаева",
        "demo-11@example.kz",
        "Мектептегі ыстық тамақ бағдарламасы қалай қаржыландырылады?",
        1,
        "registered",
    ),
    (
        "edu",
        "media",
        "en",
        "Anna Berg, Reuters",
        "demo-12@example.kz",
        "Could the ministry comment on the new curriculum for 2027?",
        4,
        "assigned",
    ),
]
REDIRECT_TO = "edu"
ANSWER = {
    "kk": "Сұрағыңызға рахмет. Сұратылған ақпарат қоса берілген жауапта келтірілген.",
    "ru": "Благодарим за обращение. Запрошенная информация приведена в ответе.",
    "en": "Thank you for your request. The information you asked for is given in this answer.",
}
REFUSAL = (
    "Сұратылған мәліметтер дербес деректерге жатады (Заң, 8-бап). "
    "Запрошенные сведения относятся к персональным данным."
)
EXTENSION_REASON = "Өңірлерден мәлімет жинау қажет. Требуется сбор сведений из регионов."

# Reference materials asked by the ministry (004 §12–13): (topic, kinds, text, days ago,
# {agency slug: (answer, hours after the request, or None: not answered yet)}). An answer
# more than a working day later is late.
REFERENCES = [
    (
        "Мектепке дейінгі білім беру статистикасы / Статистика дошкольного образования",
        ["statistics", "infographics"],
        "2026 жылғы балабақшалар мен орындар саны, өңірлер бойынша инфографика.",
        6,
        {
            "edu": (
                "Балабақшалар саны — 10 412, орындар — 1,02 млн. Инфографика қоса беріледі.",
                3,
            ),
            "akimat-almaty-region": ("Облыс бойынша 612 балабақша.", 80),
        },
    ),
    (
        "Медициналық сақтандыру бойынша түсіндірме / Разъяснение по медицинскому страхованию",
        ["explanations", "methodological"],
        "Міндетті әлеуметтік медициналық сақтандыру жарналары туралы түсіндірме материалдар.",
        0,
        {"health": None, "minfin": None},
    ),
]
