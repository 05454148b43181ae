"""Language of a publication: kk, ru or en (issue 11 item 2; SPEC §7: content in three languages).

Kazakh and Russian share the Cyrillic alphabet, and general detectors confuse them on short
texts, so the order is: the page's own HTML lang attribute, then the letters only Kazakh has
(in a quarter of the Cyrillic words; in none of a long text: Russian), then lingua
restricted to the three languages the portal publishes in.
"""

import re
from functools import cache

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# A Russian text may quote a Kazakh name ("Тоқаев"), so one such word is not enough: below
# a quarter of the words lingua decides.
KAZAKH_WORD_SHARE = 0.25
# Kazakh prose without a single one of its own letters over this many words does not occur:
# such a text is Russian, and lingua (milliseconds a text) is not asked.
RUSSIAN_WITHOUT_KAZAKH_LETTERS = 8
# lingua reads this many words at most: enough to decide, and its time grows with the text.
LINGUA_WORDS = 60
HTML_LANGS = {"kk": "kk", "kz": "kk", "ru": "ru", "en": "en"}
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC_WORD = re.compile(r"[^\W\d_]*[\u0400-\u04ff][^\W\d_]*")
_KAZAKH_WORD = re.compile(rf"[^\W\d_]*[{''.join(sorted(KAZAKH_LETTERS))}][^\W\d_]*")


@cache
def _detector():
    """Built once: loading lingua's models takes a moment and memory."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH
    ).build()


def detect_language(text: str, *, html_lang: str | None = None) -> str:
    """ "kk", "ru" or "en"; "" when the text has no letters or lingua cannot tell."""
    if html_lang:
        code = HTML_LANGS.get(html_lang.strip().lower().replace("_", "-").split("-")[0])
        if code:
            return code
    text = text or ""
    cyrillic = len(_CYRILLIC_WORD.findall(text))
    if cyrillic:
        kazakh = len(_KAZAKH_WORD.findall(text))
        if kazakh / cyrillic >= KAZAKH_WORD_SHARE:
            return "kk"
        if not kazakh and cyrillic >= RUSSIAN_WITHOUT_KAZAKH_LETTERS:
            return "ru"
    words = _WORD.findall(text)
    if not words:
        return ""
    from lingua import Language

    found = _detector().detect_language_of(" ".join(words[:LINGUA_WORDS]))
    return {Language.KAZAKH: "kk", Language.RUSSIAN: "ru", Language.ENGLISH: "en"}.get(found, "")
