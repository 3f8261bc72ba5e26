"""The dashboard's raw SQL (`siccs.dashboard.rawsql`) gives what the ORM gives.

These tests run on SQLite and on PostgreSQL (they use the database). The module reaches
Django's query internals to embed the SQL of querysets and expressions in its own: a
Django upgrade that changes those internals must fail here, not shift a figure.
"""

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Func, IntegerField, Value

from siccs.committees.models import Committee, Membership
from siccs.committees.selectors import with_state
from siccs.dashboard import rawsql, selectors
from siccs.dashboard.tests.world import AFTER, BEFORE, build

pytestmark = pytest.mark.django_db


def _run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def test_a_querysets_sql_runs_to_the_rows_the_orm_gives(mali):
    build(mali)
    # Joins, a parameter, subqueries (the state rule) and an ordering.
    queryset = (
        with_state(Committee.objects.filter(unit__path__startswith=mali.mopti.path), BEFORE)
        .order_by("pk")
        .values_list("pk", "unit__name", "state", "current_step_code")
    )
    expected = list(queryset)
    assert len(expected) >= 2
    assert _run(*rawsql.queryset_sql(queryset)) == expected


def test_a_queryset_that_cannot_match_is_said_empty_without_sql(mali):
    with pytest.raises(EmptyResultSet):
        rawsql.queryset_sql(Committee.objects.filter(pk__in=[]))


def test_an_expressions_sql_is_the_one_the_orm_writes(mali):
    build(mali)
    expression = selectors.MonthOf(F("planned_on"))
    sql, params = rawsql.expression_sql(expression, Committee)
    table = connection.ops.quote_name(Committee._meta.db_table)
    rows = _run(f"SELECT {sql} FROM {table} ORDER BY id", params)
    expected = list(Committee.objects.order_by("pk").annotate(m=expression).values_list("m"))
    assert rows == expected
    assert {month for (month,) in rows} >= {"2021-05"}  # Gao, planned 1 May 2021


def test_one_row_joins_aggregates_and_gives_nulls_for_an_empty_part(mali):
    build(mali)
    # COUNT written as a plain function: a one-row aggregate, no GROUP BY (as selectors do).
    count = Func(Value(1), function="COUNT", output_field=IntegerField())
    members = Membership.objects.order_by().annotate(n_members=count).values("n_members")
    none = (
        Committee.objects.filter(pk__in=[])
        .order_by()
        .annotate(n_none=count, n_other=count)
        .values("n_none", "n_other")
    )
    row = rawsql.one_row(mb=members, nn=none)
    assert row == {"n_members": Membership.objects.count(), "n_none": None, "n_other": None}
    assert Membership.objects.count() > 0


def test_a_grouped_table_rides_in_one_row_as_json(mali):
    build(mali)
    # Members per committee, grouped, read back in the one round trip of `one_row`.
    grouped = Membership.objects.order_by().values("committee_id").annotate(n=Count("pk"))
    none = Membership.objects.filter(pk__in=[]).values("committee_id").annotate(n=Count("pk"))
    row = rawsql.one_row(g=rawsql.json_rows(grouped, "rows"), e=rawsql.json_rows(none, "empty"))
    expected = sorted(Counter(Membership.objects.values_list("committee_id", flat=True)).items())
    assert sorted(tuple(r) for r in rawsql.json_list(row["rows"])) == expected
    assert len(expected) >= 2
    assert rawsql.json_list(row["empty"]) == []


def test_a_median_reads_the_middle_values(mali):
    build(mali)
    committees = Committee.objects.all()
    ids = sorted(committees.values_list("pk", flat=True))
    middle = (ids[(len(ids) - 1) // 2] + ids[len(ids) // 2]) / 2
    sql = rawsql.median_sql(committees, F("pk"), "median")
    assert float(rawsql.one_row(m=sql)["median"]) == middle
    assert rawsql.median_sql(committees.filter(pk__in=[]), F("pk"), "m") == (
        "SELECT NULL AS m",
        (),
    )


@pytest.mark.parametrize(
    ("value", "days"),
    [(None, None), (dt.timedelta(days=2, hours=12), 2.5), (86_400_000_000 * 3, 3.0)],
)
def test_a_duration_is_read_in_days_from_either_database(value, days):
    assert rawsql.duration_days(value) == days


@pytest.mark.parametrize("on", [BEFORE, AFTER])
def test_committee_groups_count_each_committee_once_as_the_state_rule_says(
    mali, national_admin, on
):
    build(mali)
    scope = selectors.Scope.build(national_admin, on)
    rows = selectors.committee_rows(scope)
    committees = with_state(Committee.objects.all(), on)
    by_state = Counter()
    for row in rows:
        by_state[row["state"]] += row["n"]
    assert by_state == Counter(committees.values_list("state", flat=True))
    steps = Counter()
    for row in rows:
        steps[row["current_step_code"]] += row["n"]
    assert steps == Counter(committees.values_list("current_step_code", flat=True))
    regions = Counter()
    for row in rows:
        regions[row["region_id"]] += row["n"]
    region_of = scope.region_of
    assert regions == Counter(region_of[u] for u in committees.values_list("unit_id", flat=True))
    supported = committees.filter(step_records__partner__isnull=False).distinct().count()
    assert sum(row["n_supported"] for row in rows) == supported


def test_committee_groups_are_empty_for_a_scope_of_nothing(mali, django_assert_num_queries):
    facts = Committee.objects.filter(pk__in=[]).values("level_id")
    level = rawsql.column(rawsql.FACTS, "level_id", IntegerField())
    with django_assert_num_queries(0):  # nothing could match: no query is sent
        assert rawsql.committee_groups(facts, state=level, region=level, month=level) == []
