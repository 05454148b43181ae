"""The demo's accredited journalists (`manage.py seed_demo_accreditation`): one row per
journalist, so each role sees the whole flow after `make run` (003 §8.3). Pure: no database.

(username, full name, outlet, position, agency slug, kind, days valid from today or None,
state). The demo user "journalist" of `seed_demo` is the first; the others have no
password (they cannot sign in)."""

JOURNALISTS = [
    (
        "journalist",
        "Айгерім Сәрсенова",
        "Kazinform",
        "Тілші",
        "health",
        "permanent",
        None,
        "approved",
    ),
    (
        "journalist-temporary",
        "Дмитрий Ким",
        "Tengrinews",
        "Корреспондент",
        "health",
        "temporary",
        6,
        "approved",
    ),
    (
        "journalist-revoked",
        "Нұрлан Омаров",
        "Astana TV",
        "Оператор",
        "health",
        "permanent",
        None,
        "revoked",
    ),
    (
        "journalist-applied",
        "Sarah Miller",
        "Reuters",
        "Central Asia correspondent",
        "health",
        "temporary",
        30,
        "applied",
    ),
]
REVOKED_REASON = "Нарушение правил аккредитации: съёмка в закрытой зоне."
PHONE = "+7 701 555 01 0{}"
# A 1×1 grey PNG: the demo's photo of everyone.
PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000a"
    "49444154789c636800000082008177cd72b60000000049454e44ae426082"
)
