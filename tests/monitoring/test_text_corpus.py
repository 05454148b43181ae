"""The fixed corpus (issue 11 item 8): language, agencies and tone of every item as expected."""

import json
from pathlib import Path

import pytest

from monitoring.text.language import detect_language
from monitoring.text.matching import Term, compile_rules, match_terms
from monitoring.text.tone import DEFAULT_LEXICONS, score_tone

CORPUS = json.loads(Path(__file__).with_name("corpus.json").read_text(encoding="utf-8"))
RULES = {agency: [Term(**term) for term in terms] for agency, terms in CORPUS["rules"].items()}
ITEMS = CORPUS["items"]


IDS = [f"{number:02d}-{item['expected_language']}" for number, item in enumerate(ITEMS, 1)]


def _text(item):
    return f"{item['title']}. {item['text']}"


def test_the_corpus_has_kazakh_russian_and_english_items():
    languages = [item["expected_language"] for item in ITEMS]
    assert len(ITEMS) >= 40
    assert languages.count("kk") >= 15 and languages.count("ru") >= 15
    assert "en" in languages


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_language(item):
    assert (
        detect_language(_text(item), html_lang=item.get("html_lang")) == item["expected_language"]
    )


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_agencies(item):
    language = item["expected_language"]
    found = compile_rules(RULES).match(_text(item), language)
    assert sorted(key for key, result in found.items() if result.matched) == sorted(
        item["expected_agencies"]
    )
    for agency in item["expected_agencies"]:
        single = match_terms(_text(item), language, RULES[agency])
        assert single.matched and single.terms


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_tone(item):
    language = item["expected_language"]
    result = score_tone(_text(item), language, DEFAULT_LEXICONS[language])
    assert result.label == item["expected_tone"], result
    if result.label != "neutral":
        assert result.words
