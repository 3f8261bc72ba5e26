"""Pages travel compressed over 2G/3G, with Django's BREACH mitigations."""

import gzip


def test_pages_are_gzipped_for_browsers_that_accept_it(client_for, national_admin):
    client = client_for(national_admin)
    plain = client.get("/dashboard/")
    packed = client.get("/dashboard/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content)
    assert b"</html>" in html
    assert len(packed.content) < len(html) / 2


def test_two_responses_of_one_page_differ_in_size(client, db):
    # Random padding (Heal The BREACH): a secret's length cannot be read off the wire.
    sizes = {len(client.get("/signaler/", HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(8)}
    assert len(sizes) > 1
