"""`median_sql` reads the middle of the sorted values, for odd, even, one and no rows."""

import statistics

import pytest
from django.db.models import F

from siccs.dashboard.selectors import median_sql, one_row
from siccs.territory.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 7, 10])
def test_it_gives_the_median_of_any_number_of_rows(mali, n):
    ids = list(AdministrativeUnit.objects.order_by("-pk").values_list("pk", flat=True)[:n])
    assert len(ids) == n
    values = [pk * 3 for pk in ids]  # spread values, sorted by the database, not by pk
    queryset = AdministrativeUnit.objects.filter(pk__in=ids)
    median = one_row(m=median_sql(queryset, F("pk") * 3, "median"))["median"]
    if n == 0:
        assert median is None
    else:
        assert float(median) == statistics.median(values)
