"""The OpenRosa endpoints ODK Collect talks to: form list, form, manifest, media, submission.

Collect is configured with the server address `<site>/odk`; it appends `/formList` and
`/submission` itself. Every request is signed with an app password (digest, or Basic over
HTTPS), never a session: the views carry `auth_scheme` so that the every-URL scope walker
signs its requests the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from siccs.fieldforms import auth, openrosa, selectors, services

AUTH_SCHEME = "openrosa"


def openrosa_view(methods: tuple[str, ...]) -> Callable:
    """Authenticate with an app password (401 with a digest challenge otherwise), answer
    in the user's language, and add the OpenRosa headers to every answer."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = openrosa.message_response(
                    _("Method not allowed."), status=405, nature="error"
                )
                response["Allow"] = ", ".join(methods)
                return response
            result = auth.authenticate(request)
            if result.user is None:
                response = openrosa.message_response(
                    _("Sign in with the app password created on the platform."),
                    status=401,
                    nature="error",
                )
                response["WWW-Authenticate"] = auth.challenge(stale=result.stale)
                return response
            request.user = result.user
            request.app_credential = result.credential
            with translation.override(result.user.preferred_language):
                return openrosa.with_headers(view(request, *args, **kwargs))

        wrapper = csrf_exempt(login_not_required(wrapper))
        wrapper.auth_scheme = AUTH_SCHEME
        return wrapper

    return decorate


def _not_found() -> HttpResponse:
    return openrosa.message_response(_("This form is not available to you."), status=404)


@openrosa_view(("GET", "HEAD"))
def form_list(request: HttpRequest) -> HttpResponse:
    """The forms this user may fill; each names its manifest when it reads choice lists."""
    entries = []
    for form in selectors.forms_for(request.user):
        entry = {
            "formID": form.form_id,
            "name": form.title,
            "version": form.version(),
            "hash": form.hash(),
            "descriptionText": str(form.description),
            "downloadUrl": request.build_absolute_uri(
                reverse("fieldforms:form_xml", kwargs={"form_id": form.form_id})
            ),
        }
        if form.media_names():
            entry["manifestUrl"] = request.build_absolute_uri(
                reverse("fieldforms:form_manifest", kwargs={"form_id": form.form_id})
            )
        entries.append(entry)
    return openrosa.xml_response(openrosa.form_list(entries))


@openrosa_view(("GET", "HEAD"))
def form_xml(request: HttpRequest, form_id: str) -> HttpResponse:
    form = selectors.form_for(request.user, form_id)
    if form is None:
        return _not_found()
    return HttpResponse(form.xform().encode(), content_type=openrosa.XML_CONTENT_TYPE)


@openrosa_view(("GET", "HEAD"))
def form_manifest(request: HttpRequest, form_id: str) -> HttpResponse:
    """The form's choice lists with the hash of their content for this user today: Collect
    downloads a list again whenever its hash changed, that is whenever the data did."""
    form = selectors.form_for(request.user, form_id)
    if form is None:
        return _not_found()
    files = []
    for name in form.media_names():
        content = selectors.choice_list(request.user, name)
        files.append(
            {
                "filename": name,
                "hash": selectors.media_hash(content),
                "downloadUrl": request.build_absolute_uri(
                    reverse(
                        "fieldforms:form_media", kwargs={"form_id": form_id, "media_name": name}
                    )
                ),
            }
        )
    return openrosa.xml_response(openrosa.manifest(files))


@openrosa_view(("GET", "HEAD"))
def form_media(request: HttpRequest, form_id: str, media_name: str) -> HttpResponse:
    form = selectors.form_for(request.user, form_id)
    if form is None or media_name not in form.media_names():
        return _not_found()
    response = HttpResponse(
        selectors.choice_list(request.user, media_name), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{media_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@openrosa_view(("HEAD", "POST"))
def submission(request: HttpRequest) -> HttpResponse:
    """HEAD: Collect checks the address and its credentials (204). POST: the multipart
    body, `xml_submission_file` and the photos; 201 when applied, 202 when kept for
    review or already received, an OpenRosa error message otherwise."""
    if request.method == "HEAD":
        response = HttpResponse(status=204)
        response["Location"] = request.build_absolute_uri(request.path)
        return response
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    # The body may carry the instance and its form parts beside files of the largest size.
    if declared > openrosa.accept_content_length() + openrosa.MAX_INSTANCE_BYTES:
        return openrosa.message_response(
            _("The submission is too large."), status=413, nature="error"
        )
    xml_file = request.FILES.get("xml_submission_file")
    if xml_file is None:
        return openrosa.message_response(
            _("The submission has no form data (xml_submission_file)."),
            status=400,
            nature="error",
        )
    files = [f for key, f in request.FILES.items() if key != "xml_submission_file"]
    try:
        outcome = services.submission_receive(
            user=request.user,
            xml=xml_file.read(openrosa.MAX_INSTANCE_BYTES + 1),
            files=files,
            incomplete="*isIncomplete*" in request.POST or "*isIncomplete*" in request.FILES,
            credential=request.app_credential,
        )
    except services.SubmissionRefused as refusal:
        return openrosa.message_response(refusal.message, status=refusal.status, nature="error")
    submission = outcome.submission
    if outcome.result == "applied":
        return openrosa.message_response(
            _submitted_message(submission), status=201, nature="submit_success"
        )
    if outcome.result == "duplicate":
        return openrosa.message_response(_("This form was already received."), status=202)
    if outcome.result == "receiving":
        return openrosa.message_response(_("Part received; send the rest."), status=202)
    return openrosa.message_response(
        _("Received. It will be checked before it is recorded: %(reason)s")
        % {"reason": submission.get_reason_display()},
        status=202,
    )


def _submitted_message(submission: Any) -> str:
    if submission.citizen_report_id:
        return _("Recorded. Tracking code to give to the person: %(code)s") % {
            "code": submission.citizen_report.tracking_code
        }
    return _("Recorded on the platform.")
