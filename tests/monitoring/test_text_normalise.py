"""De-duplication keys (issue 11 item 2): URLs and titles of the same story."""

from monitoring.text.language import detect_language
from monitoring.text.normalise import normalise_title, normalise_url, titles_near


def test_tracking_parameters_www_port_fragment_and_slash_are_dropped():
    assert (
        normalise_url(
            "HTTPS://WWW.Tengrinews.KZ:443/news/story/?utm_source=tg&b=2&a=1&fbclid=x#top"
        )
        == "https://tengrinews.kz/news/story?a=1&b=2"
    )
    assert normalise_url("http://inform.kz:8080/ru/") == "http://inform.kz:8080/ru"
    assert normalise_url("https://inform.kz/") == normalise_url("https://www.inform.kz")


def test_a_meaningful_query_is_kept_and_sorted():
    assert normalise_url("https://kz.kz/a?id=5&page=2") == normalise_url(
        "https://kz.kz/a?page=2&id=5"
    )
    assert normalise_url("https://kz.kz/a?id=5") != normalise_url("https://kz.kz/a?id=6")


def test_titles():
    assert normalise_title("  «Минздрав»:  ЁЛКИ — рядом! ") == "минздрав елки рядом"
    assert titles_near(
        "Минздрав открыл кардиоцентр в Шымкенте", "В Шымкенте Минздрав открыл кардиоцентр"
    )
    assert titles_near("Минздрав открыл кардиоцентр!", "«Минздрав открыл кардиоцентр»")
    assert not titles_near("Минздрав открыл кардиоцентр", "МЧС ликвидирует последствия аварии")
    assert not titles_near("", "")


def test_language_order():
    assert detect_language("Министерство сообщило", html_lang="kk-KZ") == "kk"
    assert detect_language("Министерство сообщило", html_lang="kz") == "kk"
    assert detect_language("Министерство сообщило", html_lang="de") == "ru"
    assert detect_language("Министрлік жаңа бағдарлама туралы хабарлады") == "kk"
    assert detect_language("The ministry said") == "en"
    assert detect_language("2026 — 15:00") == ""


def test_short_cyrillic_texts_without_kazakh_letters_go_to_lingua():
    assert detect_language("Министр ответил") == "ru"
    assert (
        detect_language("Министерство здравоохранения сообщило сегодня о новой программе") == "ru"
    )
    assert detect_language("Тоқаев встретился с министром здравоохранения в Астане сегодня") == "ru"
