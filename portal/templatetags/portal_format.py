"""Numbers as the page's language writes them."""

from django import template
from django.utils import translation
from django.utils.formats import number_format

register = template.Library()

# Kazakh and Russian put a (non-breaking) space before the sign: "76,9 %"; English does not.
_SPACE_BEFORE_PERCENT = {"kk", "ru"}


@register.filter
def percent(value, decimal_places=1):
    """A percentage in the active language: 76,9 % in kk and ru, 76.9% in en; whole numbers
    without decimals (100 %). Nothing (None, "") gives "—"."""
    if value is None or value == "":
        return "—"
    try:
        number = round(float(value), int(decimal_places))
    except (TypeError, ValueError):
        return "—"
    places = 0 if number == int(number) else int(decimal_places)
    text = number_format(number, decimal_pos=places)
    language = (translation.get_language() or "").split("-")[0]
    return f"{text}\xa0%" if language in _SPACE_BEFORE_PERCENT else f"{text}%"
