"""The plausible range of dates, and the one parser of dates and numbers in query strings.

Nothing the platform records happened before 1990 (the committees date from 2019, the
communes from 1996) or is planned more than ten years ahead. A date outside that range is
a typing slip (`0202-03-01`) or an attack (`9999-12-31`, whose day after does not exist
and used to end in a server error): models, forms, services and query strings all refuse
it with the same message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def today() -> dt.date:
    """Today in Bamako (settings.TIME_ZONE, Africa/Bamako): the date a user in Mali means,
    whatever the server's own clock zone. Use it, not `dt.date.today()`."""
    return timezone.localdate()


def day_end(on: dt.date) -> dt.datetime:
    """The first instant after day `on` in the current time zone: `at__lt=day_end(on)` is
    `at__date__lte=on` without a date cast per row (an index range, no function call)."""
    midnight = dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(midnight) if settings.USE_TZ else midnight


EARLIEST = dt.date(1990, 1, 1)
YEARS_AHEAD = 10


def latest(today: dt.date | None = None) -> dt.date:
    """Ten years after today (28 February for a 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def is_plausible(value: dt.date) -> bool:
    if isinstance(value, dt.datetime):
        value = value.date()
    return EARLIEST <= value <= latest()


def implausible_message() -> str:
    return _("Give a date between %(first)s and %(last)s.") % {
        "first": date_format(EARLIEST, "SHORT_DATE_FORMAT"),
        "last": date_format(latest(), "SHORT_DATE_FORMAT"),
    }


@deconstructible(path="siccs.core.dates.PlausibleDateValidator")
class PlausibleDateValidator:
    """Refuses dates outside 1990 → ten years ahead (the upper bound moves with time)."""

    code = "implausible_date"

    def __call__(self, value: Any) -> None:
        if isinstance(value, dt.date) and not is_plausible(value):
            raise ValidationError(implausible_message(), code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleDateValidator)

    def __hash__(self) -> int:
        return hash(self.code)


validate_plausible_date = PlausibleDateValidator()


class PlausibleDateModelField(models.DateField):
    """A DateField that refuses implausible dates in `full_clean()` (so in every service).

    It deconstructs as a plain DateField: the range is a rule of the application, not of
    the schema, and it moves with time; migrations would otherwise change every year."""

    default_validators = [validate_plausible_date]

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": PlausibleDateField, **kwargs})


class DateInput(forms.DateInput):
    """The browser's date picker, bounded to the plausible range."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> Any:
        attrs = {"min": EARLIEST.isoformat(), "max": latest().isoformat(), **(attrs or {})}
        return super().get_context(name, value, attrs)


class PlausibleDateField(forms.DateField):
    """A form date within the plausible range, whatever the form (filters included)."""

    widget = DateInput
    default_validators = [validate_plausible_date]

    def to_python(self, value: Any) -> dt.date | None:
        # Python's own parser gives up on years beyond 9999 or below 1 with an
        # OverflowError in some formats: any failure is "not a date".
        try:
            return super().to_python(value)
        except (OverflowError, ValueError) as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


def ensure_plausible(value: dt.date | None, *, field: str | None = None) -> None:
    """For services: a DomainError naming the field when `value` is out of range."""
    from siccs.core.errors import DomainError

    if value is not None and not is_plausible(value):
        raise DomainError(implausible_message(), field=field)
