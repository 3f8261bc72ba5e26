"""Error pages in French, and in French and Bambara on the public pages.

Django's defaults are bare English ("Server Error (500)") on a French site read by people
who may not read French. The public paths (reporting, tracking, transparency) get both
languages, Bambara first when the visitor chose it (`?lang=bm`). The 500 page is rendered
without a request context: no database query, no session, nothing that may be what failed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

PUBLIC_PREFIXES = ("/signaler/", "/suivi/", "/transparence/")

# Bambara written as on the public pages (siccs/citizens/texts.py); a native speaker must
# review it.
PUBLIC_TEXTS: dict[int, dict[str, tuple[str, str]]] = {
    400: {
        "fr": (
            "Demande incomprise",
            "La demande n'a pas pu être comprise. Revenez en arrière et réessayez.",
        ),
        "bm": ("Ɲininkali ma faamu", "An ma i ka ɲininkali faamu. I ka segin kɔ ka a kɛ tugun."),
    },
    403: {
        "fr": (
            "Accès refusé",
            "Le formulaire a expiré ou vous n'avez pas accès à cette page. Rechargez la page et réessayez.",
        ),
        "bm": (
            "Sira ma di",
            "Sɛbɛn in waati tɛmɛna walima i tɛ se ka nin ɲɛ in filɛ. I ka ɲɛ in lakura ka a kɛ tugun.",
        ),
    },
    404: {
        "fr": (
            "Page introuvable",
            "Cette page n'existe pas. Vérifiez l'adresse ou le code de suivi.",
        ),
        "bm": ("Ɲɛ ma sɔrɔ", "Nin ɲɛ in tɛ yen. I ka sira walima kode lajɛ."),
    },
    500: {
        "fr": (
            "Erreur de notre côté",
            "Une erreur est survenue de notre côté. Réessayez dans quelques minutes ; si vous envoyiez un signalement, renvoyez-le.",
        ),
        "bm": (
            "Gɛlɛya bɛ an fɛ",
            "Gɛlɛya dɔ donna an fɛ yan. Miniti dama kɔfɛ, i ka segin ; ni i tun bɛ kunnafoni ci, i ka a ci tugun.",
        ),
    },
}
PUBLIC_LINKS = {"fr": "Signaler un problème", "bm": "Gɛlɛya dɔ fɔ"}


def is_public(request: HttpRequest) -> bool:
    return request.path.startswith(PUBLIC_PREFIXES)


def _public_context(request: HttpRequest, status: int) -> dict[str, Any]:
    first = "bm" if request.GET.get("lang") == "bm" else "fr"
    order = [first, "fr" if first == "bm" else "bm"]
    return {
        "status": status,
        "lang": first,
        "texts": [
            {
                "lang": code,
                "title": PUBLIC_TEXTS[status][code][0],
                "text": PUBLIC_TEXTS[status][code][1],
                "link": PUBLIC_LINKS[code],
            }
            for code in order
        ],
        "static_url": settings.STATIC_URL,
    }


def _page(request: HttpRequest, status: int) -> HttpResponse:
    if is_public(request):
        response = render(
            request, "core/public_error.html", _public_context(request, status), status=status
        )
        response.headers["Content-Language"] = "fr, bm"
        return response
    # The templates carry their own words: other code may render them directly.
    return render(request, f"{status}.html", status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page expired (or without cookies): the 403 page, which says to
    reload, instead of Django's English explanation for developers."""
    return _page(request, 403)


def server_error(request: HttpRequest) -> HttpResponse:
    """No request context, no database: only the path decides the languages."""
    if is_public(request):
        template, context = "core/public_error.html", _public_context(request, 500)
    else:
        template, context = "500.html", {"static_url": settings.STATIC_URL}
    return HttpResponse(loader.get_template(template).render(context), status=500)
