"""One English message means one thing: every app's catalogue translates it the same way.

Django merges the apps' catalogues into one per language and the first app in
INSTALLED_APPS wins, so a message translated differently by two apps shows one app's
words on the other's pages ("Report" of the progress reports read "Signalement").
Messages that mean different things carry a context (`pgettext`,
`{% translate "..." context "..." %}`), which makes them different messages.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from siccs.core.tests import catalogues


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_translates_each_message_the_same_way_in_every_catalogue(language):
    assert catalogues.clashes(language) == []


def test_it_reads_every_app_catalogue():
    # A parser that found nothing would pass vacuously.
    paths = catalogues.catalogue_paths("fr")
    assert {"core", "accounts", "audit", "committees", "meetings", "citizens"} <= set(paths)
    assert sum(len(catalogues.catalogue(p)) for p in paths.values()) > 500


def test_it_finds_a_clash_between_two_catalogues(tmp_path, monkeypatch):
    for app, word in (("alpha", "Signalement"), ("beta", "Rapport")):
        folder = tmp_path / app / "locale/fr/LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "django.po").write_text(
            'msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
            f'msgid "Report"\nmsgstr "{word}"\n\n'
            f'msgctxt "progress report"\nmsgid "Report"\nmsgstr "Rapport"\n',
            encoding="utf-8",
        )
    monkeypatch.setattr(catalogues, "SICCS", tmp_path)
    problems = catalogues.clashes("fr")
    assert len(problems) == 1
    assert "'Report'" in problems[0] and "Signalement" in problems[0]


def test_it_keeps_the_header_apart_from_the_first_message():
    entries = catalogues.parse(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2;\\n"\n'
        '#: apps.py:8\nmsgid "Audit trail"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgctxt "page"\nmsgid "next"\nmsgstr "suivante"\n'
    )
    assert [(e.key.context, e.key.msgid, e.translations, e.fuzzy) for e in entries] == [
        (None, "Audit trail", ("",), False),
        ("page", "next", ("suivante",), True),
    ]


@pytest.mark.parametrize(
    ("context", "message", "french"),
    [
        ("progress report", "Report", "Rapport"),
        (None, "Report", "Signalement"),
        ("end of a period", "To", "Au"),
        (None, "To", "Destinataire"),
        ("where a session is held", "Place", "Lieu"),
        (None, "Place", "Localité"),
        (None, "Audit trail", "Journal d'audit"),
    ],
)
def test_pages_show_their_own_words(context, message, french):
    with translation.override("fr"):
        shown = translation.pgettext(context, message) if context else translation.gettext(message)
    assert shown == french
