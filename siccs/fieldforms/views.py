"""Pages of the field forms: the ODK page (app passwords, QR code, forms to download,
what I sent), the review queue, and the import of KoboToolbox / ODK Central exports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siccs.accounts.scoping import Action, get_visible_or_404, require_action, user_has_action
from siccs.committees.models import Committee, Membership
from siccs.core.errors import DomainError
from siccs.fieldforms import qr, selectors, services
from siccs.fieldforms.forms import CredentialForm, FixForm, ImportForm, RejectForm
from siccs.fieldforms.models import AppCredential, Submission, SubmissionStatus
from siccs.fieldforms.xforms import CATALOGUE
from siccs.meetings.models import Addressee, ConcernCategory, Recommendation
from siccs.rollout.models import StepRecord
from siccs.territory.models import AdministrativeUnit


def _require_forms(request: HttpRequest) -> list:
    forms_allowed = selectors.forms_for(request.user)
    if not forms_allowed:
        raise PermissionDenied
    return forms_allowed


def server_url(request: HttpRequest) -> str:
    """The address to type in ODK Collect (it appends /formList and /submission)."""
    return request.build_absolute_uri(reverse("fieldforms:form_list")).removesuffix("/formList")


def home(request: HttpRequest) -> HttpResponse:
    forms_allowed = _require_forms(request)
    return render(
        request,
        "fieldforms/home.html",
        {
            "forms": forms_allowed,
            "credentials": AppCredential.objects.filter(user=request.user),
            "credential_form": CredentialForm(),
            "server_url": server_url(request),
            "sent": selectors.own_submissions(user=request.user)[:20],
            "can_review": user_has_action(request.user, Action.REVIEW),
        },
    )


@require_POST
def credential_create(request: HttpRequest) -> HttpResponse:
    """Shows the new password and its QR code once, in this answer only."""
    _require_forms(request)
    form = CredentialForm(request.POST)
    if form.is_valid():
        try:
            credential, password = services.app_credential_create(
                user=request.user, label=form.cleaned_data["label"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            url = server_url(request)
            code = qr.encode(
                qr.collect_settings(
                    server_url=url, username=request.user.username, password=password
                )
            )
            response = render(
                request,
                "fieldforms/credential_created.html",
                {
                    "credential": credential,
                    "password": password,
                    "server_url": url,
                    "qr_text": code,
                    "qr_svg": qr.svg(code),
                },
            )
            response["Cache-Control"] = "no-store"
            return response
    else:
        messages.error(request, _("Name the phone this password is for."))
    return redirect("fieldforms:home")


@require_POST
def credential_revoke(request: HttpRequest, app_credential_id: int) -> HttpResponse:
    # Each person manages their own app passwords: another's is a 404.
    credential = AppCredential.objects.filter(pk=app_credential_id, user=request.user).first()
    if credential is None:
        raise Http404
    services.app_credential_revoke(user=request.user, credential=credential)
    messages.success(request, _("App password revoked: this phone can no longer connect."))
    return redirect("fieldforms:home")


def form_xlsx(request: HttpRequest, form_id: str) -> HttpResponse:
    """The XLSForm of a form, to load into KoboToolbox or ODK Central."""
    _require_forms(request)
    form = CATALOGUE.get(form_id)
    if form is None:
        raise Http404
    response = HttpResponse(
        form.xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{form.form_id}.xlsx"'
    return response


def choice_list(request: HttpRequest, media_name: str) -> HttpResponse:
    """A choice list as the signed-in user's phone receives it, to load beside the XLSForm
    in KoboToolbox (media files of the project)."""
    forms_allowed = _require_forms(request)
    if not any(media_name in f.media_names() for f in forms_allowed):
        raise Http404
    response = HttpResponse(
        selectors.choice_list(request.user, media_name), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{media_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def review_list(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.REVIEW)
    status = request.GET.get("status", SubmissionStatus.IN_REVIEW)
    if status not in SubmissionStatus.values:
        status = SubmissionStatus.IN_REVIEW
    page = Paginator(selectors.review_queue(user=request.user, status=status), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "fieldforms/review_list.html",
        {"page": page, "status": status, "statuses": SubmissionStatus.choices},
    )


def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A submission as received, why it waits, and the reviewer's fix or rejection."""
    submission = get_visible_or_404(
        Submission.objects.select_related("submitted_by", "decided_by", "unit"),
        request.user,
        pk=submission_id,
    )
    pending = submission.status == SubmissionStatus.IN_REVIEW
    fix_form = FixForm(submission=submission, user=request.user) if pending else None
    reject_form = RejectForm() if pending else None
    if request.method == "POST":
        if not pending:
            messages.error(request, _("This submission was already decided."))
            return redirect("fieldforms:submission_detail", submission_id=submission.pk)
        if request.POST.get("action") == "reject":
            reject_form = RejectForm(request.POST)
            if reject_form.is_valid():
                services.submission_reject(
                    user=request.user, submission=submission, note=reject_form.cleaned_data["note"]
                )
                messages.success(request, _("Submission rejected."))
                return redirect("fieldforms:review_list")
        else:
            fix_form = FixForm(request.POST, submission=submission, user=request.user)
            if fix_form.is_valid():
                try:
                    submission = services.submission_apply(
                        user=request.user, submission=submission, fixes=fix_form.fixes()
                    )
                except DomainError as error:
                    messages.error(request, error.message)
                else:
                    if submission.status == SubmissionStatus.APPLIED:
                        messages.success(request, _("Submission applied."))
                        return redirect("fieldforms:review_list")
                    messages.error(
                        request,
                        _("Still not applicable: %(detail)s") % {"detail": submission.detail},
                    )
                    return redirect("fieldforms:submission_detail", submission_id=submission.pk)
    return render(
        request,
        "fieldforms/submission_detail.html",
        {
            "submission": submission,
            "form_title": submission.form_title,
            "rows": _rows(submission.data, _names(request.user, submission.data)),
            "attachments": submission.attachments.all(),
            "fix_form": fix_form,
            "reject_form": reject_form,
        },
    )


