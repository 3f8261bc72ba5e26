"""Forms of the meetings pages; every choice of an object is restricted to the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siccs.accounts.scoping import Action
from siccs.committees.forms import RegionChoiceField
from siccs.committees.models import Committee, MemberCategory, Membership, WorkingCommission
from siccs.core import dates
from siccs.core.dates import DateInput, PlausibleDateField
from siccs.core.uploads import EVIDENCE_ACCEPT, SCAN_ACCEPT, BoundedFileInput
from siccs.meetings.models import (
    MALI_LAT,
    MALI_LON,
    Addressee,
    Concern,
    ConcernCategory,
    ConcernSource,
    ConcernStatus,
    Presence,
    RecommendationStatus,
    Session,
    SessionKind,
    Severity,
)
from siccs.meetings.selectors import OPEN_CONCERN_STATUSES
from siccs.territory.models import AdministrativeUnit, Level


def _concern_label(concern: Concern) -> str:
    return f"#{concern.pk} · {concern.title} ({concern.category})"


def _session_label(session: Session) -> str:
    # Date and kind: the committee is the form's own, naming it on each line costs a query.
    return f"{date_format(session.held_on, 'SHORT_DATE_FORMAT')} · {session.get_kind_display()}"


class ConcernChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Concern) -> str:
        return _concern_label(obj)


class SessionForm(forms.Form):
    """A session with one presence field per member active on its date (`presence_<id>`)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    held_on = PlausibleDateField(label=_("Date"), widget=DateInput())
    commission = forms.ModelChoiceField(
        label=_("Working commission"), queryset=WorkingCommission.objects.none(), required=False
    )
    place = forms.CharField(
        label=pgettext_lazy("where a session is held", "Place"), max_length=200, required=False
    )
    chair = forms.CharField(label=_("Chaired by"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes_text = forms.CharField(
        label=_("Minutes (text)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes_file = forms.FileField(
        label=_("Minutes (scan: PDF, JPEG or PNG)"),
        required=False,
        widget=BoundedFileInput(accept=SCAN_ACCEPT),
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        committee: Committee,
        members: list[Membership],
        personal: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = WorkingCommission.objects.visible_to(user).filter(
            committee=committee
        )
        self.members = members
        for membership in members:
            name = f"presence_{membership.pk}"
            self.fields[name] = forms.ChoiceField(
                label=membership.person.full_name if personal else str(membership.category),
                choices=Presence.choices,
                widget=forms.RadioSelect,
                initial=self.initial.get(name, Presence.PRESENT),
            )

    def presence_rows(self) -> list[dict[str, Any]]:
        return [{"membership": m, "field": self[f"presence_{m.pk}"]} for m in self.members]

    def attendance(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"presence_{m.pk}"] for m in self.members}

    def service_data(self) -> dict[str, Any]:
        data = {
            k: self.cleaned_data[k]
            for k in ("kind", "held_on", "commission", "place", "chair", "agenda", "minutes_text")
        }
        data["minutes_file"] = self.cleaned_data.get("minutes_file") or None
        return data


class GuestForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Guest category"), queryset=MemberCategory.objects.all(), required=False
    )
    women = forms.IntegerField(
        label=_("Women"), min_value=0, max_value=999, initial=0, required=False
    )
    men = forms.IntegerField(label=_("Men"), min_value=0, max_value=999, initial=0, required=False)


GuestFormSet = forms.formset_factory(GuestForm, extra=2, max_num=20)


class ConcernForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ConcernCategory.objects.filter(active=True)
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.ChoiceField(label=_("Source"), choices=ConcernSource.choices)
    severity = forms.TypedChoiceField(
        label=_("Severity"), choices=Severity.choices, coerce=int, initial=Severity.MEDIUM
    )
    unit = forms.ModelChoiceField(
        label=_("Place (administrative unit)"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
    )
    place_detail = forms.CharField(label=_("Village or place"), max_length=200, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=MALI_LAT[0],
        max_value=MALI_LAT[1],
        localize=True,  # 14,49512 as a French user types it, or 14.49512 from a GPS
        help_text=_("Optional point, in decimal degrees (e.g. 14.49512)."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=MALI_LON[0],
        max_value=MALI_LON[1],
        localize=True,
        help_text=_("West of Greenwich is negative (e.g. -4.19718)."),
    )
    facts_on = PlausibleDateField(label=_("Date of the facts"), required=False, widget=DateInput())
    received_on = PlausibleDateField(label=_("Received on"), widget=DateInput())
    session = forms.ModelChoiceField(
        label=_("Raised in session"), queryset=Session.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, committee: Committee, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("received_on", dates.today())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = AdministrativeUnit.objects.visible_to(user).filter(
            path__startswith=committee.unit.path
        )
        # The latest sessions first: a concern is most often raised in the last one.
        self.fields["session"].queryset = (
            Session.objects.visible_to(user).filter(committee=committee).order_by("-held_on", "-pk")
        )
        self.fields["session"].label_from_instance = _session_label


class ConcernStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ConcernStatus.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConcernMergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Duplicate of"), queryset=Concern.objects.none())
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, user: Any, concern: Concern, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Concern.objects.visible_to(user)
            .filter(committee=concern.committee_id, duplicate_of__isnull=True)
            .exclude(pk=concern.pk)
        )
        self.fields["into"].label_from_instance = _concern_label


class AgendaForm(forms.Form):
    concerns = ConcernChoiceField(
        label=_("Open concerns to put on the agenda"),
        queryset=Concern.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, user: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on_agenda = session.agenda_concerns.values("pk")
        self.fields["concerns"].queryset = (
            Concern.objects.visible_to(user)
            .filter(committee=session.committee_id, duplicate_of__isnull=True)
            .filter(Q(status__in=OPEN_CONCERN_STATUSES) | Q(pk__in=on_agenda))
            .select_related("category")
            .order_by("-severity", "received_on", "pk")
        )


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    concerns = ConcernChoiceField(label=_("Concerns answered"), queryset=Concern.objects.none())
    addressee = forms.ModelChoiceField(label=_("Addressed to"), queryset=Addressee.objects.all())
    responsible = forms.CharField(label=_("Person responsible"), max_length=200, required=False)
    due_on = PlausibleDateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, user: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The concerns of the session (on its agenda or raised in it) come first, checked;
        # the committee's other open concerns follow, folded: a committee with 69 open
        # concerns used to put the two of the day 4,640 px down a phone's page.
        of_session = Q(agenda_sessions=session) | Q(session=session)
        queryset = (
            Concern.objects.visible_to(user)
            .filter(committee=session.committee_id, duplicate_of__isnull=True)
            .filter(Q(status__in=OPEN_CONCERN_STATUSES) | of_session)
            .distinct()
            .select_related("category")
            .order_by("-severity", "received_on", "pk")
        )
        self.fields["concerns"].queryset = queryset
        self.session_concern_ids = set(queryset.filter(of_session).values_list("pk", flat=True))
        if not self.is_bound:
            self.initial.setdefault("concerns", sorted(self.session_concern_ids))

    def concern_groups(self) -> tuple[list[Any], list[Any]]:
        """The checkboxes of the concerns of the session, then those of the others."""
        ours: list[Any] = []
        others: list[Any] = []
        for box in self["concerns"]:
            value = getattr(box.data["value"], "value", box.data["value"])
            (ours if value in self.session_concern_ids else others).append(box)
        return ours, others

    def others_checked(self) -> bool:
        """Whether a concern outside the session is checked: its group then shows open."""
        return any(box.data["selected"] for box in self.concern_groups()[1])


class FollowUpForm(forms.Form):
    on = PlausibleDateField(label=_("Date"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=RecommendationStatus.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label=_("Evidence (PDF, JPEG, PNG, XLSX or DOCX)"),
        required=False,
        widget=BoundedFileInput(accept=EVIDENCE_ACCEPT),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", dates.today())
        super().__init__(*args, **kwargs)


def _regions(user: Any) -> Any:
    # Regions of every period: a list as of 2021 is filtered by the regions of 2021.
    return (
        AdministrativeUnit.objects.visible_to(user, Action.VIEW)
        .filter(level=Level.REGION)
        .order_by("name", "valid_from")
    )


class PeriodRegionForm(forms.Form):
    """A period (`from`, `to`, both inclusive) and a region taken as it stood on `to`
    (today when absent): the parameters the dashboard's links carry. `from` is a Python
    keyword, hence fields added by name."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = PlausibleDateField(
            label=_("From"), required=False, widget=DateInput()
        )
        self.fields["to"] = PlausibleDateField(
            label=pgettext_lazy("end of a period", "To"), required=False, widget=DateInput()
        )
        self.fields["region"] = RegionChoiceField(
            label=_("Region"), queryset=_regions(user), required=False
        )
        self.order_fields(["from", "to", "region"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end of the period comes before its start."))
        return data

    def filters(self) -> dict[str, Any] | None:
        """The filters to apply, or None when the parameters are wrong: a list that
        silently dropped a filter would show a count the dashboard never gave."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return None
        data = dict(self.cleaned_data)
        data["start"] = data.pop("from")
        data["end"] = data.pop("to")
        return data


class SessionFilterForm(PeriodRegionForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("all")), *SessionKind.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100, required=False)


class ConcernFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("all")), ("open", _("open")), *ConcernStatus.choices],
        required=False,
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ConcernCategory.objects.all(), required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("all")), *ConcernSource.choices], required=False
    )


class ConcernSearchForm(PeriodRegionForm, ConcernFilterForm):
    """Concerns across committees: the register's filters, a period of reception, a
    region, and "answered by the end of the period" (the dashboard's rule)."""

    answered = forms.BooleanField(label=_("Answered by the end of the period"), required=False)


class BoardFilterForm(forms.Form):
    on = PlausibleDateField(label=_("As of"), required=False, widget=DateInput())
    region = RegionChoiceField(
        label=_("Region"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    addressee = forms.ModelChoiceField(
        label=_("Addressed to"), queryset=Addressee.objects.all(), required=False
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ConcernCategory.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *RecommendationStatus.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Taken as the region stood on the board's date (see selectors.board_recommendations).
        self.fields["region"].queryset = _regions(user)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"on": dates.today()}
        data = dict(self.cleaned_data)
        data["on"] = data.get("on") or dates.today()
        return data
