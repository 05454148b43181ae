"""The demo's quarter of events (`manage.py seed_demo_events`): compact tables of realistic
topics, places, speakers and reasons in Kazakh, Russian and English, and `demo_events`, which
turns them into the events of every demo agency for 13 weeks around today (000 §3.3: name,
format, dates and place, theses, speakers with the language of their speech; 004 §10: the
appendix's organisers, contacts, goal, key messages and expected result).

Pure and deterministic: no database, no randomness; the same agencies and Monday give the
same events. Each text is a (kk, ru, en) triple."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from .choices import EventFormat, EventState

# Weeks from this week's Monday: six past weeks, this week and six to come.
FIRST_WEEK, LAST_WEEK = -6, 6
# The agencies whose coming week always has events (the demo press secretary's agency
# submits it by hand; Education's is checked by the tests).
ALWAYS_IN_COMING_WEEK = {"health", "edu", "mci"}
# No announcements (postponed, cancelled) in these agencies' coming week: the demo press
# secretary submits it, and it must have events to submit.
CALM_COMING_WEEK = ALWAYS_IN_COMING_WEEK

# --- Topics: what each agency's events are about -----------------------------------------

TOPICS = {
    "mci": [
        (
            "Мемлекеттік ақпараттық саясаттың басымдықтары",
            "Приоритеты государственной информационной политики",
            "Priorities of the state information policy",
        ),
        (
            "Өңірлік БАҚ-тың цифрлық трансформациясы",
            "Цифровая трансформация региональных СМИ",
            "Digital transformation of regional media",
        ),
        (
            "Ұлттық мәдени мұраны сақтау",
            "Сохранение национального культурного наследия",
            "Preserving the national cultural heritage",
        ),
    ],
    "mfa": [
        (
            "Қазақстанның сыртқы саяси бастамалары",
            "Внешнеполитические инициативы Казахстана",
            "Kazakhstan's foreign policy initiatives",
        ),
        (
            "Шетелдегі отандастарды қолдау",
            "Поддержка соотечественников за рубежом",
            "Support for compatriots abroad",
        ),
        ("Визалық режимді жеңілдету", "Упрощение визового режима", "Easing the visa regime"),
    ],
    "minfin": [
        (
            "Республикалық бюджеттің атқарылуы",
            "Исполнение республиканского бюджета",
            "Execution of the republican budget",
        ),
        (
            "Мемлекеттік сатып алудың ашықтығы",
            "Прозрачность государственных закупок",
            "Transparency of public procurement",
        ),
        ("Жаңа Салық кодексі", "Новый Налоговый кодекс", "The new Tax Code"),
    ],
    "mne": [
        (
            "Экономикалық өсудің қорытындылары",
            "Итоги экономического роста",
            "Results of economic growth",
        ),
        (
            "Инфляцияны тежеу шаралары",
            "Меры по сдерживанию инфляции",
            "Measures to curb inflation",
        ),
        (
            "Шағын және орта бизнесті қолдау",
            "Поддержка малого и среднего бизнеса",
            "Support for small and medium business",
        ),
    ],
    "health": [
        (
            "Маусымдық тұмауға қарсы вакцинация",
            "Вакцинация против сезонного гриппа",
            "Seasonal flu vaccination",
        ),
        (
            "Міндетті әлеуметтік медициналық сақтандыру",
            "Обязательное социальное медицинское страхование",
            "Compulsory social health insurance",
        ),
        (
            "Ауылдық денсаулық сақтауды жаңғырту",
            "Модернизация сельского здравоохранения",
            "Modernising rural health care",
        ),
    ],
    "edu": [
        (
            "Ұлттық бірыңғай тестілеудің жаңа форматы",
            "Новый формат единого национального тестирования",
            "The new format of the unified national testing",
        ),
        (
            "«Жайлы мектеп» ұлттық жобасы",
            "Национальный проект «Комфортная школа»",
            "The national project “Comfortable School”",
        ),
        (
            "Педагог мәртебесін арттыру",
            "Повышение статуса педагога",
            "Raising the status of teachers",
        ),
    ],
    "science": [
        (
            "Ғылымды гранттық қаржыландыру",
            "Грантовое финансирование науки",
            "Grant funding for science",
        ),
        (
            "Шетелдік университеттердің филиалдары",
            "Филиалы зарубежных университетов",
            "Branches of foreign universities",
        ),
        ("Студенттерге арналған жатақханалар", "Общежития для студентов", "Student dormitories"),
    ],
    "energy": [
        (
            "Жылу беру маусымына дайындық",
            "Подготовка к отопительному сезону",
            "Preparing for the heating season",
        ),
        (
            "Жаңартылатын энергия көздерін дамыту",
            "Развитие возобновляемых источников энергии",
            "Developing renewable energy sources",
        ),
        (
            "Елді мекендерді газбен қамту",
            "Газификация населённых пунктов",
            "Gas supply to settlements",
        ),
    ],
    "agri": [
        (
            "Егін жинау науқанының қорытындылары",
            "Итоги уборочной кампании",
            "Results of the harvest campaign",
        ),
        (
            "Агроөнеркәсіптік кешенді субсидиялау",
            "Субсидирование агропромышленного комплекса",
            "Subsidies for the agro-industrial complex",
        ),
        ("Мал шаруашылығын дамыту", "Развитие животноводства", "Developing livestock farming"),
    ],
    "mia": [
        ("Жол жүрісі қауіпсіздігі", "Безопасность дорожного движения", "Road safety"),
        (
            "Интернет-алаяқтыққа қарсы іс-қимыл",
            "Противодействие интернет-мошенничеству",
            "Countering online fraud",
        ),
        (
            "Көші-қон саясатындағы өзгерістер",
            "Изменения в миграционной политике",
            "Changes in migration policy",
        ),
    ],
    "emergency": [
        (
            "Көктемгі су тасқынына дайындық",
            "Подготовка к весеннему паводку",
            "Preparing for the spring floods",
        ),
        ("Қысқы кезеңдегі қауіпсіздік", "Безопасность в зимний период", "Safety in winter"),
        ("Өрт қауіпсіздігі", "Пожарная безопасность", "Fire safety"),
    ],
    "justice": [
        ("Тегін заң көмегі", "Бесплатная юридическая помощь", "Free legal aid"),
        (
            "Жылжымайтын мүлікті тіркеу",
            "Регистрация недвижимости",
            "Registration of real estate",
        ),
        (
            "Нормативтік құқықтық актілердің сараптамасы",
            "Экспертиза нормативных правовых актов",
            "Review of legal acts",
        ),
    ],
    "labour": [
        ("Жаңа жұмыс орындарын ашу", "Создание новых рабочих мест", "Creating new jobs"),
        (
            "Зейнетақы жүйесін жаңғырту",
            "Модернизация пенсионной системы",
            "Modernising the pension system",
        ),
        ("Атаулы әлеуметтік көмек", "Адресная социальная помощь", "Targeted social assistance"),
    ],
    "transport": [
        (
            "Теміржол инфрақұрылымын жаңғырту",
            "Модернизация железнодорожной инфраструктуры",
            "Modernising the railway infrastructure",
        ),
        (
            "Республикалық маңызы бар жолдарды жөндеу",
            "Ремонт дорог республиканского значения",
            "Repairing roads of national importance",
        ),
        (
            "Транзиттік әлеуетті дамыту",
            "Развитие транзитного потенциала",
            "Developing the transit potential",
        ),
    ],
    "digital": [
        (
            "eGov мобильді қосымшасының жаңа мүмкіндіктері",
            "Новые возможности мобильного приложения eGov",
            "New features of the eGov mobile app",
        ),
        (
            "Ауылдарды кеңжолақты интернетпен қамту",
            "Обеспечение сёл широкополосным интернетом",
            "Broadband internet for villages",
        ),
        (
            "Жасанды интеллектіні дамыту",
            "Развитие искусственного интеллекта",
            "Developing artificial intelligence",
        ),
    ],
    "ecology": [
        ("Каспий теңізін сақтау", "Сохранение Каспийского моря", "Preserving the Caspian Sea"),
        ("Қалдықтарды қайта өңдеу", "Переработка отходов", "Waste recycling"),
        ("Орман қорын молайту", "Увеличение лесного фонда", "Expanding the forest fund"),
    ],
    "industry": [
        (
            "Тұрғын үй құрылысының қарқыны",
            "Темпы жилищного строительства",
            "The pace of housing construction",
        ),
        (
            "Өңдеу өнеркәсібін дамыту",
            "Развитие обрабатывающей промышленности",
            "Developing the manufacturing industry",
        ),
        (
            "Отандық өндірушілерді қолдау",
            "Поддержка отечественных производителей",
            "Support for domestic producers",
        ),
    ],
    "trade": [
        (
            "Әлеуметтік маңызы бар азық-түлік бағасы",
            "Цены на социально значимые продукты питания",
            "Prices of socially important foods",
        ),
        ("Экспортты ілгерілету", "Продвижение экспорта", "Promoting exports"),
        (
            "Еуразиялық экономикалық одақтағы интеграция",
            "Интеграция в Евразийском экономическом союзе",
            "Integration in the Eurasian Economic Union",
        ),
    ],
    "sport": [
        ("Ішкі туризмді дамыту", "Развитие внутреннего туризма", "Developing domestic tourism"),
        ("Бұқаралық спортты дамыту", "Развитие массового спорта", "Developing mass sport"),
        (
            "Олимпиада ойындарына дайындық",
            "Подготовка к Олимпийским играм",
            "Preparing for the Olympic Games",
        ),
    ],
    "defence": [
        (
            "Әскери қызметке шақыру",
            "Призыв на воинскую службу",
            "Conscription for military service",
        ),
        (
            "Әскери-патриоттық тәрбие",
            "Военно-патриотическое воспитание",
            "Military-patriotic education",
        ),
        (
            "Қорғаныс өнеркәсібін дамыту",
            "Развитие оборонной промышленности",
            "Developing the defence industry",
        ),
    ],
    "mci-information-committee": [
        (
            "Мемлекеттік ақпараттық тапсырыс",
            "Государственный информационный заказ",
            "The state information order",
        ),
        ("Журналистерді аккредиттеу", "Аккредитация журналистов", "Accreditation of journalists"),
    ],
    "minfin-state-revenue": [
        ("Салықтық әкімшілендіру", "Налоговое администрирование", "Tax administration"),
        (
            "Кедендік рәсімдерді жеңілдету",
            "Упрощение таможенных процедур",
            "Simplifying customs procedures",
        ),
    ],
    "samruk-kazyna": [
        (
            "Қордың инвестициялық жобалары",
            "Инвестиционные проекты Фонда",
            "The Fund's investment projects",
        ),
        (
            "Портфельдік компаниялардың қаржылық нәтижелері",
            "Финансовые результаты портфельных компаний",
            "Financial results of the portfolio companies",
        ),
    ],
    "kmg": [
        (
            "Мұнай өңдеу зауыттарын жаңғырту",
            "Модернизация нефтеперерабатывающих заводов",
            "Modernising the oil refineries",
        ),
        ("Мұнай-газ химиясын дамыту", "Развитие нефтегазохимии", "Developing petrochemicals"),
    ],
    "ktz": [
        (
            "Жолаушылар вагондарын жаңарту",
            "Обновление пассажирских вагонов",
            "Renewing the passenger carriages",
        ),
        ("Жүк тасымалының көлемі", "Объёмы грузоперевозок", "Freight volumes"),
    ],
    "qazindustry": [
        ("Өнеркәсіптік кооперация", "Промышленная кооперация", "Industrial cooperation"),
        (
            "Отандық тауарлар тізілімі",
            "Реестр отечественных товаров",
            "The register of domestic goods",
        ),
    ],
}
# An akimat's topics (and those of an agency without its own).
LOCAL_TOPICS = [
    (
        "Өңірдің әлеуметтік-экономикалық дамуының қорытындылары",
        "Итоги социально-экономического развития региона",
        "Results of the region's social and economic development",
    ),
    ("Жылу беру маусымының барысы", "Ход отопительного сезона", "Progress of the heating season"),
    (
        "Жолдарды жөндеу және абаттандыру",
        "Ремонт дорог и благоустройство",
        "Road repairs and public amenities",
    ),
    (
        "Тұрғын үй кезегі және әлеуметтік тұрғын үй",
        "Жилищная очередь и социальное жильё",
        "The housing queue and social housing",
    ),
    ("Қоғамдық көлік жұмысы", "Работа общественного транспорта", "Public transport"),
    ("Жастар саясаты", "Молодёжная политика", "Youth policy"),
]

# --- Places --------------------------------------------------------------------------------

# Region → its centre (kk, ru, en) and telephone code.
CITIES = {
    "astana": (("Астана", "Астана", "Astana"), "7172"),
    "almaty_city": (("Алматы", "Алматы", "Almaty"), "727"),
    "shymkent": (("Шымкент", "Шымкент", "Shymkent"), "7252"),
    "abai": (("Семей", "Семей", "Semey"), "7222"),
    "akmola": (("Көкшетау", "Кокшетау", "Kokshetau"), "7162"),
    "aktobe": (("Ақтөбе", "Актобе", "Aktobe"), "7132"),
    "almaty_region": (("Қонаев", "Конаев", "Konayev"), "72772"),
    "atyrau": (("Атырау", "Атырау", "Atyrau"), "7122"),
    "east_kazakhstan": (("Өскемен", "Усть-Каменогорск", "Oskemen"), "7232"),
    "zhambyl": (("Тараз", "Тараз", "Taraz"), "7262"),
    "zhetisu": (("Талдықорған", "Талдыкорган", "Taldykorgan"), "7282"),
    "west_kazakhstan": (("Орал", "Уральск", "Oral"), "7112"),
    "karaganda": (("Қарағанды", "Караганда", "Karaganda"), "7212"),
    "kostanay": (("Қостанай", "Костанай", "Kostanay"), "7142"),
    "kyzylorda": (("Қызылорда", "Кызылорда", "Kyzylorda"), "7242"),
    "mangystau": (("Ақтау", "Актау", "Aktau"), "7292"),
    "pavlodar": (("Павлодар", "Павлодар", "Pavlodar"), "7182"),
    "north_kazakhstan": (("Петропавл", "Петропавловск", "Petropavl"), "7152"),
    "turkistan": (("Түркістан", "Туркестан", "Turkistan"), "72533"),
    "ulytau": (("Жезқазған", "Жезказган", "Zhezkazgan"), "7102"),
}
# The regional centres central bodies visit, in turn.
VISITED = [
    "karaganda",
    "aktobe",
    "east_kazakhstan",
    "turkistan",
    "pavlodar",
    "kostanay",
    "mangystau",
    "zhambyl",
]
ONLINE = ("Онлайн, Zoom платформасы", "Онлайн, платформа Zoom", "Online, on Zoom")
# Where a body in the capital holds each format (the visit goes to a regional centre).
CAPITAL_PLACES = {
    EventFormat.PRESS_CONFERENCE: (
        "Астана, Орталық коммуникациялар қызметі",
        "Астана, Служба центральных коммуникаций",
        "Astana, Central Communications Service",
    ),
    EventFormat.BRIEFING: (
        "Астана, Үкімет үйі",
        "Астана, Дом Правительства",
        "Astana, Government House",
    ),
    EventFormat.INTERVIEW: (
        "Астана, «Хабар» агенттігінің студиясы",
        "Астана, студия агентства «Хабар»",
        "Astana, Khabar agency studio",
    ),
    EventFormat.FORUM: (
        "Астана, Тәуелсіздік сарайы",
        "Астана, Дворец Независимости",
        "Astana, Palace of Independence",
    ),
    EventFormat.ROUND_TABLE: (
        "Астана, Ұлттық академиялық кітапхана",
        "Астана, Национальная академическая библиотека",
        "Astana, National Academic Library",
    ),
    EventFormat.ONLINE_CONFERENCE: ONLINE,
}
ALMATY_FORUM = (
    "Алматы, «Атакент» іскерлік ынтымақтастық орталығы",
    "Алматы, Центр делового сотрудничества «Атакент»",
    "Almaty, Atakent business cooperation centre",
)
# Where an akimat holds each format, "{}" its city.
LOCAL_PLACES = {
    EventFormat.PRESS_CONFERENCE: (
        "{}, әкімдіктің баспасөз орталығы",
        "{}, пресс-центр акимата",
        "{}, the akimat's press centre",
    ),
    EventFormat.BRIEFING: (
        "{}, әкімдіктің мәжіліс залы",
        "{}, конференц-зал акимата",
        "{}, the akimat's conference hall",
    ),
    EventFormat.INTERVIEW: (
        "{}, өңірлік телеарнаның студиясы",
        "{}, студия регионального телеканала",
        "{}, regional TV studio",
    ),
    EventFormat.FORUM: ("{}, Достық үйі", "{}, Дом дружбы", "{}, House of Friendship"),
    EventFormat.VISIT: (
        "{} маңындағы елді мекендер",
        "Населённые пункты в окрестностях города {}",
        "Settlements around {}",
    ),
    EventFormat.ROUND_TABLE: (
        "{}, әкімдіктің мәжіліс залы",
        "{}, конференц-зал акимата",
        "{}, the akimat's conference hall",
    ),
    EventFormat.ONLINE_CONFERENCE: ONLINE,
}
VISIT_PLACE = ("{} қаласы", "город {}", "{}")

# --- What each format says -----------------------------------------------------------------

# Format → (title, goal and tasks, expected result), "{}" the topic in the same language.
FORMAT_TEXTS = {
    EventFormat.PRESS_CONFERENCE: (
        ("Баспасөз конференциясы: {}", "Пресс-конференция: {}", "Press conference: {}"),
        (
            "{} туралы БАҚ-ты хабардар ету және журналистердің сұрақтарына жауап беру.",
            "Проинформировать СМИ по теме «{}» и ответить на вопросы журналистов.",
            "Inform the media about “{}” and answer journalists' questions.",
        ),
        (
            "БАҚ-та дәл әрі толық жарияланымдар, азаматтардың сұрақтарына жауаптар.",
            "Точные и полные публикации в СМИ, ответы на вопросы граждан.",
            "Accurate and complete media coverage; answers to citizens' questions.",
        ),
    ),
    EventFormat.BRIEFING: (
        ("Брифинг: {}", "Брифинг: {}", "Briefing: {}"),
        (
            "{} бойынша ағымдағы ахуалды түсіндіру.",
            "Разъяснить текущую ситуацию по теме «{}».",
            "Explain the current situation on “{}”.",
        ),
        (
            "Журналистер ресми ақпаратты бірінші болып алады.",
            "Журналисты получают официальную информацию из первых рук.",
            "Journalists get the official information first-hand.",
        ),
    ),
    EventFormat.INTERVIEW: (
        ("Сұхбат: {}", "Интервью: {}", "Interview: {}"),
        (
            "{} бойынша ведомствоның ұстанымын кеңінен түсіндіру.",
            "Подробно разъяснить позицию ведомства по теме «{}».",
            "Explain the agency's position on “{}” in depth.",
        ),
        (
            "Телеарна мен сайттарда толық сұхбат жарияланады.",
            "Полное интервью выходит на телеканале и сайтах.",
            "The full interview is broadcast and published online.",
        ),
    ),
    EventFormat.FORUM: (
        ("Форум: {}", "Форум: {}", "Forum: {}"),
        (
            "{} бойынша сарапшылар, бизнес және мемлекеттік органдар арасында диалог құру.",
            "Организовать диалог экспертов, бизнеса и госорганов по теме «{}».",
            "Bring experts, business and state bodies together on “{}”.",
        ),
        (
            "Ұсыныстар әзірленіп, қорытынды құжат қабылданады.",
            "Выработаны предложения, принят итоговый документ.",
            "Proposals drafted and a final document adopted.",
        ),
    ),
    EventFormat.VISIT: (
        ("Жұмыс сапары: {}", "Рабочая поездка: {}", "Working visit: {}"),
        (
            "{} бойынша жергілікті жерлерде атқарылып жатқан жұмыспен танысу.",
            "Ознакомиться на местах с ходом работ по теме «{}».",
            "See on site how the work on “{}” progresses.",
        ),
        (
            "Жұмыс барысы бойынша нақты тапсырмалар беріледі.",
            "Даны конкретные поручения по ходу работ.",
            "Specific instructions given on the work in progress.",
        ),
    ),
    EventFormat.ROUND_TABLE: (
        ("Дөңгелек үстел: {}", "Круглый стол: {}", "Round table: {}"),
        (
            "{} бойынша қоғам өкілдерімен пікір алмасу.",
            "Обсудить с представителями общественности тему «{}».",
            "Discuss “{}” with representatives of the public.",
        ),
        (
            "Қоғамның ұсыныстары жинақталып, ведомствоға жолданады.",
            "Предложения общественности обобщены и направлены в ведомство.",
            "The public's proposals collected and sent to the agency.",
        ),
    ),
    EventFormat.ONLINE_CONFERENCE: (
        ("Онлайн-конференция: {}", "Онлайн-конференция: {}", "Online conference: {}"),
        (
            "{} бойынша азаматтардың сұрақтарына онлайн режимде жауап беру.",
            "Ответить в онлайн-режиме на вопросы граждан по теме «{}».",
            "Answer citizens' questions on “{}” online.",
        ),
        (
            "Азаматтар сұрақтарына тікелей жауап алады.",
            "Граждане получают ответы на свои вопросы напрямую.",
            "Citizens get direct answers to their questions.",
        ),
    ),
}
KEY_MESSAGES = (
    "{}: атқарылған жұмыстың нәтижелері мен алдағы міндеттер. Азаматтар үшін нақты өзгерістер "
    "мен мерзімдер.",
    "{}: результаты проделанной работы и предстоящие задачи. Конкретные изменения и сроки для "
    "граждан.",
    "{}: the results achieved and the tasks ahead. Concrete changes and timelines for citizens.",
)
PARTICIPANTS = (
    "Журналистер, сарапшылар, қоғам өкілдері",
    "Журналисты, эксперты, представители общественности",
    "Journalists, experts, representatives of the public",
)
ATAMEKEN = (
    " және «Атамекен» ұлттық кәсіпкерлер палатасы",
    " и Национальная палата предпринимателей «Атамекен»",
    " and the Atameken National Chamber of Entrepreneurs",
)
# Format, in turn: briefings and press conferences most, a forum now and then.
FORMAT_CYCLE = [
    EventFormat.BRIEFING,
    EventFormat.PRESS_CONFERENCE,
    EventFormat.INTERVIEW,
    EventFormat.BRIEFING,
    EventFormat.ROUND_TABLE,
    EventFormat.ONLINE_CONFERENCE,
    EventFormat.VISIT,
    EventFormat.PRESS_CONFERENCE,
    EventFormat.FORUM,
]
# Format → (hours it lasts, its fixed start hour or None).
TIMING = {
    EventFormat.PRESS_CONFERENCE: (1, None),
    EventFormat.BRIEFING: (1, None),
    EventFormat.INTERVIEW: (1, None),
    EventFormat.FORUM: (6, 10),
    EventFormat.VISIT: (5, 9),
    EventFormat.ROUND_TABLE: (2, None),
    EventFormat.ONLINE_CONFERENCE: (2, None),
}
START_HOURS = (10, 11, 15, 12, 16, 14)

# --- Speakers ------------------------------------------------------------------------------

PEOPLE = [
    ("Айгүл Серікова", "Айгуль Серикова", "Aigul Serikova"),
    ("Ерлан Жақсыбеков", "Ерлан Жаксыбеков", "Yerlan Zhaksybekov"),
    ("Мәдина Әбдірахманова", "Мадина Абдрахманова", "Madina Abdrakhmanova"),
    ("Нұрлан Қасымов", "Нурлан Касымов", "Nurlan Kassymov"),
    ("Гүлнар Төлеуова", "Гульнар Тулеуова", "Gulnar Tuleuova"),
    ("Бауыржан Өмірзақов", "Бауыржан Омирзаков", "Bauyrzhan Omirzakov"),
    ("Сәуле Ысқақова", "Сауле Искакова", "Saule Iskakova"),
    ("Дәурен Мұхамеджанов", "Даурен Мухамеджанов", "Dauren Mukhamedzhanov"),
    ("Әсел Бекмұхамбетова", "Асель Бекмухамбетова", "Assel Bekmukhambetova"),
    ("Талғат Үсенов", "Талгат Усенов", "Talgat Ussenov"),
    ("Жанар Құдайбергенова", "Жанар Кудайбергенова", "Zhanar Kudaibergenova"),
]
# Agency kind → (the head speaking, the expert beside them).
POSITIONS = {
    "central": (
        ("Вице-министр", "Вице-министр", "Vice minister"),
        ("Департамент директоры", "Директор департамента", "Department director"),
    ),
    "authorized": (
        ("Вице-министр", "Вице-министр", "Vice minister"),
        ("Департамент директоры", "Директор департамента", "Department director"),
    ),
    "committee": (
        ("Комитет төрағасы", "Председатель комитета", "Chairman of the committee"),
        ("Басқарма басшысы", "Руководитель управления", "Head of division"),
    ),
    "local": (
        ("Әкімнің орынбасары", "Заместитель акима", "Deputy akim"),
        ("Басқарма басшысы", "Руководитель управления", "Head of department"),
    ),
    "company": (
        (
            "Басқарма төрағасының орынбасары",
            "Заместитель председателя правления",
            "Deputy chairman of the management board",
        ),
        ("Басқарушы директор", "Управляющий директор", "Managing director"),
    ),
}
TWO_SPEAKERS = {EventFormat.PRESS_CONFERENCE, EventFormat.FORUM, EventFormat.ROUND_TABLE}
SPEECH_LANGUAGES = ("kk", "ru", "kk", "en", "kk", "ru")

# --- Announcements -------------------------------------------------------------------------

CANCEL_REASONS = [
    (
        "Спикердің іссапарына байланысты.",
        "В связи с командировкой спикера.",
        "The speaker is on a business trip.",
    ),
    (
        "Іс-шара Үкімет отырысымен тұспа-тұс келді.",
        "Мероприятие совпало с заседанием Правительства.",
        "The event clashed with a Government meeting.",
    ),
]
POSTPONE_REASONS = [
    (
        "Ұйымдастыру мәселелеріне байланысты кейінге қалдырылды; жаңа күні кейін хабарланады.",
        "Отложено по организационным причинам; новая дата будет объявлена позже.",
        "Postponed for organisational reasons; the new date will be announced later.",
    ),
]
RESCHEDULE_REASONS = [
    ("Спикердің кестесі өзгерді.", "Изменился график спикера.", "The speaker's schedule changed."),
    (
        "Ауа райының қолайсыздығына байланысты.",
        "В связи с неблагоприятными погодными условиями.",
        "Because of bad weather.",
    ),
]
# An event's place among every agency's events decides an announcement: one in this many.
ANNOUNCEMENT_EVERY = 37


@dataclass
class DemoEvent:
    """One demo event: the fields `Event` takes, its speakers, its state and (for an
    announced one) its reason per language."""

    slug: str
    week: int  # weeks from this week's Monday
    state: str
    fields: dict
    speakers: list[dict] = field(default_factory=list)
    reason: dict = field(default_factory=dict)


def _per_language(name: str, texts) -> dict[str, str]:
    return dict(zip((f"{name}_kk", f"{name}_ru", f"{name}_en"), texts, strict=True))


def _fill(templates, values) -> tuple[str, str, str]:
    return tuple(template.format(value) for template, value in zip(templates, values, strict=True))


def _place(agency, event_format, index: int):
    city, _code = CITIES.get(agency.region, CITIES["astana"])
    if agency.kind == "local":
        return _fill(LOCAL_PLACES[event_format], city)
    if event_format == EventFormat.VISIT:
        visited, _code = CITIES[VISITED[index % len(VISITED)]]
        return _fill(VISIT_PLACE, visited)
    if event_format == EventFormat.FORUM and index % 2:
        return ALMATY_FORUM
    return CAPITAL_PLACES[event_format]


def _contacts(agency, index: int) -> tuple[str, str]:
    """The press office's e-mail and telephone."""
    _city, code = CITIES.get(agency.region, CITIES["astana"])
    email = agency.email or (
        f"press@{agency.slug}.kz" if agency.kind == "company" else f"press@{agency.slug}.gov.kz"
    )
    return email, f"+7 {code} {50 + index % 40:02d} {index % 7}0 {10 + index % 89:02d}"


