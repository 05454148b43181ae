"""The tone scorer (issue 11 item 3): explainable, negation handled, lexicons as data."""

from monitoring.text.tone import DEFAULT_LEXICONS, default_rows, lexicon_from_rows, score_tone


def test_negative_words_decide_and_are_named():
    result = score_tone("Скандал: жалобы на коррупцию", "ru", DEFAULT_LEXICONS["ru"])
    assert result.label == "negative"
    assert result.score == -3
    assert result.words == ("скандал", "жалоба", "коррупция")


def test_a_russian_negator_before_the_word_flips_it():
    result = score_tone("Нарушений нет, но без нарушений не обошлось", "ru", DEFAULT_LEXICONS["ru"])
    assert "без нарушение" in result.words
    result = score_tone("Проверка не выявила нарушений", "ru", DEFAULT_LEXICONS["ru"])
    assert result == type(result)(label="positive", score=1, words=("не нарушение",))


def test_a_negator_three_words_away_does_not_count():
    result = score_tone("Не было в том году коррупции", "ru", DEFAULT_LEXICONS["ru"])
    assert result.label == "negative"


def test_a_kazakh_negator_follows_the_word():
    result = score_tone("Шағым жоқ", "kk", DEFAULT_LEXICONS["kk"])
    assert result.words == ("шағым жоқ",)
    assert result.label == "positive"
    assert score_tone("Жоқ шағым", "kk", DEFAULT_LEXICONS["kk"]).label == "negative"


def test_inflected_kazakh_words_are_found():
    result = score_tone("Министрліктегі жемқорлығы мен шағымдары", "kk", DEFAULT_LEXICONS["kk"])
    assert result.words == ("жемқорлық", "шағым")


def test_balanced_words_are_neutral_and_both_shown():
    result = score_tone("Пожар потушен, помощь оказана", "ru", DEFAULT_LEXICONS["ru"])
    assert (result.label, result.score, result.words) == ("neutral", 0, ("пожар", "помощь"))


def test_no_lexicon_word_is_neutral():
    assert score_tone("Совещание прошло", "ru", DEFAULT_LEXICONS["ru"]).words == ()


def test_the_default_lexicons_are_data_files_of_a_useful_size():
    for language in ("ru", "kk"):
        rows, negators = default_rows(language)
        assert len(rows) >= 90 and negators
        lexicon = DEFAULT_LEXICONS[language]
        assert len(lexicon.negative) >= 50 and len(lexicon.positive) >= 30
    assert "коррупция" in DEFAULT_LEXICONS["ru"].negative
    assert "жемқорлық" in DEFAULT_LEXICONS["kk"].negative
    assert DEFAULT_LEXICONS["kk"].negators == {"емес", "жоқ"}


def test_a_lexicon_from_the_ministrys_rows():
    lexicon = lexicon_from_rows([("Задержки", -1), ("Успехи", 1), ("", 1)], ["не"], "ru")
    assert lexicon.negative == {"задержка"} and lexicon.positive == {"успех"}
    assert score_tone("Не задержка, а успех", "ru", lexicon).score == 2
