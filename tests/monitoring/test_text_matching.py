"""Agency rules (issue 11 item 2): base forms in a row, exclusions, the terms that matched."""

from monitoring.text.matching import Term, compile_rules, compile_terms, match_terms

HEALTH = [
    Term("Министерство здравоохранения", "ru"),
    Term("Минздрав", "ru"),
    Term("Минздрав России", "ru", exclude=True),
    Term("Денсаулық сақтау министрлігі", "kk"),
    Term("Сарсенова", ""),
]


def test_an_inflected_multiword_name_matches_and_is_reported():
    result = match_terms("Министерству здравоохранения поручили", "ru", HEALTH)
    assert result.matched
    assert result.terms == ("Министерство здравоохранения",)


def test_the_words_must_be_in_a_row():
    assert not match_terms("Министерство сообщило о здравоохранении", "ru", HEALTH).matched


def test_an_exclusion_wins_but_the_terms_are_still_reported():
    result = match_terms("Минздрав России сообщил", "ru", HEALTH)
    assert not result.matched
    assert result.terms == ("Минздрав",)
    assert result.excluded == ("Минздрав России",)


def test_terms_apply_to_texts_of_their_language():
    assert not match_terms("Денсаулық сақтау министрлігінің хабарламасы", "ru", HEALTH).matched
    assert match_terms("Денсаулық сақтау министрлігінің хабарламасы", "kk", HEALTH).matched


def test_a_term_without_language_applies_to_every_language():
    assert match_terms("Сарсеновой вручили", "ru", HEALTH).terms == ("Сарсенова",)
    assert match_terms("Сарсенова said", "en", HEALTH).matched
    assert match_terms("Сарсенова мәлімдеді", "kk", HEALTH).matched


def test_nothing_matched():
    assert match_terms("Погода на завтра", "ru", HEALTH) == compile_terms(HEALTH).match(
        "Погода на завтра", "ru"
    )
    assert not match_terms("Погода на завтра", "ru", HEALTH).matched


def test_one_index_for_many_agencies_reads_the_text_once():
    rules = {
        number: [Term(f"агентство номер {number}", "ru"), Term(f"агенттігі {number}", "kk")]
        for number in range(500)
    }
    rules["health"] = HEALTH
    index = compile_rules(rules)
    found = index.match("Минздрав и агентство номер 7 сообщили", "ru")
    assert {key for key, result in found.items() if result.matched} == {"health", 7}
    assert index.match("Минздрав России", "ru")["health"].matched is False
