"""The public transparency page: committees by region, concerns per month, median delay."""

import datetime as dt

import pytest
from django.utils import timezone

from siccs.citizens import selectors, services

pytestmark = pytest.mark.django_db


def test_it_shows_committees_and_concern_figures_without_personal_data(client, ccs, mali):
    report = services.report_submit(
        channel="web",
        description="Vol chez Mariam",
        category=ccs.theft,
        commune=mali.bandiagara,
        phone="76000003",
        received_at=timezone.now() - dt.timedelta(days=4),
    )
    from conftest import persona
    from siccs.accounts.scoping import Role

    admin = persona("adm", Role.NATIONAL_ADMIN, mali.country)
    services.report_answer(actor=admin, report=report, answer="Réponse publiée")
    page = client.get("/transparence/")
    assert page.status_code == 200
    text = page.text
    assert "Mopti" in text and "Gao" in text
    assert "Mariam" not in text and "76000003" not in text and "Réponse publiée" not in text
    mopti = next(r for r in selectors.committees_by_region() if r["region"] == mali.mopti)
    assert mopti["installed"] == 1 and mopti["planned"] == 1
    assert selectors.median_days_to_answer() == 4
    this_month = selectors.concerns_per_month()[-1]
    assert this_month["answered"] == 1


def test_it_answers_in_a_fixed_number_of_queries(client, ccs, mali, django_assert_max_num_queries):
    for n in range(5):
        services.report_submit(
            channel="web", description=f"Vol {n}", category=ccs.theft, commune=mali.bandiagara
        )
    with django_assert_max_num_queries(8):
        client.get("/transparence/")


def test_it_draws_the_regions_on_a_map(client, ccs, mali):
    mali.mopti.centre_lat, mali.mopti.centre_lon = 14.49, -4.18
    mali.mopti.save()
    page = client.get("/transparence/").text
    assert "<svg" in page and f'href="#region-{mali.mopti.pk}"' in page
    assert f'id="region-{mali.mopti.pk}"' in page