def _speakers(agency, event_format, index: int, week: int) -> list[dict]:
    head, expert = POSITIONS.get(agency.kind, POSITIONS["central"])
    email, phone = _contacts(agency, index)
    roles = [head, expert] if event_format in TWO_SPEAKERS else [head]
    return [
        {
            **_per_language("name", PEOPLE[(index * 2 + number) % len(PEOPLE)]),
            **_per_language("position", position),
            "contacts": f"{email}, {phone}",
            "language": SPEECH_LANGUAGES[(index + week + number) % len(SPEECH_LANGUAGES)],
        }
        for number, position in enumerate(roles)
    ]


def _state(slug: str, week: int, number: int) -> tuple[str, dict]:
    """Past and near weeks are published; the week after next planned (the ministry's grid
    to compose); later weeks planned or still drafts. One public event in
    ANNOUNCEMENT_EVERY is announced: cancelled, postponed or rescheduled."""
    if week <= 1:
        calm = week == 1 and slug in CALM_COMING_WEEK
        turn = number % ANNOUNCEMENT_EVERY
        if not calm and turn == 0:
            return EventState.CANCELLED, CANCEL_REASONS[number % len(CANCEL_REASONS)]
        if not calm and turn == 12:
            return EventState.POSTPONED, POSTPONE_REASONS[0]
        if not calm and turn == 25:
            return EventState.RESCHEDULED, RESCHEDULE_REASONS[1]
        return EventState.PUBLISHED, ()
    if week == 2 or (number + week) % 3:
        return EventState.PLANNED, ()
    return EventState.DRAFT, ()


