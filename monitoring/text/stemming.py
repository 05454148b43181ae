"""Base forms of words, so that rules and lexicons match inflected text (issue 11 items 2, 3).

Russian: the dictionary form from pymorphy3 ("министерства" → "министерство").
Kazakh: no maintained open-source morphology fits, so a small suffix-stripping stemmer of our
own. Kazakh is agglutinative with a fixed order stem + plural + possessive + case, so the
endings come off from the end in that order: the case ending, then the third-person
possessive, then the plural ("министрліктерінің" → "министрлік"). A stem keeps at least
MIN_STEM letters, and a final г/ғ/б voiced before a vowel is read back as к/қ/п
("министрлігі" → "министрлік"). Both rules and texts go through the same stemmer, so a stem
need not be a dictionary word, only the same for every form of it.
"""

import re
from functools import cache, lru_cache

MIN_STEM = 3
VOWELS = frozenset("аәеиоөұүуыіэюя")
POSSESSIVE_VOWELS = frozenset("ыі")
CONSONANTS = frozenset("бвгғджзйкқлмнңпрстфхһцчшщ")
# Case endings, longest first, each with the letters it may follow (None: any). A pronominal
# "н" form (-нда, -на, -нан…) follows only the third-person possessive -ы/-і, a plain "ны/ні"
# only another vowel, the "т", "қ", "к" forms only a consonant (so "Алматы" keeps its "ты").
CASE_ENDINGS = (
    ("ндағы", POSSESSIVE_VOWELS),
    ("ндегі", POSSESSIVE_VOWELS),
    ("дағы", None),
    ("дегі", None),
    ("тағы", CONSONANTS),
    ("тегі", CONSONANTS),
    ("ның", None),
    ("нің", None),
    ("дың", None),
    ("дің", None),
    ("тың", CONSONANTS),
    ("тің", CONSONANTS),
    ("нан", POSSESSIVE_VOWELS | frozenset("мнң")),
    ("нен", POSSESSIVE_VOWELS | frozenset("мнң")),
    ("дан", None),
    ("ден", None),
    ("тан", CONSONANTS),
    ("тен", CONSONANTS),
    ("мен", None),
    ("бен", None),
    ("пен", None),
    ("нда", POSSESSIVE_VOWELS),
    ("нде", POSSESSIVE_VOWELS),
    ("ға", None),
    ("ге", None),
    ("қа", CONSONANTS),
    ("ке", CONSONANTS),
    ("на", POSSESSIVE_VOWELS),
    ("не", POSSESSIVE_VOWELS),
    ("ны", VOWELS - POSSESSIVE_VOWELS),
    ("ні", VOWELS - POSSESSIVE_VOWELS),
    ("ды", CONSONANTS),
    ("ді", CONSONANTS),
    ("ты", CONSONANTS),
    ("ті", CONSONANTS),
    ("да", None),
    ("де", None),
    ("та", CONSONANTS),
    ("те", CONSONANTS),
)
PLURAL_ENDINGS = ("лар", "лер", "дар", "дер", "тар", "тер")
DEVOICED = {"г": "к", "ғ": "қ", "б": "п"}
_TOKEN = re.compile(r"[^\W_]+")
_LATIN_I_IN_CYRILLIC = re.compile(r"(?<=[\u0400-\u04ff])i|i(?=[\u0400-\u04ff])")


def _strip_case(word: str) -> str:
    for ending, after in CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            if after is None or word[-len(ending) - 1] in after:
                return word[: -len(ending)]
    return word


def _strip_possessive(word: str) -> str:
    """-сы/-сі after a vowel stem (қаласы, басшысы), else -ы/-і (министрлігі, жұмысы).

    "-ысы" is ambiguous (жұмыс+ы or басшы+сы); agent nouns in -шы/-ші take -сы, the many
    deverbal nouns in -ыс/-іс (жұмыс, табыс, кідіріс) take -ы.
    """
    if len(word) - 2 >= MIN_STEM and word[-2:] in ("сы", "сі"):
        before = word[-3]
        if before in VOWELS - POSSESSIVE_VOWELS or word[-4:-2] in ("шы", "ші"):
            return word[:-2]
    if len(word) - 1 >= MIN_STEM and word[-1] in POSSESSIVE_VOWELS:
        return word[:-1]
    return word


def _strip_plural(word: str) -> str:
    for ending in PLURAL_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=200_000)
def stem_kk(word: str) -> str:
    """The Kazakh stem: case, possessive (twice at most: басшысы → басшы → басш), plural off."""
    stem = _strip_case(word.lower())
    stem = _strip_possessive(_strip_possessive(stem))
    stem = _strip_plural(stem)
    if stem[-1:] in DEVOICED:
        stem = stem[:-1] + DEVOICED[stem[-1]]
    return stem


@cache
def _morph():
    """Built once: the dictionaries take a second and tens of megabytes."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def lemma_ru(word: str) -> str:
    """The Russian dictionary form of the most probable reading."""
    return _morph().parse(word.lower())[0].normal_form.replace("ё", "е")


def tokens(text: str) -> list[str]:
    """Lowercased words and numbers; a Latin "i" typed inside a Cyrillic word is the Kazakh "і"."""
    text = (text or "").lower().replace("ё", "е")
    if "i" in text:
        text = _LATIN_I_IN_CYRILLIC.sub("і", text)
    return _TOKEN.findall(text)


def base_forms(text: str, language: str) -> list[str]:
    """Lemmas for ru, stems for kk, lowercase words otherwise."""
    words = tokens(text)
    if language == "ru":
        return [lemma_ru(word) for word in words]
    if language == "kk":
        return [stem_kk(word) for word in words]
    return words
