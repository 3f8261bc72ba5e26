"""The visitor's address behind a configured number of trusted proxies."""

from django.test import RequestFactory

from siccs.core.network import client_ip


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **meta)


def test_it_ignores_a_forwarded_header_when_no_proxy_is_configured(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="1.2.3.4")) == "10.0.0.1"


def test_it_takes_the_address_seen_by_the_one_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the address it saw.
    request = _request(HTTP_X_FORWARDED_FOR="6.6.6.6, 41.73.1.2")
    assert client_ip(request) == "41.73.1.2"


def test_it_counts_proxies_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(HTTP_X_FORWARDED_FOR="6.6.6.6, 41.73.1.2, 10.0.0.9")
    assert client_ip(request) == "41.73.1.2"


def test_it_falls_back_to_the_socket_when_the_header_is_short(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="41.73.1.2")) == "10.0.0.1"
