"""What the API reads and writes, declared once: validation, serialisation and OpenAPI.

Descriptions are lazy translations, so the OpenAPI document is served in French or in
English after the request's Accept-Language. Identity fields of members and the persons
named in minutes are nullable: they are null for whoever may not see personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import create_model

# A date outside this range is a typing error or a probe, never a fact of the committees.
MIN_DATE = dt.date(1960, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)
MAX_ID = 2**53  # the largest integer every JSON reader keeps exactly


def date_field(description: Any, default: Any = None) -> Any:
    return Field(default, ge=MIN_DATE, le=MAX_DATE, description=description)


class Paging(Schema):
    page: int = Field(1, ge=1, le=100_000, description=_("Page number, from 1."))
    page_size: int = Field(50, ge=1, le=200, description=_("Items per page (at most 200)."))


class PageBase(Schema):
    count: int = Field(description=_("Number of items over all pages."))
    page: int
    page_size: int
    next: str | None = Field(description=_("Address of the next page, if any."))
    previous: str | None = Field(description=_("Address of the previous page, if any."))


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of `item`s: the common paging fields and `items`."""
    return create_model(name, __base__=PageBase, items=(list[item], ...))


class Ref(Schema):
    id: int
    name: str


class UnitRef(Schema):
    id: int
    name: str
    pcode: str = Field(description=_("OCHA P-code (COD-AB), empty when unknown."))
    level: int


# --- Territory -------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    level: int = Field(description=_("0 country, 1 region, 2 cercle, 3 arrondissement, 4 commune."))
    level_label: str
    pcode: str
    pcode_edition: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None = Field(description=_("First day the unit no longer existed."))


class UnitVersionOut(Schema):
    name: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class TerritorialEventOut(Schema):
    kind: str
    kind_label: str
    date: dt.date
    reference: str
    source_ids: list[int]
    result_ids: list[int]


class UnitDetailOut(UnitOut):
    versions: list[UnitVersionOut] = Field(description=_("Names and parents over time."))
    events: list[TerritorialEventOut] = Field(
        description=_("Reforms that created, split, merged or renamed it.")
    )


# --- Committees ------------------------------------------------------------------------


class StepRef(Schema):
    code: str
    name: str
    order: int


class CommitteeOut(Schema):
    id: int
    name: str
    level_code: str
    level_name: str
    unit: UnitRef
    planned_on: dt.date
    on: dt.date = Field(description=_("Date the state is given for."))
    state: str = Field(
        description=_("planned, setting_up, stalled, installed or functional, on `on`.")
    )
    state_label: str
    installed_on: dt.date | None
    last_session_on: dt.date | None
    progress_on: dt.date | None = Field(description=_("Last day anything moved."))
    current_step: StepRef | None
    partner_ids: list[int] = Field(description=_("Partners that supported one of its steps."))


class CommitteeDetailOut(CommitteeOut):
    creation_act_reference: str
    creation_act_date: dt.date | None
    chair_office: str
    secretariat: str
    methodology_version_id: int


class PartnerRef(Schema):
    id: int
    acronym: str
    name: str


class StepRecordOut(Schema):
    id: int
    committee_id: int
    step: StepRef
    status: str
    status_label: str
    planned_on: dt.date | None
    started_on: dt.date | None
    done_on: dt.date | None
    blocked_on: dt.date | None
    blocked_reason: str
    partner: PartnerRef | None
    responsible: str | None = Field(description=_("Null without the right to see personal data."))
    notes: str
    updated_at: dt.datetime


class StepRecordIn(Schema):
    status: str = Field(description=_("planned, in_progress, done, blocked or not_applicable."))
    actual_on: dt.date | None = date_field(
        _("When the step started, was done or got blocked (empty: today).")
    )
    planned_on: dt.date | None = date_field(_("Planned date."))
    blocked_reason: str = Field("", max_length=300)
    responsible: str = Field("", max_length=200)
    partner_id: int | None = Field(None, ge=1, le=MAX_ID)
    notes: str = Field("", max_length=5000)


class MemberOut(Schema):
    id: int
    category_code: str
    category_name: str
    function: str
    sex: str
    age_group: str
    start_on: dt.date | None
    end_on: dt.date | None
    active: bool
    full_name: str | None = Field(description=_("Null without the right to see personal data."))
    organisation: str | None = Field(description=_("Null without the right to see personal data."))


# --- Meetings --------------------------------------------------------------------------


class SessionFiguresOut(Schema):
    active: int
    present: int
    excused: int
    absent: int
    women_present: int
    guest_women: int
    guest_men: int
    quorum: bool


