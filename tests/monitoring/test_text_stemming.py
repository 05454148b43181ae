"""The Kazakh stemmer and the Russian lemmas (issue 11 item 2): every form of a word, one base."""

import pytest

from monitoring.text.stemming import base_forms, lemma_ru, stem_kk, tokens


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("министрлік", "министрлік"),
        ("министрлігі", "министрлік"),  # possessive, г read back as к
        ("министрліктің", "министрлік"),  # genitive
        ("министрлікке", "министрлік"),  # dative
        ("министрлігіне", "министрлік"),  # possessive + pronominal dative
        ("министрлікте", "министрлік"),  # locative
        ("министрліктен", "министрлік"),  # ablative
        ("министрлікпен", "министрлік"),  # instrumental
        ("министрліктер", "министрлік"),  # plural
        ("министрліктерінің", "министрлік"),  # plural + possessive + genitive
        ("әкімдігінде", "әкімдік"),  # possessive + pronominal locative
        ("әкімдігі", "әкімдік"),
        ("әкімдіктегі", "әкімдік"),  # locative-attributive
        ("қаласының", "қала"),  # -сы after a vowel
        ("қаласында", "қала"),
        ("жұмысы", "жұмыс"),  # -ы after the deverbal noun in -ыс
        ("шағымдар", "шағым"),
        ("шағымға", "шағым"),
        ("апатқа", "апат"),
        ("жемқорлығы", "жемқорлық"),  # ғ read back as қ
        ("Астананың", "астана"),
        ("Астана", "астана"),  # "на" after a plain vowel is the word, not a case
        ("Алматы", "алмат"),  # "ты" after a vowel is not an accusative
        ("Алматыда", "алмат"),
        ("өрттен", "өрт"),
    ],
)
def test_stem_kk(word, stem):
    assert stem_kk(word) == stem


def test_a_stem_keeps_at_least_three_letters():
    assert stem_kk("ата") == "ата"
    assert stem_kk("іске") == "іске"
    assert stem_kk("тері") == "тер"


def test_agent_nouns_and_their_possessive_share_a_stem():
    assert stem_kk("басшы") == stem_kk("басшысы") == stem_kk("басшының")


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("Министерству", "министерство"),
        ("здравоохранения", "здравоохранение"),
        ("жалобы", "жалоба"),
        ("коррупционного", "коррупционный"),
        ("Минздраве", "минздрав"),
    ],
)
def test_lemma_ru(word, lemma):
    assert lemma_ru(word) == lemma


def test_tokens_are_lowercase_words_and_numbers_with_kazakh_letters():
    assert tokens("Оқу-ағарту министрлігі, 2026: Ministry!") == [
        "оқу",
        "ағарту",
        "министрлігі",
        "2026",
        "ministry",
    ]


def test_a_latin_i_inside_a_cyrillic_word_is_the_kazakh_one():
    assert tokens("министрлiгi") == ["министрлігі"]
    assert tokens("ministry") == ["ministry"]


def test_base_forms_per_language():
    assert base_forms("Министерства здравоохранения", "ru") == ["министерство", "здравоохранение"]
    assert base_forms("Денсаулық сақтау министрлігінің", "kk") == [
        "денсаулық",
        "сақтау",
        "министрлік",
    ]
    assert base_forms("Ministry of Health", "en") == ["ministry", "of", "health"]
