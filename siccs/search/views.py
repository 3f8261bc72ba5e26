"""The results of the search box of the header."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from siccs.search import selectors


def results(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[: selectors.MAX_LENGTH]
    groups = selectors.search(user=request.user, query=query)
    context = {
        "query": query,
        "search_query": query,
        "groups": groups,
        "too_short": bool(query.strip()) and not selectors.words_of(query),
        "min_length": selectors.MIN_LENGTH,
        "limit": selectors.LIMIT,
    }
    return render(request, "search/results.html", context)
