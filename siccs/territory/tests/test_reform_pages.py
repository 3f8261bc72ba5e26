"""Declaring a reform without a file: national administrators only, a preview of what
changes region from the date, then the reform recorded by its service and audited."""

import datetime as dt

import pytest
from django.urls import reverse

from siccs.audit.models import AuditEntry
from siccs.committees.tests.factories import CommitteeFactory, MembershipFactory, install
from siccs.meetings.tests.factories import SessionFactory
from siccs.partners.tests.factories import commitment
from siccs.territory.models import AdministrativeUnit, EventKind, Level, TerritorialEvent
from siccs.territory.selectors import ancestor_at_level_map
from siccs.territory.tests.factories import UnitFactory

ON = dt.date(2024, 10, 1)
DECREE = "Décret n°2024-0001 (exemple)"


@pytest.fixture
def djenne_committee(mali, partner):
    """A committee of Djenné with a member, sessions before and after the date, and a
    partner's commitment running over it."""
    committee = install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 4, 14))
    MembershipFactory(committee=committee)
    MembershipFactory(committee=committee, end_on=dt.date(2023, 1, 1), active=False)
    SessionFactory(committee=committee, held_on=dt.date(2024, 5, 2))
    SessionFactory(committee=committee, held_on=dt.date(2024, 11, 5))
    commitment(
        partner, unit=mali.djenne_cercle, start_on=dt.date(2024, 1, 1), end_on=dt.date(2025, 6, 30)
    )
    return committee


def test_only_national_administrators_declare_reforms(
    client_for, national_admin, mopti_focal_point, mali
):
    urls = [reverse("territory:reform_index")] + [
        reverse(f"territory:reform_{kind}")
        for kind in ("region", "move", "rename", "merge", "split")
    ]
    focal = client_for(mopti_focal_point)
    for url in urls:
        assert focal.get(url).status_code == 403
        assert focal.post(url, {"on": "2024-10-01", "reference": "x"}).status_code == 403
    admin = client_for(national_admin)
    for url in urls:
        assert admin.get(url).status_code == 200
    index = admin.get(reverse("territory:reform_index")).content.decode()
    assert "Créer une région à partir de cercles" in index
    assert "Loi n°2012-017" in index  # the shipped history is listed


def test_it_previews_then_creates_a_region_from_a_cercle(
    client_for, national_admin, mali, djenne_committee
):
    client = client_for(national_admin)
    url = reverse("territory:reform_region")
    data = {
        "name": "Djenné",
        "cercles": [mali.djenne_cercle.pk],
        "on": ON.isoformat(),
        "reference": DECREE,
    }
    preview = client.post(url, data)
    text = preview.content.decode()
    assert preview.status_code == 200
    # One committee, its member in office (the other left in 2023), the session of
    # November 2024 and the running commitment go from Mopti to Djenné.
    summary = preview.context["preview"]
    assert (summary["committees"], summary["members"], summary["sessions"]) == (1, 1, 1)
    assert summary["commitments"] == 1
    (row,) = summary["rows"]
    assert (row.region_before, row.region_after) == ("Mopti", "Djenné")
    assert "Enregistrer la réforme" in text
    assert not TerritorialEvent.objects.filter(date=ON).exists()  # a preview writes nothing

    response = client.post(url, {**data, "confirm": "1"})
    region = AdministrativeUnit.objects.get(name="Djenné", level=Level.REGION)
    assert response.status_code == 302 and response["Location"].endswith(f"/{region.pk}/")
    assert region.valid_from == ON and region.predecessor == mali.mopti
    event = TerritorialEvent.objects.get(date=ON)
    assert event.kind == EventKind.CREATION and event.reference == DECREE
    assert list(event.sources.all()) == [mali.mopti]
    before = ancestor_at_level_map(ON - dt.timedelta(days=1))
    after = ancestor_at_level_map(ON)
    assert before[mali.djenne.pk] == mali.mopti.pk and after[mali.djenne.pk] == region.pk
    assert AuditEntry.objects.filter(verb="transfer", object_id=str(mali.djenne_cercle.pk))
    page = client.get(response["Location"]).content.decode()
    assert "Djenné" in page and "Mopti" in page


def test_it_moves_renames_merges_and_splits_with_the_services(client_for, national_admin, mali):
    client = client_for(national_admin)
    common = {"on": ON.isoformat(), "reference": DECREE, "confirm": "1"}
    sangha = UnitFactory(name="Sangha", level=Level.COMMUNE, parent=mali.bandiagara_cercle)

    moved = client.post(
        reverse("territory:reform_move"),
        {**common, "unit": sangha.pk, "parent": mali.djenne_cercle.pk},
    )
    assert moved.status_code == 302
    sangha.refresh_from_db()
    assert sangha.parent == mali.djenne_cercle

    renamed = client.post(
        reverse("territory:reform_rename"), {**common, "unit": sangha.pk, "name": "Sangha-Dogon"}
    )
    assert renamed.status_code == 302
    sangha.refresh_from_db()
    assert sangha.name == "Sangha-Dogon"

    merged = client.post(
        reverse("territory:reform_merge"),
        {**common, "units": [sangha.pk, mali.djenne.pk], "into": mali.djenne.pk},
    )
    assert merged.status_code == 302
    sangha.refresh_from_db()
    assert sangha.valid_to == ON

    split = client.post(
        reverse("territory:reform_split"),
        {
            **common,
            "unit": mali.bandiagara_cercle.pk,
            "part_name": "Bandiagara Est",
            "part_children": [mali.bandiagara.pk],
            "rest_name": "Bandiagara Ouest",
        },
    )
    assert split.status_code == 302
    mali.bandiagara.refresh_from_db()
    assert mali.bandiagara.parent.name == "Bandiagara Est"
    kinds = sorted(TerritorialEvent.objects.filter(date=ON).values_list("kind", flat=True))
    assert kinds == sorted(
        [EventKind.TRANSFER, EventKind.RENAMING, EventKind.MERGER, EventKind.SPLIT]
    )


def test_it_shows_a_rule_broken_as_a_form_error(client_for, national_admin, mali):
    response = client_for(national_admin).post(
        reverse("territory:reform_rename"),
        {"on": ON.isoformat(), "reference": DECREE, "unit": mali.djenne.pk, "name": "Djenné",
         "confirm": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "porte déjà ce nom" in response.content.decode()


def test_the_c_rss_corrects_the_date_a_region_came_into_force(client_for, national_admin, mali):
    menaka = AdministrativeUnit.objects.get(name="Ménaka", level=Level.REGION)
    cercle = UnitFactory(name="Ménaka", level=Level.CERCLE, parent=menaka)
    assert menaka.valid_from == dt.date(2016, 1, 1)  # as shipped
    response = client_for(national_admin).post(
        reverse("territory:reform_date"),
        {"unit": menaka.pk, "on": "2016-01-19", "reference": "Décret de nomination (exemple)",
         "confirm": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    menaka.refresh_from_db()
    assert menaka.valid_from == dt.date(2016, 1, 19)
    event = TerritorialEvent.objects.get(kind=EventKind.CREATION, results=menaka)
    assert event.date == dt.date(2016, 1, 19) and event.reference.startswith("Décret")
    assert ancestor_at_level_map(dt.date(2016, 1, 10))[cercle.pk] == mali.gao.pk
    assert ancestor_at_level_map(dt.date(2016, 1, 19))[cercle.pk] == menaka.pk
    assert AuditEntry.objects.filter(verb="update", object_id=str(menaka.pk)).exists()
