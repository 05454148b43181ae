"""An explainable tone scorer for Russian and Kazakh (issue 11 item 3; 000 §4.1).

A lexicon of negative and positive public-resonance words, as base forms, is counted in the
text: each negative word −1, each positive +1; a negator next to a word flips it ("не
коррупция" counts +1). Russian and English negators stand before the word (within the 2
preceding tokens); Kazakh ones — "емес", "жоқ" — follow it ("шағым түскен жоқ"), so for kk
the 2 following tokens are looked at. The sign of the total is the label, and the words that
decided it are returned, so staff can see why and override. Entries of two words ("рост
цен") are tried before single words.

The defaults are data files in lexicons/ ("word<TAB>-1|+1", "neg<TAB>word", "#" comments);
the ministry's edits live in the monitoring models, which build a Lexicon through
lexicon_from_rows.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from monitoring.text.stemming import base_forms

LEXICON_DIR = Path(__file__).with_name("lexicons")
NEGATION_WINDOW = 2
NEGATOR_FOLLOWS = frozenset({"kk"})


@dataclass(frozen=True)
class Lexicon:
    """Base forms (a two-word entry as "form form") and the negators' base forms."""

    negative: frozenset[str]
    positive: frozenset[str]
    negators: frozenset[str]

    @cached_property
    def polarity(self) -> dict[str, int]:
        return {**dict.fromkeys(self.positive, 1), **dict.fromkeys(self.negative, -1)}

    @cached_property
    def phrase_starts(self) -> frozenset[str]:
        """First words of the two-word entries: only they make the scorer look ahead."""
        return frozenset(entry.split(" ", 1)[0] for entry in self.polarity if " " in entry)


@dataclass(frozen=True)
class ToneResult:
    label: str
    score: int
    words: tuple[str, ...]


def _base(word: str, language: str) -> str:
    return " ".join(base_forms(word, language))


def lexicon_from_rows(
    rows: Iterable[tuple[str, int]], negators: Iterable[str], language: str
) -> Lexicon:
    """A Lexicon from (word, −1 | +1) rows and negator words, both as people write them."""
    negative, positive = set(), set()
    for word, polarity in rows:
        base = _base(word, language)
        if base and polarity:
            (negative if polarity < 0 else positive).add(base)
    return Lexicon(
        negative=frozenset(negative),
        positive=frozenset(positive - negative),
        negators=frozenset(filter(None, (_base(word, language) for word in negators))),
    )


def default_rows(language: str) -> tuple[list[tuple[str, int]], list[str]]:
    """The shipped lexicon file for language: its (word, polarity) rows and negators."""
    rows, negators = [], []
    for line in (LEXICON_DIR / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        first, second = (part.strip() for part in line.split("\t", 1))
        if first == "neg":
            negators.append(second)
        else:
            rows.append((first, int(second)))
    return rows, negators


@cache
def _default_lexicons() -> dict[str, Lexicon]:
    return {
        language: lexicon_from_rows(*default_rows(language), language)
        for language in ("ru", "kk", "en")
    }


def __getattr__(name: str):
    """DEFAULT_LEXICONS is built on first use: the Russian one needs pymorphy3 loaded."""
    if name == "DEFAULT_LEXICONS":
        return _default_lexicons()
    raise AttributeError(name)


def _negated(forms: list[str], start: int, end: int, language: str, negators) -> str:
    """The negator flipping forms[start:end], or ""."""
    if language in NEGATOR_FOLLOWS:
        window = forms[end : end + NEGATION_WINDOW]
    else:
        window = forms[max(0, start - NEGATION_WINDOW) : start]
    if negators.isdisjoint(window):
        return ""
    return next(form for form in window if form in negators)


def score_tone(text: str, language: str, lexicon: Lexicon) -> ToneResult:
    """negative / neutral / positive, the score and the words that decided it."""
    return score_tone_forms(base_forms(text, language), language, lexicon)


def score_tone_forms(forms: Sequence[str], language: str, lexicon: Lexicon) -> ToneResult:
    """score_tone of a text's base forms (ingest computes them once for rules and tone)."""
    polarities, starts = lexicon.polarity, lexicon.phrase_starts
    scored: list[tuple[int, str]] = []
    position, size = 0, len(forms)
    while position < size:
        form, end = forms[position], position + 1
        polarity = 0
        if form in starts and end < size:
            entry = f"{form} {forms[end]}"
            polarity = polarities.get(entry, 0)
            if polarity:
                end += 1
        if not polarity:
            entry = form
            polarity = polarities.get(form, 0)
        if polarity:
            negator = _negated(forms, position, end, language, lexicon.negators)
            if negator:
                polarity = -polarity
                entry = (
                    f"{entry} {negator}" if language in NEGATOR_FOLLOWS else f"{negator} {entry}"
                )
            scored.append((polarity, entry))
        position = end
    score = sum(polarity for polarity, _ in scored)
    label = "negative" if score < 0 else "positive" if score > 0 else "neutral"
    sign = -1 if score < 0 else 1 if score > 0 else 0
    words = tuple(word for polarity, word in scored if sign == 0 or polarity == sign)
    return ToneResult(label=label, score=score, words=words)