def _names(user: Any, values: dict) -> dict[tuple[str, str], str]:
    """What the ids and codes of a submission stand for, as far as the reviewer may see."""
    ids: dict[str, set[str]] = {}

    def collect(items: dict) -> None:
        for key, value in items.items():
            if isinstance(value, list):
                for row in value:
                    collect(row)
            elif isinstance(value, str):
                ids.setdefault(key, set()).update(value.split())

    collect(values)
    numbers = {k: [int(v) for v in vs if v.isdigit()] for k, vs in ids.items()}
    members = numbers.get("presents", []) + numbers.get("excuses", [])
    found: dict[tuple[str, str], str] = {}
    lookups = [
        (("comite",), Committee.objects.visible_to(user), numbers.get("comite", []), "name"),
        (
            ("presents", "excuses"),
            Membership.objects.visible_to(user, Action.VIEW_PERSONAL),
            members,
            "person__full_name",
        ),
        (("etape",), StepRecord.objects.visible_to(user), numbers.get("etape", []), "step__name"),
        (
            ("recommandation",),
            Recommendation.objects.visible_to(user),
            numbers.get("recommandation", []),
            "text",
        ),
        (
            ("commune",),
            AdministrativeUnit.objects.visible_to(user),
            numbers.get("commune", []),
            "name",
        ),
        (("destinataire",), Addressee.objects.all(), numbers.get("destinataire", []), "name"),
    ]
    for keys, queryset, pks, field in lookups:
        for pk, name in queryset.filter(pk__in=pks).values_list("pk", field):
            for key in keys:
                found[(key, str(pk))] = str(name)[:80]
    categories = ids.get("categorie", set())
    for code, name in ConcernCategory.objects.filter(code__in=categories).values_list(
        "code", "name"
    ):
        found[("categorie", code)] = name
    return found


def _rows(
    values: dict, names: dict[tuple[str, str], str], depth: int = 0
) -> list[tuple[int, str, str]]:
    """The values as (depth, name, text) lines, repeats indented under their group, each id
    followed by what it stands for."""
    rows: list[tuple[int, str, str]] = []
    for key, value in values.items():
        if key.startswith("_"):
            continue
        if isinstance(value, list):
            for number, row in enumerate(value, 1):
                rows.append((depth, f"{key} {number}", ""))
                rows.extend(_rows(row, names, depth + 1))
        else:
            text = str(value)
            if any((key, part) in names for part in text.split()):
                text = " · ".join(
                    f"{part} ({names[(key, part)]})" if (key, part) in names else part
                    for part in text.split()
                )
            rows.append((depth, key, text))
    return rows


def submission_import(request: HttpRequest) -> HttpResponse:
    forms_allowed = _require_forms(request)
    form = ImportForm(request.POST or None, request.FILES or None, forms_allowed=forms_allowed)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            form.add_error("file", _("The file is too large."))
            return render(request, "fieldforms/import.html", {"form": form, "report": None})
        try:
            report = services.submissions_import(
                user=request.user,
                form=CATALOGUE[form.cleaned_data["form_id"]],
                content=upload.read(),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(request, "fieldforms/import.html", {"form": form, "report": report})
