"""The dated rules of the seeds, with the seed's values as defaults (SPEC §8).

Each rule cites its source; the authorized body changes them in the admin.
"""

import datetime as dt

from django.db import migrations

CENTRAL, COMMITTEE, LOCAL, COMPANY, AUTHORIZED = (
    "central", "committee", "local", "company", "authorized"
)
AGENCIES = [CENTRAL, LOCAL, COMPANY]
EVERY_PRESS_OFFICE = [CENTRAL, COMMITTEE, LOCAL, COMPANY]
HEAD_AND_MINISTRY = ["agency_head", "authorized_staff"]

# code, recurrence, fields, (name kk, ru, en), (description kk, ru, en)
RULES = [
    ("mediaplan-submission", "dates", {"months": [12], "day_of_month": 1, "open_days_before": 30,
        "reminder_days": [7, 3, 1, 0], "agency_kinds": AGENCIES},
     ("Келесі жылға арналған медиажоспар", "Медиаплан на следующий год", "Media-plan for the next year"),
     ("Медиажоспар ұсыныстары мен өңірлік жобалар орталық коммуникациялар қызметіне 1 желтоқсанға дейін жіберіледі (000, 2.2-тармақ).",
      "Предложения и проекты региональных медиапланов направляются в Службу центральных коммуникаций до 1 декабря (000, п. 2.2).",
      "Media-plan proposals and regional drafts go to the central communications service by 1 December (000 §2.2).")),
    ("thematic-proposals", "dates", {"months": [1, 7], "day_of_month": 1, "open_days_before": 21,
        "agency_kinds": EVERY_PRESS_OFFICE},
     ("Медиажоспарға тақырыптық ұсыныстар", "Тематические предложения в медиаплан", "Thematic proposals for the media-plan"),
     ("1 және 3-тоқсанның бірінші айының 1-күнінен кешіктірмей уәкілетті органға ұсынылады (004, 5-тармақ).",
      "Представляются уполномоченному органу не позднее 1-го числа первого месяца 1 и 3 квартала (004, п. 5).",
      "Sent to the authorized body no later than the 1st day of the first month of the 1st and 3rd quarter (004 §5).")),
    ("mediaplan-approval", "dates", {"months": [1, 7], "day_of_month": 20, "open_days_before": 21,
        "agency_kinds": [AUTHORIZED], "escalate_to": ["authorized_staff"]},
     ("Медиажоспарды мақұлдау", "Одобрение медиаплана", "Approval of the media-plan"),
     ("Уәкілетті орган медиажоспарды 1 және 3-тоқсанның бірінші айының 20-сынан кешіктірмей әзірлейді және мақұлдайды (004, 6-тармақ).",
      "Уполномоченный орган разрабатывает и одобряет медиаплан не позднее 20-го числа первого месяца 1 и 3 квартала (004, п. 6).",
      "The authorized body drafts and approves the media-plan by the 20th of the first month of the 1st and 3rd quarter (004 §6).")),
    ("mediaplan-quarterly-update", "dates", {"months": [3, 6, 9, 12], "day_of_month": 31,
        "open_days_before": 14, "agency_kinds": EVERY_PRESS_OFFICE},
     ("Медиажоспарды тоқсан сайын өзектендіру", "Ежеквартальная актуализация медиаплана", "Quarterly update of the media-plan"),
     ("Уәкілетті тұлға медиажоспарды тоқсанына бір рет өзекті етеді (004, 5-тармақ); әдепкі бойынша тоқсанның соңғы күніне дейін.",
      "Уполномоченное лицо актуализирует медиаплан один раз в квартал (004, п. 5); по умолчанию до последнего дня квартала.",
      "The authorized person brings the media-plan up to date once a quarter (004 §5); by default by the quarter's last day.")),
    ("monthly-report", "dates", {"months": list(range(1, 13)), "day_of_month": 25,
        "open_days_before": 10, "agency_kinds": EVERY_PRESS_OFFICE},
     ("Медиажоспардың орындалуы туралы ай сайынғы ақпарат", "Ежемесячная информация о реализации медиаплана", "Monthly report on the media-plan"),
     ("Ай сайын есептік кезеңнің 25-інен кешіктірмей еркін нысанда ұсынылады (004, 8-тармақ).",
      "Ежемесячно, не позднее 25 числа отчётного периода, в произвольной форме (004, п. 8).",
      "Every month, no later than the 25th of the reporting month, in free form (004 §8).")),
    ("weekly-information", "weekly", {"weekday": 3, "open_days_before": 7,
        "reminder_days": [1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Алдағы аптаға арналған ақпарат", "Информация на предстоящую неделю", "Information for the coming week"),
     ("Апта сайын бейсенбі күні қосымшадағы нысан бойынша уәкілетті органға жолданады (004, 10-тармақ).",
      "Еженедельно по четвергам направляется уполномоченному органу по форме приложения (004, п. 10).",
      "Every Thursday, on the appendix form, to the authorized body (004 §10).")),
    ("media-grid", "weekly", {"weekday": 3, "amount": 1, "unit": "working_days",
        "open_days_before": 8, "reminder_days": [0], "agency_kinds": [AUTHORIZED],
        "escalate_to": ["authorized_staff"]},
     ("Апталық медиа-грид", "Еженедельный медиа-грид", "Weekly media-grid"),
     ("Уәкілетті орган апталық медиа-гридті қалыптастырып, бір жұмыс күні ішінде БАҚ-қа жолдайды (004, 11-тармақ).",
      "Уполномоченный орган формирует еженедельный медиа-грид и в течение одного рабочего дня направляет его в СМИ (004, п. 11).",
      "The authorized body forms the weekly media-grid and sends it to the media within one working day (004 §11).")),
    ("reference-materials", "event", {"amount": 1, "unit": "working_days", "reminder_days": [0],
        "agency_kinds": EVERY_PRESS_OFFICE},
     ("Ақпараттық-анықтамалық материалдар", "Информационно-справочные материалы", "Reference materials"),
     ("Сұрау салу келіп түскен күннен бір жұмыс күні ішінде ұсынылады (004, 13-тармақ).",
      "Представляются в течение одного рабочего дня со дня поступления запроса (004, п. 13).",
      "Provided within one working day of receiving the request (004 §13).")),
    ("spokesperson-notice", "event", {"amount": 1, "unit": "working_days", "reminder_days": [0],
        "agency_kinds": EVERY_PRESS_OFFICE},
     ("Уәкілетті тұлғаның тағайындалуы туралы хабарлама", "Уведомление о назначении уполномоченного лица", "Notice of a spokesperson's appointment"),
     ("Орган уәкілетті органды тағайындау туралы бір жұмыс күні ішінде хабардар етеді (004, 3-тармақ).",
      "Орган информирует уполномоченный орган о назначении в течение одного рабочего дня (004, п. 3).",
      "The agency informs the authorized body of the appointment within one working day (004 §3).")),
    ("cross-agency-input", "event", {"amount": 1, "unit": "working_days", "reminder_days": [0],
        "agency_kinds": EVERY_PRESS_OFFICE},
     ("Бірнеше органға қатысты мәселе бойынша ақпарат", "Информация по вопросу, касающемуся нескольких органов", "Input on an issue concerning several agencies"),
     ("Бірыңғай күн тәртібі үшін өз құзыреті шеңберіндегі ақпарат бір жұмыс күні ішінде ұсынылады (004, 10-тармақ).",
      "Информация в пределах компетенции для единой повестки представляется в течение одного рабочего дня (004, п. 10).",
      "What is within the agency's competence, for one agenda, within one working day (004 §10).")),
    ("request-answer", "event", {"amount": 15, "reminder_days": [3, 1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Сұраққа жауап", "Ответ на обращение", "Answer to a request"),
     ("Сұрақ келіп түскен күннен бастап 15 күнтізбелік күн ішінде қаралады (002, 38-тармақ).",
      "Вопрос рассматривается в течение 15 календарных дней со дня поступления (002, п. 38).",
      "The question is answered within 15 calendar days of receipt (002 §38).")),
    ("request-extension", "event", {"amount": 30, "reminder_days": [3, 1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Ұзартылған мерзімде жауап", "Ответ в продлённый срок", "Answer within the extended period"),
     ("Басшы қарау мерзімін 30 күнтізбелік күннен аспайтын мерзімге ұзартады (002, 39-тармақ).",
      "Руководитель продлевает срок рассмотрения не более чем на 30 календарных дней (002, п. 39).",
      "The head extends the period by at most 30 calendar days (002 §39).")),
    ("request-extension-notice", "event", {"amount": 3, "reminder_days": [1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Өтініш берушіге ұзарту туралы хабарлама", "Уведомление заявителя о продлении", "Telling the requester of the extension"),
     ("Ұзарту туралы өтініш берушіге 3 күнтізбелік күн ішінде хабарланады (002, 39-тармақ).",
      "О продлении сообщается заявителю в течение 3 календарных дней (002, п. 39).",
      "The requester is told within 3 calendar days of the extension (002 §39).")),
    ("blog-unit-answer", "event", {"amount": 10, "agency_kinds": EVERY_PRESS_OFFICE},
     ("Блог-платформа: бөлімшенің жауабы", "Блог-платформа: ответ подразделения", "Blog platform: the unit's answer"),
     ("Құрылымдық бөлімше сұрақты 10 күнтізбелік күн ішінде қарайды (002, 45-тармақ).",
      "Структурное подразделение рассматривает вопрос в течение 10 календарных дней (002, п. 45).",
      "The unit answers within 10 calendar days (002 §45).")),
    ("blog-press-edit", "event", {"amount": 2, "reminder_days": [1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Блог-платформа: баспасөз хатшысының редакциясы", "Блог-платформа: редактура пресс-секретаря", "Blog platform: the press secretary's edit"),
     ("Баспасөз хатшысы жауапты 2 күн ішінде түзетіп, басшыға келісуге береді (002, 46-тармақ).",
      "Пресс-секретарь корректирует ответ и передаёт на согласование в течение 2 дней (002, п. 46).",
      "The press secretary edits the answer and passes it for approval within 2 days (002 §46).")),
    ("blog-publication", "event", {"amount": 1, "reminder_days": [0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Блог-платформа: жауапты жариялау", "Блог-платформа: размещение ответа", "Blog platform: publishing the answer"),
     ("Келісілген жауап 1 күн ішінде орналастырылады; пысықтау да 1 күн ішінде (002, 47-тармақ).",
      "Согласованный ответ размещается в течение 1 дня; доработка — также в течение 1 дня (002, п. 47).",
      "The approved answer is published within 1 day; rework also within 1 day (002 §47).")),
    ("redirect-unit-notice", "event", {"amount": 2, "unit": "working_days", "reminder_days": [1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Құзыретке жатпайтын сұрақ: бөлімшенің хабарламасы", "Вопрос вне компетенции: уведомление подразделения", "Not our competence: the unit tells the press secretary"),
     ("Бөлімше баспасөз хатшысына 2 жұмыс күні ішінде хабарлайды (002, 48-тармақ).",
      "Подразделение уведомляет пресс-секретаря не позднее 2 рабочих дней (002, п. 48).",
      "The unit tells the press secretary within 2 working days (002 §48).")),
    ("redirect-to-competent-body", "event", {"amount": 3, "unit": "working_days", "reminder_days": [1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Сұрақты құзыретті органға жолдау", "Переадресация вопроса по компетенции", "Redirecting the question to the competent body"),
     ("Баспасөз хатшысы сұрақ келіп түскен күннен бастап 3 жұмыс күнінен кешіктірмей жолдайды (002, 48-тармақ).",
      "Пресс-секретарь направляет вопрос не позднее 3 рабочих дней со дня поступления (002, п. 48).",
      "The press secretary redirects it within 3 working days of receipt (002 §48).")),
    ("media-request-answer", "event", {"amount": 5, "unit": "working_days", "agency_kinds": EVERY_PRESS_OFFICE},
     ("БАҚ сұрауына жауап", "Ответ на запрос СМИ", "Answer to a media request"),
     ("5 жұмыс күні ішінде («Бұқаралық ақпарат құралдары туралы» 2024 жылғы Заң, 36-бап, ашық дереккөздер бойынша; тұқымдық құжаттарда жоқ — тексеру қажет).",
      "В течение 5 рабочих дней (Закон «О средствах массовой информации» 2024 г., ст. 36, по открытым источникам; в исходных документах нет — проверить).",
      "Within 5 working days (Law on mass media of 2024, art. 36, as reported publicly; not in the seeds — verify).")),
    ("media-request-extension", "event", {"amount": 15, "agency_kinds": EVERY_PRESS_OFFICE},
     ("БАҚ сұрауы: ұзартылған мерзім", "Запрос СМИ: продлённый срок", "Media request: extended period"),
     ("Басшы бір рет 15 күнтізбелік күнге дейін ұзартады (Заң, 36-бап; тексеру қажет).",
      "Руководитель однократно продлевает до 15 календарных дней (Закон, ст. 36; проверить).",
      "The head extends once, by up to 15 calendar days (Law, art. 36; verify).")),
    ("media-request-extension-notice", "event", {"amount": 2, "unit": "working_days", "reminder_days": [1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("БАҚ-қа ұзарту туралы хабарлама", "Уведомление СМИ о продлении", "Telling the outlet of the extension"),
     ("БАҚ-қа 2 жұмыс күні ішінде хабарланады (Заң, 36-бап; тексеру қажет).",
      "СМИ сообщается в течение 2 рабочих дней (Закон, ст. 36; проверить).",
      "The outlet is told within 2 working days (Law, art. 36; verify).")),
    ("website-material", "event", {"amount": -2, "unit": "working_days", "reminder_days": [1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Сайтқа материал", "Материал для сайта", "Material for the website"),
     ("Материал баспасөз хатшысына жарияланудан кемінде 2 жұмыс күні бұрын беріледі (002, 11-тармақ).",
      "Материал предоставляется пресс-секретарю не менее чем за 2 рабочих дня до размещения (002, п. 11).",
      "Material reaches the press secretary at least 2 working days before publication (002 §11).")),
    ("website-procurement-notice", "event", {"amount": 1, "unit": "working_days", "reminder_days": [0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Сайтқа сатып алу туралы хабарландыру", "Объявление о закупках для сайта", "Procurement notice for the website"),
     ("Хабарландыру жарияланған сәттен бастап 1 жұмыс күні ішінде беріледі (002, 11-тармақ).",
      "Предоставляется в течение 1 рабочего дня с момента опубликования объявления (002, п. 11).",
      "Provided within 1 working day of the notice's publication (002 §11).")),
    ("website-graphic-material", "event", {"amount": -3, "unit": "working_days", "reminder_days": [1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Графикалық өңдеуді қажет ететін материал", "Материал, требующий графической обработки", "Material needing graphic work"),
     ("Жарияланудан кемінде 3 жұмыс күні бұрын беріледі (002, 11-тармақ).",
      "Предоставляется не менее чем за 3 рабочих дня до размещения (002, п. 11).",
      "Provided at least 3 working days before publication (002 §11).")),
    ("website-translation", "event", {"amount": 2, "reminder_days": [1, 0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Мемлекеттік және ағылшын тілдеріне аудару", "Перевод на государственный и английский языки", "Translation into Kazakh and English"),
     ("Материал 2 күннен кешіктірмей аударуға жіберіледі (002, 13-тармақ).",
      "Материал направляется на перевод не позднее 2 дней (002, п. 13).",
      "Material goes for translation within 2 days (002 §13).")),
    ("website-posting", "event", {"amount": 1, "reminder_days": [0], "agency_kinds": EVERY_PRESS_OFFICE},
     ("Сайтқа орналастыру", "Размещение на сайте", "Posting on the website"),
     ("Орналастыру мерзімі материал келіп түскен сәттен бастап 1 күннен аспайды (002, 14-тармақ).",
      "Срок размещения не превышает 1 дня с момента поступления материала (002, п. 14).",
      "Posting takes no more than 1 day from receipt of the material (002 §14).")),
]


def load_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for code, recurrence, fields, names, descriptions in RULES:
        defaults = {
            "recurrence": recurrence,
            "time_of_day": dt.time(18, 0),
            "escalate_to": HEAD_AND_MINISTRY,
            **fields,
        }
        for language, name, description in zip(("kk", "ru", "en"), names, descriptions, strict=True):
            defaults[f"name_{language}"] = name
            defaults[f"description_{language}"] = description
        defaults["name"], defaults["description"] = names[0], descriptions[0]
        DeadlineRule.objects.update_or_create(code=code, defaults=defaults)


def unload_rules(apps, schema_editor):
    apps.get_model("deadlines", "DeadlineRule").objects.filter(
        code__in=[rule[0] for rule in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(load_rules, unload_rules)]
