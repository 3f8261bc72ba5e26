"""The file fields of the evidence and minutes forms say what they accept and carry the
limit and its message, in the page's language, for the script that checks before sending."""

from django import forms
from django.utils import translation

from siccs.core.uploads import EVIDENCE_ACCEPT, BoundedFileInput


class EvidenceForm(forms.Form):
    evidence = forms.FileField(widget=BoundedFileInput(accept=EVIDENCE_ACCEPT))


def test_it_renders_the_limit_and_the_messages_in_french(settings):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    with translation.override("fr"):
        html = str(EvidenceForm()["evidence"])
    assert 'accept=".pdf,.jpg,.jpeg,.png,' in html
    assert 'data-max-bytes="10485760"' in html
    assert 'data-too-large="Le fichier est trop volumineux (10 Mo au plus)."' in html
    assert 'data-sending="Envoi du fichier : {percent}\u00a0%"' in html


def test_it_renders_the_messages_in_english(settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    with translation.override("en"):
        html = str(EvidenceForm()["evidence"])
    assert 'data-too-large="The file is too large (at most 2 MB)."' in html
    assert 'data-sending="Sending the file: {percent}%"' in html


def test_its_script_and_style_come_with_the_form():
    media = str(EvidenceForm().media)
    assert "core/upload.js" in media and "core/upload.css" in media
