"""Template helpers for French-style figures: `1 234 567 FCFA`, `23,5 %`."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.safestring import mark_safe

from siccs.core.scoping import user_has_action
from siccs.core.typography import french_punctuation, long_date

register = template.Library()

NBSP = "\u202f"  # narrow no-break space, the French thousands separator


def group_thousands(value: Any, decimals: int = 0) -> str:
    if value is None or value == "":
        return "–"
    quant = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = NBSP.join(groups) or "0"
    return f"{sign}{text},{frac}" if decimals else f"{sign}{text}"


@register.filter
def fcfa(value: Any) -> str:
    """An amount in CFA francs, the French way: `1 234 567 FCFA`."""
    if value is None or value == "":
        return "–"
    return f"{group_thousands(value)}{NBSP}FCFA"


@register.filter
def thousands(value: Any) -> str:
    return group_thousands(value)


@register.filter
def decimal(value: Any, places: int = 6) -> str:
    """A decimal number the French way, grouped by thousands, with the decimals it needs
    (at most `places`) and no trailing zeros: an exchange rate `567,4`, `655,957`, an
    amount `1 234,56`."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:f}"
    decimals = len(text.partition(".")[2].rstrip("0"))
    return group_thousands(number, decimals)


@register.filter
def amount(value: Any) -> str:
    """An amount in a currency with cents, the French way: `12 500,50`, or `12 500` when
    it has none."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value))
    return group_thousands(number, 0 if number == number.to_integral_value() else 2)


@register.filter
def percent(value: Any, decimals: int = 0) -> str:
    """A share between 0 and 1 as `23 %` (French puts a space before the sign)."""
    if value is None or value == "":
        return "–"
    return f"{group_thousands(Decimal(str(value)) * 100, decimals)}{NBSP}%"


@register.simple_tag(takes_context=True)
def has_action(context: dict, action: str) -> bool:
    request = context.get("request")
    return bool(request and user_has_action(request.user, action))


@register.simple_tag(takes_context=True)
def url_replace(context: dict, **kwargs: Any) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def longdate(value: dt.date | None) -> str:
    """`1er décembre 2026` in French, `1 December 2026` in English."""
    return long_date(value)


class FrenchPunctuationNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        return mark_safe(french_punctuation(self.nodelist.render(context)))


@register.tag
def french_punctuation_block(parser: Any, token: Any) -> FrenchPunctuationNode:
    """`{% french_punctuation_block %}…{% end_french_punctuation_block %}`: the rendered
    text gets French spacing before ":", ";", "?", "!" (in French only; markup untouched)."""
    nodelist = parser.parse(("end_french_punctuation_block",))
    parser.delete_first_token()
    return FrenchPunctuationNode(nodelist)


@register.filter
def isodate(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


@register.inclusion_tag("core/query_problems.html", takes_context=True)
def query_problems(context: Any) -> dict[str, Any]:
    """What the page could not take from its address (`?on=9999-12-31`), said on the page:
    values refused by `siccs.core.query` and by any filter form bound to the query string."""
    from django.forms import BaseForm

    request = context.get("request")
    if request is None or request.method != "GET":
        return {"problems": []}
    problems = [message for _name, message in getattr(request, "query_problems", [])]
    seen: set[int] = set()
    for value in context.flatten().values():
        if isinstance(value, BaseForm) and value.is_bound and id(value) not in seen:
            seen.add(id(value))
            for name, errors in value.errors.items():
                label = value.fields[name].label if name in value.fields else ""
                problems.extend(f"{label} : {e}" if label else str(e) for e in errors)
    return {"problems": problems}
