"""The dashboard's raw SQL, in one place, tested on both databases (`tests/test_rawsql.py`).

Four things the dashboard needs are beyond what the ORM can say, and each is a matter of
speed at national scale (60 ms, a fixed number of queries):
- several one-row aggregates in one round trip (`one_row`, a cross join of derived tables),
  small grouped tables among them as JSON arrays (`json_rows`);
- a median read with LIMIT and OFFSET, the rows counted once (`median_sql`);
- a GROUP BY over a fenced derived table of facts, so that each fact's subquery runs once
  per committee rather than once per mention in the state rule (`committee_groups`).

They are written here as SQL around the SQL that Django compiles for querysets and
expressions. Reaching that SQL takes Django's query internals (`Query.sql_with_params`,
`Query.get_compiler`, the names a query selects): only `queryset_sql`, `selected_names`
and `expression_sql` touch them, and the tests pin what they must give (the same rows as
the ORM, on SQLite and PostgreSQL), so that a Django upgrade that changes them breaks a
test, not a figure.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

from siccs.committees.models import Committee, CommitteeLevel
from siccs.rollout.models import MethodologyStep

# --- The only doors into Django's internals ----------------------------------------------


def queryset_sql(queryset: QuerySet) -> tuple[str, tuple]:
    """The SQL and parameters Django would run for `queryset`. Raises `EmptyResultSet`
    when Django knows without asking that it is empty (`pk__in=[]`, a scope of nothing)."""
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def selected_names(queryset: QuerySet) -> list[str]:
    """The column names of a `values()` queryset, fields then annotations, in order."""
    return [*queryset.query.values_select, *queryset.query.annotation_select]


def expression_sql(expression: Any, model: type[Model]) -> tuple[str, tuple]:
    """The SQL of `expression` as it would be written in a query of `model`."""
    query = model._default_manager.all().query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(expression.resolve_expression(query))
    return sql, tuple(params)


# --- Pieces of SQL ------------------------------------------------------------------------


def fence() -> str:
    """An OFFSET that keeps both databases from merging a derived table into the query
    around it, so that its computed columns are computed once per row."""
    return "LIMIT -1 OFFSET 0" if connection.vendor == "sqlite" else "OFFSET 0"


def column(table: str, name: str, output_field: Any) -> RawSQL:
    """A column of a derived table (`table.name`), to write expressions over it."""
    return RawSQL(f"{table}.{connection.ops.quote_name(name)}", (), output_field=output_field)


def duration_days(value: Any) -> float | None:
    """A duration read from a raw cursor, in days: an interval (PostgreSQL) or
    microseconds (SQLite)."""
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86_400_000_000


# --- Statements ---------------------------------------------------------------------------


def _one_row_part(queryset: QuerySet) -> tuple[str, tuple]:
    try:
        return queryset_sql(queryset)
    except EmptyResultSet:
        # Nothing in scope (e.g. a partner viewer and citizen reports): a row of NULLs.
        return "SELECT " + ", ".join(f"NULL AS {c}" for c in selected_names(queryset)), ()


def one_row(**parts: QuerySet | tuple[str, tuple]) -> dict[str, Any]:
    """Run several one-row aggregates (`values()` querysets, or SQL from `median_sql`) in
    a single round trip, a cross join of one-row derived tables, and return their columns
    by name."""
    sqls, params = [], []
    for alias, part in parts.items():
        sql, p = part if isinstance(part, tuple) else _one_row_part(part)
        sqls.append(f"({sql}) {alias}")
        params.extend(p)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM " + " CROSS JOIN ".join(sqls), params)
        names = [c[0] for c in cursor.description]
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True))


def json_rows(queryset: QuerySet, alias: str) -> tuple[str, tuple]:
    """A one-row SQL holding the rows of a grouped `queryset` as a JSON array of arrays
    (its columns in the order of its `values()`, then its annotations), so that a small
    table joins the one round trip of `one_row` instead of costing a query of its own.
    `json_list` reads the value back."""
    try:
        sql, params = queryset_sql(queryset)
    except EmptyResultSet:
        return f"SELECT NULL AS {alias}", ()
    quote = connection.ops.quote_name
    cells = ", ".join(f"j_r.{quote(c)}" for c in selected_names(queryset))
    if connection.vendor == "postgresql":
        rows = f"json_agg(json_build_array({cells}))"
    else:
        rows = f"json_group_array(json_array({cells}))"
    return f"SELECT {rows} AS {alias} FROM ({sql}) j_r", params


def json_list(value: Any) -> list[list[Any]]:
    """What `json_rows` gave: text on SQLite, already read on PostgreSQL, or nothing."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


