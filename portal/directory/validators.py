"""Checks of directory fields that need more than a regular expression."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_REGION = "KZ"


def _parsed(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def validate_phone(value: str) -> None:
    """A number valid in Kazakhstan's numbering plan (8 or +7 prefix), or a foreign one with
    its country code; an extension ("доб. 105", "ext. 105") is kept."""
    if value and _parsed(value) is None:
        raise ValidationError(
            _("Enter a phone number such as +7 7172 74 00 00 or 8 701 234 56 78."),
            code="invalid_phone",
        )


def normalise_phone(value: str) -> str:
    """One way of writing every number (+7 7172 74 00 00), so journalists can dial it and
    search finds it; an invalid value is returned as typed for `validate_phone` to refuse."""
    number = _parsed(value) if value else None
    if number is None:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
