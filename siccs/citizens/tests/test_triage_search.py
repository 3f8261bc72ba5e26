"""The triage list: a caller with a tracking code is found at once; reports are searched,
filtered and sorted by state, channel, age and delay over the whole queue, not a page."""

import datetime as dt

import pytest
from django.utils import timezone

from siccs.citizens import services
from siccs.citizens.models import Channel

pytestmark = pytest.mark.django_db


def codes(client, **query):
    """Tracking codes on the list page, in their order."""
    import re

    html = client.get("/signalements/", query).text
    return re.findall(r'href="/signalements/\d+/">([2-9A-Z]{3}-[2-9A-Z]{3})</a>', html)


@pytest.fixture
def queue(ccs, mali, settings):
    settings.CITIZEN_STEP_DAYS = {"received": 3, "qualified": 7, "forwarded": 30, "answered": 14}
    now = timezone.now()

    def report(days, channel, commune, text, category=ccs.theft):
        return services.report_submit(
            channel=channel,
            description=text,
            category=category,
            commune=commune,
            received_at=now - dt.timedelta(days=days),
        )

    return {
        "old_web": report(40, Channel.WEB, mali.bandiagara, "Vol de bétail près de Dourou"),
        "week_sms": report(5, Channel.SMS, mali.djenne, "Bagarre au marché de Djenné"),
        "today_sms": report(0, Channel.SMS, mali.bandiagara, "Coupeurs de route vers Sangha"),
        "unrouted": report(2, Channel.SMS, None, "Hommes armés vers la mare", category=None),
    }


def test_a_tracking_code_finds_its_report_however_it_is_typed(client_for, queue, national_admin):
    staff = client_for(national_admin)
    code = queue["week_sms"].tracking_code
    for typed in (code, code.lower(), code.replace("-", ""), code.lower().replace("-", " ")):
        assert codes(staff, q=typed) == [code], typed
    assert codes(staff, q=code[:3]) == [code] or code in codes(staff, q=code[:3])


def test_it_searches_the_commune_without_accents_and_words_of_the_text(
    client_for, queue, national_admin
):
    staff = client_for(national_admin)
    assert codes(staff, q="djenne") == [queue["week_sms"].tracking_code]
    assert set(codes(staff, q="bandiagara")) == {
        queue["old_web"].tracking_code,
        queue["today_sms"].tracking_code,
    }
    assert codes(staff, q="bétail Dourou") == [queue["old_web"].tracking_code]
    assert codes(staff, q="bétail Sangha") == []


def test_it_filters_by_channel_and_age(client_for, queue, national_admin):
    staff = client_for(national_admin)
    assert codes(staff, channel="web") == [queue["old_web"].tracking_code]
    assert codes(staff, age="1") == [queue["today_sms"].tracking_code]
    assert set(codes(staff, age="7")) == {
        queue["week_sms"].tracking_code,
        queue["today_sms"].tracking_code,
        queue["unrouted"].tracking_code,
    }
    assert codes(staff, age="old") == [queue["old_web"].tracking_code]
    assert codes(staff, channel="sms", age="old") == []


def test_it_sorts_by_age_and_by_the_next_step_due(client_for, queue, national_admin):
    staff = client_for(national_admin)
    newest = codes(staff)
    assert newest[0] == queue["today_sms"].tracking_code
    assert codes(staff, sort="received") == list(reversed(newest))
    # Received reports are due 3 days after receipt: the oldest is the most overdue.
    due = codes(staff, sort="due")
    assert due[0] == queue["old_web"].tracking_code
    assert due[-1] == queue["today_sms"].tracking_code


def test_it_filters_overdue_reports_over_the_whole_queue_not_one_page(
    client_for, ccs, mali, national_admin, settings
):
    settings.CITIZEN_STEP_DAYS = {"received": 3}
    now = timezone.now()
    late = services.report_submit(
        channel="web",
        description="Ancien",
        category=ccs.theft,
        commune=mali.bandiagara,
        received_at=now - dt.timedelta(days=10),
    )
    for n in range(55):  # more than a page of recent reports in front of it
        services.report_submit(
            channel="web",
            description=f"Récent {n}",
            category=ccs.theft,
            commune=mali.bandiagara,
            received_at=now - dt.timedelta(hours=n % 24),
        )
    staff = client_for(national_admin)
    assert late.tracking_code not in codes(staff)  # not on the first page
    assert codes(staff, overdue="on") == [late.tracking_code]
    page = staff.get("/signalements/", {"overdue": "on"}).text
    assert "1 signalement" in page


def test_it_filters_by_status(client_for, queue, national_admin):
    staff = client_for(national_admin)
    services.report_answer(actor=national_admin, report=queue["week_sms"], answer="Patrouille.")
    assert codes(staff, status="answered") == [queue["week_sms"].tracking_code]
    assert queue["week_sms"].tracking_code not in codes(staff, status="received")
    assert queue["unrouted"].tracking_code in codes(staff, status="received")


def test_the_export_follows_the_filters(client_for, queue, national_admin):
    staff = client_for(national_admin)
    text = staff.get("/signalements/export.csv", {"q": "djenne"}).content.decode("utf-8-sig")
    assert queue["week_sms"].tracking_code in text
    assert queue["old_web"].tracking_code not in text


def test_hostile_filter_values_are_ignored(client_for, queue, national_admin):
    staff = client_for(national_admin)
    for query in (
        {"sort": "password"},
        {"status": "x"},
        {"age": "-1"},
        {"page": "999"},
        {"q": "a" * 500},
        {"q": "%_\\'\""},
        {"channel": ["web", "sms"]},
    ):
        assert staff.get("/signalements/", query).status_code == 200, query


def test_the_list_keeps_a_fixed_number_of_queries_with_filters(
    client_for, queue, national_admin, django_assert_max_num_queries
):
    staff = client_for(national_admin)
    with django_assert_max_num_queries(9):
        staff.get("/signalements/", {"q": "bandiagara", "overdue": "on", "sort": "due"})