def median_sql(queryset: QuerySet, value: Any, alias: str) -> tuple[str, tuple]:
    """A one-row SQL computing the median of `value` (an expression) over `queryset`
    (the average of the two middle values when their number is even): the values
    sorted, and the one or two in the middle read with LIMIT and OFFSET computed from
    the number of rows, which both databases accept as subqueries. The rows are
    counted once (a materialised CTE) without computing the value, and nothing numbers
    every row."""
    try:
        inner, params = queryset_sql(queryset.order_by().annotate(m_v=value).values("m_v"))
        rows, row_params = queryset_sql(queryset.order_by().values("pk"))
    except EmptyResultSet:
        return f"SELECT NULL AS {alias}", ()
    sql = (
        f"SELECT AVG(m_v) AS {alias} FROM ("
        f"WITH m_c AS MATERIALIZED (SELECT COUNT(*) AS n FROM ({rows}) m_r) "
        f"SELECT m_v FROM ({inner}) m_inner ORDER BY m_v "
        "LIMIT (SELECT 2 - n %% 2 FROM m_c) OFFSET (SELECT (n - 1) / 2 FROM m_c)) m_w"
    )
    return sql, (*row_params, *params)


# The derived table of `committee_groups`, for expressions over its columns (`column`).
FACTS = "w"


def committee_groups(
    facts: QuerySet, *, state: Any, region: Any, month: Any
) -> list[tuple[Any, ...]]:
    """Committees grouped by level, state, current step, region and month of
    installation, counted, with how many are supported by a partner.

    `facts` is a `values()` queryset of committees with `level_id`,
    `methodology_version_id`, `current_step_order` and `has_partner`; `state`, `region`
    and `month` are expressions over its columns (`column(FACTS, ...)`). It is read as a
    fenced derived table, so that each of its subqueries runs once per committee; the
    level's and the current step's names come with the rows (joins on the grouped keys).
    Each row: level id, name, English name, unit level, state, step code, name, English
    name, step order, region id, month ("YYYY-MM"), committees, supported committees.
    """
    try:
        facts_sql, facts_params = queryset_sql(facts)
    except EmptyResultSet:
        return []
    state_sql, state_params = expression_sql(state, Committee)
    region_sql, region_params = expression_sql(region, Committee)
    month_sql, month_params = expression_sql(month, Committee)
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {FACTS}.level_id, l.name, l.name_en, l.unit_level, {state_sql}, "
        f"s.code, s.name, s.name_en, {FACTS}.current_step_order, "
        f"{region_sql}, {month_sql}, COUNT(*), "
        f"COUNT(CASE WHEN {FACTS}.has_partner THEN 1 END) "
        f"FROM ({facts_sql} {fence()}) {FACTS} "
        f"JOIN {quote(CommitteeLevel._meta.db_table)} l ON l.id = {FACTS}.level_id "
        f"LEFT JOIN {quote(MethodologyStep._meta.db_table)} s "
        f"ON s.version_id = {FACTS}.methodology_version_id "
        f"AND s.{quote('order')} = {FACTS}.current_step_order AND s.required "
        f"GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"
    )
    params = (*state_params, *region_params, *month_params, *facts_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
