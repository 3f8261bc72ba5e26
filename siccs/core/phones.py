"""Phone numbers: one reader for every form, import and webhook, and one mask for every
page and log line.

Numbers are stored in E.164 (`+22376123456`), so that the same phone typed as
`76 12 34 56`, `0022376123456` or `tel:+223 76 12 34 56` is one phone for the rate limits
and the blind indexes. A number without a country code is read as Malian; any number valid
in its own country is accepted (members and partners' staff travel, diaspora report).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from siccs.core.fields import mask_phone

DEFAULT_REGION = "ML"
MAX_INPUT = 40  # longer than any real number with spaces and a "tel:" prefix

INVALID_MESSAGE = _("This phone number is not valid.")


class InvalidPhone(ValueError):
    """The text is not a phone number valid in its country."""


def normalise_phone(value: Any) -> str:
    """E.164 form of `value`; "" for an empty value; InvalidPhone for anything else."""
    text = str(value or "").strip()
    if text[:4].lower() == "tel:":
        text = text[4:].strip()
    if not text:
        return ""
    if len(text) > MAX_INPUT:
        raise InvalidPhone(text[:8])
    candidates = [text]
    if text.isdigit():
        # A spreadsheet drops the "+" of `+22376123456` when it stores the number as a number.
        candidates.append("+" + text)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise InvalidPhone("not a valid number")


def clean_phone(value: Any) -> str:
    """For services and imports: the E.164 number, "" when empty, else a DomainError on the
    `phone` field (the message says the number is not valid, never repeats it)."""
    from siccs.core.errors import DomainError

    try:
        return normalise_phone(value)
    except InvalidPhone as error:
        raise DomainError(str(INVALID_MESSAGE), field="phone") from error


def validate_phone(value: Any) -> None:
    """Django validator: raises ValidationError unless `value` is empty or a valid number."""
    try:
        normalise_phone(value)
    except InvalidPhone as error:
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone") from error


class PhoneField(forms.CharField):
    """A form field whose cleaned value is the E.164 number ("" when left empty)."""

    default_error_messages = {"invalid_phone": INVALID_MESSAGE}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_INPUT)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "tel")
        attrs.setdefault("autocomplete", "off")
        return attrs

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        try:
            return normalise_phone(text)
        except InvalidPhone as error:
            raise ValidationError(
                self.error_messages["invalid_phone"], code="invalid_phone"
            ) from error


def mask(value: str) -> str:
    """The page's mask (`+223 •• •• •• 56`) for any way of writing a number."""
    try:
        return mask_phone(normalise_phone(value) or "")
    except InvalidPhone:
        return mask_phone(re.sub(r"[^\d+]", "", value))


# Eight digits or more, maybe grouped by spaces or dots: what a phone number looks like in
# text. Dates (`2024-06-10 08:00`) do not match; most IPv4 addresses are left alone.
_PHONE_IN_TEXT = re.compile(r"(?<![\w+.])(?:tel:)?\+?\d(?:[ .]?\d){7,16}(?!\w|\.\d)")
# An IPv4 address, unless its four groups have two digits each, as `76.12.34.56` does.
_IPV4 = re.compile(r"(?!\d\d\.\d\d\.\d\d\.\d\d$)\d{1,3}(?:\.\d{1,3}){3}")


def _mask_match(match: re.Match[str]) -> str:
    found = match.group(0)
    return found if _IPV4.fullmatch(found) else mask(found)


def mask_phones_in_text(text: str) -> str:
    """`text` with every run of 8 digits or more masked as the pages mask a phone."""
    return _PHONE_IN_TEXT.sub(_mask_match, text)


class PhoneMaskingFilter(logging.Filter):
    """Masks phone numbers in every log record that passes through a handler.

    Services already log masked numbers; this is the net under them, for a third-party
    library's message or an exception that quotes a request's body."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_phones_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            # Format the traceback now, masked, so that the handler prints this text.
            record.exc_text = mask_phones_in_text(
                logging.Formatter().formatException(record.exc_info)
            )
        elif record.exc_text:
            record.exc_text = mask_phones_in_text(record.exc_text)
        return True
