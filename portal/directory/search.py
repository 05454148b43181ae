"""Sort keys in each language's alphabet and search skeletons that forgive transliteration.

Pure functions (no database): `sort_key` and `search_skeleton` are stored on every agency and
spokesperson by `with_search_keys`, which the models' `save()` and every `bulk_create` call.
Migration `0008_search_and_sort_keys` holds a frozen copy for the rows that existed before.

**Sort keys.** Neither SQLite nor PostgreSQL's default collation knows that Kazakh puts Ә
after А and І after Ы, so each language's key is computed here: an ASCII string of digits,
five per character, which every collation orders the same way. Case is ignored; whitespace
and hyphens separate words and come first ("Жер" before "Жерге"); other punctuation (quotes,
dots, brackets) is ignored; digits come before letters; letters outside the language's
alphabet (Latin in Kazakh or Russian, Cyrillic in English) come after it in code-point order.

**Search skeletons.** One spelling for the many a person types (SPEC: names exist in Kazakh,
Russian and English, and people type Kazakh letters as Russian ones):

1. lower case; the Kazakh-only letters become the Russian ones people type instead
   (ә→а ғ→г қ→к ң→н ө→о ұ→у ү→у һ→х і→и), ё→е;
2. Cyrillic becomes Latin by one scheme (ж→zh, х→h, ц→c, ч→ch, ш/щ→sh, ы/й→y, ю→yu, я→ya,
   ъ and ь dropped);
3. the Latin spellings are folded, in this order: accents (ž→zh, š and ş→sh, č and ç→ch, other
   marks dropped, ı→i, q→k), j→zh (Kazakh usage: Jaksybekov = Жақсыбеков), dzh→zh,
   shch→sh, kh→h, ts→c, y→i (yu/iu, ya/ia, ы/и, й/и), doubled letters once, ie→e
   (-yev/-iev/-ev: Sergeyev = Sergeev; Yerlan = Erlan), doubled letters once again.

Text and query go through the same steps, so "Жақсыбеков", "Жаксыбеков", "Zhaksybekov",
"Jaksybekov" and "Žaksybekov" all read "zhaksibekov", and "денсаулык" finds "Денсаулық".
"""

import re
import unicodedata

# The alphabets of the brief, in their order (upper case only: keys are case-insensitive).
ALPHABETS = {
    "kk": "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ",
    "ru": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "en": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
}
SORT_KEY_WIDTH = 5  # digits per character
SORT_KEY_CHARACTERS = 64  # characters of the text a key orders by (ties are rare and stable)
SORT_KEY_LENGTH = SORT_KEY_WIDTH * SORT_KEY_CHARACTERS
_SEPARATOR = 0  # whitespace and hyphens: a word ends before any letter
_DIGITS = 10  # 0-9 → 10..19
_LETTERS = 100  # the alphabet → 100..
_OTHER = 1000  # anything else → 1000 + its code point (capped to the width)
_LARGEST = 10**SORT_KEY_WIDTH - 1


def _rank(character: str, letters: dict[str, int]) -> int | None:
    """The code of one upper-case character; None when it is ignored."""
    if character in letters:
        return _LETTERS + letters[character]
    if character.isdigit() and character in "0123456789":
        return _DIGITS + int(character)
    if character.isspace() or character in "-‐‑–—":
        return _SEPARATOR
    if unicodedata.category(character).startswith(("P", "C")):
        return None
    return min(_OTHER + ord(character), _LARGEST)


_RANKS = {language: {c: i for i, c in enumerate(a)} for language, a in ALPHABETS.items()}


def sort_key(text: str, language: str) -> str:
    """`text` as fixed-width digits ordered by `language`'s alphabet (see the module's doc)."""
    letters = _RANKS.get(language, _RANKS["en"])
    codes = []
    for character in (text or "").strip().upper():
        code = _rank(character, letters)
        if code is None or (code == _SEPARATOR and (not codes or codes[-1] == _SEPARATOR)):
            continue
        codes.append(code)
        if len(codes) == SORT_KEY_CHARACTERS:
            break
    while codes and codes[-1] == _SEPARATOR:
        codes.pop()
    return "".join(f"{code:0{SORT_KEY_WIDTH}d}" for code in codes)


_KAZAKH_AS_RUSSIAN = str.maketrans("әғқңөұүһіё", "агкноуухие")
_CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch",
        "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip
_ACCENTED = str.maketrans({"ž": "zh", "š": "sh", "ş": "sh", "č": "ch", "ç": "ch", "ı": "i"})
_LATIN_FOLDS = [
    ("q", "k"),
    ("j", "zh"),
    ("dzh", "zh"),
    ("shch", "sh"),
    ("kh", "h"),
    ("ts", "c"),
    ("y", "i"),
]
_DOUBLED = re.compile(r"([a-z])\1+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def search_skeleton(text: str) -> str:
    """`text` spelt one way: lower-case Latin words separated by single spaces."""
    text = (text or "").lower().translate(_KAZAKH_AS_RUSSIAN).translate(_CYRILLIC_TO_LATIN)
    text = unicodedata.normalize("NFKD", text.translate(_ACCENTED))
    text = "".join(c for c in text if not unicodedata.combining(c))
    for variant, canonical in _LATIN_FOLDS:
        text = text.replace(variant, canonical)
    text = _DOUBLED.sub(r"\1", text).replace("ie", "e")
    text = _DOUBLED.sub(r"\1", text)
    return _NOT_WORD.sub(" ", text).strip()


def _translations(obj, field: str) -> list[str]:
    return [getattr(obj, f"{field}_{language}", "") or "" for language in ALPHABETS]


def _in_language(obj, fields, language: str) -> str:
    """The text of `fields` as a reader in `language` sees it (modeltranslation's fallback
    kk → ru → en when the field is empty in that language)."""
    fallback = [language, *(other for other in ("kk", "ru", "en") if other != language)]
    parts = []
    for field in fields:
        values = [getattr(obj, f"{field}_{other}", "") or "" for other in fallback]
        parts.append(next((value for value in values if value), ""))
    return " ".join(part for part in parts if part)


_AGENCY_SOURCES = ("name", "short_name")
_PERSON_SOURCES = ("surname", "name", "patronymic")


def derived_fields(obj) -> tuple[set[str], set[str]]:
    """The fields (with their translations) the keys of `obj` are made from, and the keys."""
    if hasattr(obj, "sort_name_kk"):
        sources, prefix = _AGENCY_SOURCES, "sort_name"
    else:
        sources, prefix = _PERSON_SOURCES, "sort_surname"
    made_from = {f"{field}{suffix}" for field in sources for suffix in ("", "_kk", "_ru", "_en")}
    keys = {f"{prefix}_{language}" for language in ALPHABETS} | {"search_text"}
    return made_from, keys


def with_search_keys(obj):
    """Fill the derived sort and search fields of an Agency or a Spokesperson; returns it.

    Called by the models' `save()` and before every `bulk_create`, which skips `save()`.
    """
    if hasattr(obj, "sort_name_kk"):  # an Agency
        sort_fields, prefix, search_fields = ("name",), "sort_name", _AGENCY_SOURCES
    else:  # a Spokesperson: surname, first name, patronymic
        sort_fields = search_fields = _PERSON_SOURCES
        prefix = "sort_surname"
    for language in ALPHABETS:
        text = _in_language(obj, sort_fields, language)
        setattr(obj, f"{prefix}_{language}", sort_key(text, language))
    words = []
    for field in search_fields:
        for value in _translations(obj, field):
            for word in search_skeleton(value).split():
                if word not in words:
                    words.append(word)
    obj.search_text = " ".join(words)
    return obj
