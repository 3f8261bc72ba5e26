"""What every endpoint shares: paging, the territory filter, personal fields and their
audit, and the scope check of writes made before their body is read."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, get_visible_or_404
from siccs.api.problems import ApiProblem, problem, unauthenticated_problem
from siccs.api.schemas import Paging
from siccs.api.tokens import authenticate_request
from siccs.audit.services import audit_record
from siccs.committees.models import Committee
from siccs.core.dates import today
from siccs.core.fields import mask_phone
from siccs.territory.models import AdministrativeUnit


def paginate(request: HttpRequest, items: QuerySet | list, paging: Paging) -> dict[str, Any]:
    """One page of `items` with the total and the addresses of its neighbours."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    start = (paging.page - 1) * paging.page_size
    rows = list(items[start : start + paging.page_size])

    def link(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}")

    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "next": link(paging.page + 1) if start + paging.page_size < count else None,
        "previous": link(paging.page - 1)
        if paging.page > 1 and start - paging.page_size < count
        else None,
        "items": rows,
    }


def territory_of(
    user: Any, value: str | None, on: dt.date | None = None
) -> AdministrativeUnit | None:
    """The unit a `territory` filter names, by id or by P-code (the one in force on `on`
    when an edition reused a code), among the units the user may see."""
    if not value:
        return None
    units = AdministrativeUnit.objects.visible_to(user)
    unit = None
    if value.isdigit() and len(value) <= 15:
        unit = units.filter(pk=int(value)).first()
    if unit is None:
        matching = units.filter(pcode__iexact=value).order_by("-valid_from", "pk")
        unit = matching.in_force(on or today()).first() or matching.first()
    if unit is None:
        raise ApiProblem(
            422,
            _("No territory that you may see has this P-code or id."),
            slug="unknown-territory",
            field="territory",
        )
    return unit


def unit_ref(unit: AdministrativeUnit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"id": unit.pk, "name": unit.name, "pcode": unit.pcode, "level": unit.level}


def personal_committees(user: Any, committee_ids: Iterable[int]) -> set[int]:
    """Which of these committees the user may see personal data of (one query)."""
    ids = set(committee_ids)
    if not ids:
        return set()
    return set(
        Committee.objects.visible_to(user, Action.VIEW_PERSONAL)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )


def audit_personal_read(request: HttpRequest, committee_ids: Iterable[int], what: str) -> None:
    """Personal data read through the API leave a trace: one entry per committee whose
    members' names (or people named in its records) an answer carried."""
    committees = Committee.objects.filter(pk__in=set(committee_ids)).select_related("unit")
    for committee in committees:
        audit_record(
            user=request.user,
            obj=committee,
            verb="api_read_personal",
            after={},
            reason=f"{what} · {request.method} {request.path}"[:255],
        )


def scrub_phones(text: str, phones: Iterable[str]) -> str:
    """`text` with each of these phone numbers masked, however it was typed (spaces,
    dots, with or without +223): a reporter's contact must not travel in a concern's
    text written from their report."""
    for phone in phones:
        digits = re.sub(r"\D", "", phone)[-8:]
        if len(digits) < 8:
            continue
        pattern = r"(?:\+?223[\s.-]?)?" + r"[\s.-]?".join(digits)
        text = re.sub(pattern, mask_phone(phone), text)
    return text


def scoped_object(model: type[Model], kwarg: str, action: str = Action.CHANGE) -> Callable:
    """For `decorate_view` on a write addressed to one object: authenticate and find the
    object in the caller's scope before the body is read, so that a caller outside the
    scope gets 404 whatever it sends (never a validation answer that would confirm the
    object exists)."""

    def decorator(run: Callable) -> Callable:
        @wraps(run)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                token = authenticate_request(request)
            except Exception as exc:  # Throttled: answered by the API's own handler
                from siccs.api.api import api

                return api.on_exception(request, exc)
            if token is None:
                return unauthenticated_problem(request)
            try:
                get_visible_or_404(model, request.user, action, pk=kwargs.get(kwarg))
            except Http404:
                return problem(request, 404, detail=_("There is nothing here that you may see."))
            return run(request, *args, **kwargs)

        return wrapped

    return decorator
