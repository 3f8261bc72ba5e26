"""A unit shown without boundary or centre gets the mean centre of the units inside it."""

import pytest

from siccs.dashboard import maps
from siccs.territory.models import AdministrativeUnit


def _shown(*units: AdministrativeUnit) -> list[dict]:
    return list(
        AdministrativeUnit.objects.filter(pk__in=[u.pk for u in units])
        .order_by("pk")
        .values("pk", "name", "path", "boundary", "centre_lat", "centre_lon")
    )


def _centre(lat: float, lon: float, *units: AdministrativeUnit) -> None:
    AdministrativeUnit.objects.filter(pk__in=[u.pk for u in units]).update(
        centre_lat=lat, centre_lon=lon
    )


def test_a_region_and_a_cercle_inside_it_both_missing_each_get_their_own_mean(
    mali, django_assert_num_queries
):
    _centre(14.0, -4.0, mali.bandiagara)
    _centre(13.9, -4.6, mali.djenne_cercle)
    _centre(13.8, -4.4, mali.djenne)
    _centre(16.3, -0.1, mali.gao_commune)
    units = _shown(mali.mopti, mali.bandiagara_cercle, mali.gao)

    with django_assert_num_queries(1):
        maps.fill_missing_centres(units)

    by_pk = {u["pk"]: (u["centre_lat"], u["centre_lon"]) for u in units}
    assert by_pk[mali.mopti.pk] == (pytest.approx(13.9), pytest.approx(-4.3333333))
    assert by_pk[mali.bandiagara_cercle.pk] == (pytest.approx(14.0), pytest.approx(-4.0))
    assert by_pk[mali.gao.pk] == (pytest.approx(16.3), pytest.approx(-0.1))


def test_a_unit_with_a_centre_or_nothing_inside_is_left_as_it_is(mali, django_assert_num_queries):
    _centre(15.0, -2.0, mali.gao)
    units = _shown(mali.mopti, mali.gao)

    maps.fill_missing_centres(units)

    by_pk = {u["pk"]: (u["centre_lat"], u["centre_lon"]) for u in units}
    assert by_pk[mali.gao.pk] == (15.0, -2.0)
    assert by_pk[mali.mopti.pk] == (None, None)


def test_nothing_missing_costs_no_query(mali, django_assert_num_queries):
    _centre(15.0, -2.0, mali.gao)
    units = _shown(mali.gao)
    with django_assert_num_queries(0):
        maps.fill_missing_centres(units)