class SessionOut(Schema):
    id: int
    committee: Ref
    kind: str
    kind_label: str
    held_on: dt.date
    place: str
    agenda: str
    commission_id: int | None
    figures: SessionFiguresOut
    chair: str | None = Field(description=_("Null without the right to see personal data."))
    minutes_text: str | None = Field(description=_("Null without the right to see personal data."))


class AttendanceIn(Schema):
    membership_id: int = Field(ge=1, le=MAX_ID)
    presence: str = Field(description=_("present, excused or absent."))


class GuestIn(Schema):
    category_code: str = Field(max_length=40)
    women: int = Field(0, ge=0, le=999)
    men: int = Field(0, ge=0, le=999)


class SessionIn(Schema):
    kind: str = Field("ordinary", description=_("ordinary, extraordinary or commission."))
    held_on: dt.date = date_field(_("Date the session was held."), ...)
    place: str = Field("", max_length=200)
    chair: str = Field("", max_length=200)
    agenda: str = Field("", max_length=5000)
    minutes_text: str = Field("", max_length=50_000)
    commission_id: int | None = Field(None, ge=1, le=MAX_ID)
    attendance: list[AttendanceIn] = Field(
        max_length=500, description=_("The presence of every member active on that date.")
    )
    guests: list[GuestIn] = Field([], max_length=20)


class ConcernOut(Schema):
    id: int
    committee: Ref
    category_code: str
    category_name: str
    unit: UnitRef | None
    place_detail: str
    facts_on: dt.date | None
    received_on: dt.date
    severity: int
    title: str
    source: str
    status: str
    status_label: str
    answered_on: dt.date | None
    description: str | None = Field(description=_("Null without the right to see personal data."))


class FollowUpOut(Schema):
    id: int
    on: dt.date
    status: str
    note: str
    has_evidence: bool


class RecommendationOut(Schema):
    id: int
    committee: Ref
    session_id: int
    text: str
    addressee: str
    due_on: dt.date | None
    adopted_on: dt.date
    on: dt.date
    status_on: str = Field(description=_("Status on `on`, from the follow-up history."))
    overdue_on: bool
    concern_ids: list[int]
    responsible: str | None = Field(description=_("Null without the right to see personal data."))


class RecommendationDetailOut(RecommendationOut):
    follow_ups: list[FollowUpOut]


class FollowUpIn(Schema):
    on: dt.date = date_field(_("Date of the follow-up."), ...)
    status: str = Field(description=_("open, in_progress, done, not_done or dropped."))
    note: str = Field("", max_length=5000)


# --- Partners --------------------------------------------------------------------------


class PartnerOut(Schema):
    id: int
    name: str
    acronym: str
    kind: str
    kind_label: str
    website: str


class CommitmentOut(Schema):
    id: int
    partner: PartnerRef
    title: str
    kind: str
    scope: str
    unit: UnitRef
    level_code: str | None
    start_on: dt.date
    end_on: dt.date
    amount: str = Field(description=_("Amount in its currency, as a decimal string."))
    currency: str
    amount_fcfa: int
    status: str | None = Field(description=_("Status on `on` (current status without `on`)."))
    step_codes: list[str]
    committee_ids: list[int]


# --- Indicators ------------------------------------------------------------------------


class StateCounts(Schema):
    planned: int
    setting_up: int
    stalled: int
    installed: int
    functional: int


class RegionIndicatorsOut(Schema):
    id: int | None
    name: str
    pcode: str
    states: StateCounts
    total: int
    installed: int


class IndicatorsOut(Schema):
    on: dt.date
    territory: UnitRef | None
    committees: int = Field(description=_("Committees counted on the date (planned by then)."))
    states: StateCounts
    installed: int = Field(description=_("Installed or functional."))
    target: int = Field(description=_("One committee per region and commune in force."))
    supported: int = Field(description=_("Committees with a step supported by a partner."))
    sessions_24_months: int
    members: int
    members_women: int
    attendees: int
    attendees_women: int
    recommendations_adopted: int
    recommendations_done: int
    concerns_received: int
    concerns_answered: int
    concerns_median_days: float | None
    reports_received: int
    reports_answered: int
    by_region: list[RegionIndicatorsOut]


# --- DHIS2 -----------------------------------------------------------------------------


class Dhis2DataValue(Schema):
    dataElement: str
    period: str
    orgUnit: str
    categoryOptionCombo: str | None = None
    attributeOptionCombo: str | None = None
    value: str
    comment: str | None = None


class Dhis2DataValueSet(Schema):
    dataSet: str | None = None
    completeDate: str | None = None
    period: str
    dataElementIdScheme: str | None = None
    orgUnitIdScheme: str | None = None
    dataValues: list[Dhis2DataValue]


class OnFilter(Schema):
    on: dt.date | None = date_field(_("Date the state is read for (today when absent)."))