def _holds_event(index: int, slug: str, week: int) -> bool:
    """Three weeks in four, and always in the coming week for some."""
    if week == 1 and slug in ALWAYS_IN_COMING_WEEK:
        return True
    return (index + week) % 4 != 0


def demo_events(agencies, monday: dt.date) -> list[DemoEvent]:
    """The demo's events of `agencies` (Agency rows or alike: slug, kind, region, email,
    name_kk/_ru/_en) for the weeks FIRST_WEEK … LAST_WEEK around the week of `monday`: one
    event in three weeks out of four, a second one now and then for a central body; every
    text in kk, ru and en."""
    events = []
    number = 0
    for index, agency in enumerate(agencies):
        topics = TOPICS.get(agency.slug, LOCAL_TOPICS)
        names = (agency.name_kk, agency.name_ru, agency.name_en)
        for week in range(FIRST_WEEK, LAST_WEEK + 1):
            if not _holds_event(index, agency.slug, week):
                continue
            count = 2 if agency.kind == "central" and (index + week) % 5 == 0 else 1
            for extra in range(count):
                turn = index * 3 + week + extra * 4
                event_format = FORMAT_CYCLE[turn % len(FORMAT_CYCLE)]
                topic = topics[(index + week + extra) % len(topics)]
                hours, fixed = TIMING[event_format]
                day = (index + 2 * week + extra * 2) % 5  # Monday … Friday
                if event_format == EventFormat.FORUM and (index + week) % 4 == 1:
                    day = 5  # a Saturday forum
                minute = 30 if (index + week) % 5 == 2 and fixed is None else 0
                hour = fixed or START_HOURS[(index + week + extra) % len(START_HOURS)]
                starts_at = timezone.make_aware(
                    dt.datetime.combine(
                        monday + dt.timedelta(days=7 * week + day), dt.time(hour, minute)
                    )
                )
                title, goal, result = FORMAT_TEXTS[event_format]
                email, phone = _contacts(agency, index)
                organisers = names
                if event_format == EventFormat.FORUM:
                    organisers = tuple(
                        name + joint for name, joint in zip(names, ATAMEKEN, strict=True)
                    )
                state, reason = _state(agency.slug, week, number)
                events.append(
                    DemoEvent(
                        slug=agency.slug,
                        week=week,
                        state=state,
                        fields={
                            "format": event_format,
                            "starts_at": starts_at,
                            "ends_at": starts_at + dt.timedelta(hours=hours),
                            "main_news_candidate": event_format
                            in (EventFormat.PRESS_CONFERENCE, EventFormat.FORUM)
                            and agency.kind in ("central", "authorized")
                            and (index + week) % 2 == 0,
                            **_per_language("title", _fill(title, topic)),
                            **_per_language("place", _place(agency, event_format, turn)),
                            **_per_language("organisers", organisers),
                            **_per_language("goal", _fill(goal, topic)),
                            **_per_language("key_messages", _fill(KEY_MESSAGES, topic)),
                            **_per_language("expected_result", result),
                            **_per_language("participants", PARTICIPANTS),
                            "contacts": f"{email}, {phone}",
                        },
                        speakers=_speakers(agency, event_format, index, week),
                        reason=dict(zip(("kk", "ru", "en"), reason, strict=True)) if reason else {},
                    )
                )
                number += 1
    return events
