"""The demo's media-plans (`manage.py seed_demo_mediaplans`): items in kk/ru/en from compact
tables, and which agency's plan stands where in the review, so every role sees the whole flow
after `make run`. Pure: no database."""

# (strategic direction kk, ru, en), (topic kk, ru, en), (audiences kk, ru, en), formats,
# channels, month, quarter, preventive
ITEMS = [
    (
        ("Әлеуметтік саясат", "Социальная политика", "Social policy"),
        (
            "Міндетті әлеуметтік медициналық сақтандыру: жаңа пакеттер",
            "Обязательное социальное медицинское страхование: новые пакеты",
            "Compulsory social health insurance: the new packages",
        ),
        ("Халық, жұмыс берушілер", "Население, работодатели", "Citizens, employers"),
        ["press_conference", "press_release"],
        ["tv", "online", "social"],
        2,
        None,
        False,
    ),
    (
        ("Цифрландыру", "Цифровизация", "Digitalisation"),
        (
            "Электрондық үкімет қызметтерінің қолжетімділігі",
            "Доступность услуг электронного правительства",
            "Access to e-government services",
        ),
        ("Ауыл тұрғындары", "Сельские жители", "Rural residents"),
        ["briefing", "video"],
        ["online", "social", "website"],
        3,
        None,
        False,
    ),
    (
        ("Заңнама", "Законодательство", "Legislation"),
        (
            "Денсаулық сақтау кодексіне түзетулер",
            "Поправки в Кодекс о здоровье",
            "Amendments to the Health Code",
        ),
        ("Медицина қызметкерлері", "Медицинские работники", "Health workers"),
        ["round_table", "interview"],
        ["print", "online"],
        None,
        2,
        False,
    ),
    (
        ("Қоғамдық қауіпсіздік", "Общественная безопасность", "Public safety"),
        (
            "Маусымдық тұмау: вакцинация және алдын алу",
            "Сезонный грипп: вакцинация и профилактика",
            "Seasonal flu: vaccination and prevention",
        ),
        ("Ата-аналар, мектептер", "Родители, школы", "Parents, schools"),
        ["briefing", "special_project"],
        ["tv", "radio", "social"],
        10,
        None,
        True,
    ),
    (
        ("Өңірлерді дамыту", "Развитие регионов", "Regional development"),
        (
            "Ауылдық емханалар құрылысы",
            "Строительство сельских поликлиник",
            "Building rural clinics",
        ),
        ("Өңір тұрғындары", "Жители регионов", "Regional residents"),
        ["press_tour", "article"],
        ["tv", "print"],
        None,
        3,
        False,
    ),
    (
        ("Жастар саясаты", "Молодёжная политика", "Youth policy"),
        (
            "Жас мамандарға арналған бағдарламалар",
            "Программы для молодых специалистов",
            "Programmes for young professionals",
        ),
        ("Жастар, студенттер", "Молодёжь, студенты", "Young people, students"),
        ["interview", "video"],
        ["social", "blogs"],
        6,
        None,
        False,
    ),
]

# A change the second revision makes: the topic of item 2 and one added item.
REVISED_TOPIC = (
    "Электрондық үкімет: ауылдағы цифрлық орталықтар",
    "Электронное правительство: цифровые центры на селе",
    "E-government: digital centres in villages",
)

# slug: where its plan for next year stands. The demo press secretary's agency ("health") has
# its plan returned with comments, to fix and resubmit; "akimat-almaty-region" waits for the
# demo regional approver.
NEXT_YEAR = {
    "health": "returned",
    "edu": "submitted",
    "mfa": "approved",
    "minfin": "draft",
    "digital": "submitted",
    "akimat-almaty-region": "reviewed",
}
# Agencies whose plan for this year is approved and reported on last month; "health" also has
# a second revision under review.
THIS_YEAR = ("health", "edu", "mfa", "digital", "energy")

RETURN_COMMENT = (
    "Толықтырыңыз: әр іс-шараның мақсатты аудиториясын және жауапты бөлімшесін көрсетіңіз. "
    "Укажите для каждого мероприятия целевую аудиторию и ответственное подразделение."
)
ITEM_COMMENT = (
    "Бұл тақырыпты бірінші тоқсанға ауыстыруды ұсынамыз. Предлагаем перенести на I квартал."
)
