"""Where a request comes from, as far as this deployment can trust it.

Behind the reverse proxy that docs/operations.md prescribes, `REMOTE_ADDR` is the proxy's
address for every visitor: rate limits and login throttling keyed on it would make the
whole country share one quota. A forwarded header is only believed when the operator says
how many proxies stand in front of the platform; otherwise anybody could forge it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: `REMOTE_ADDR`, or with `TRUSTED_PROXY_COUNT` = N proxies the
    N-th address from the right of the forwarded header (the one the outermost trusted
    proxy saw). Entries to the left of it are written by the client and never trusted."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "HTTP_X_FORWARDED_FOR")
    hops = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
    if len(hops) < count:
        # A request that did not pass through every proxy (a probe on localhost): its own
        # address is the best we know.
        return remote
    return hops[-count][:64]
