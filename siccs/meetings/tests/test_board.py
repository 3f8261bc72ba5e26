"""The follow-up board: figures by status, addressee and category, rate per quarter, scope."""

import datetime as dt
from decimal import Decimal

import pytest

from siccs.committees.tests.factories import CommitteeFactory, MembershipFactory, install
from siccs.meetings import selectors, services
from siccs.meetings.models import Addressee

pytestmark = pytest.mark.django_db
HELD_ON = dt.date(2021, 7, 1)
TODAY = dt.date(2021, 12, 31)


@pytest.fixture
def board_world(committee, members, record, concern, gao_secretary, national_admin, mali):
    session = record(committee, HELD_ON, dict.fromkeys(members, "present"))
    police = Addressee.objects.get(name="Police nationale")
    gendarmerie = Addressee.objects.get(name="Gendarmerie nationale")
    cattle, road = concern(code="cattle-theft"), concern(code="banditry", title="Braquages")

    def adopt(addressee, concerns, due_on, follow_ups=()):
        rec = services.recommendation_adopt(
            user=gao_secretary,
            session=session,
            text="Recommandation",
            addressee=addressee,
            concerns=concerns,
            due_on=due_on,
        )
        for on, status in follow_ups:
            services.recommendation_follow_up(
                user=gao_secretary, recommendation=rec, on=on, status=status, today=TODAY
            )
        return rec

    adopt(police, [cattle], dt.date(2021, 8, 1), [(dt.date(2021, 9, 15), "done")])
    adopt(police, [road], dt.date(2021, 8, 1))  # overdue
    adopt(gendarmerie, [cattle, road], dt.date(2022, 3, 1), [(dt.date(2021, 8, 1), "in_progress")])
    adopt(gendarmerie, [road], dt.date(2021, 8, 1), [(dt.date(2021, 10, 1), "dropped")])
    # A Mopti recommendation the Gao secretary must not count.
    mopti = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 6, 1))
    seat = MembershipFactory(committee=mopti)
    mopti_session = services.session_record(
        user=national_admin, committee=mopti, held_on=HELD_ON, attendance={seat.pk: "present"}
    )
    mopti_concern = services.concern_register(
        user=national_admin,
        committee=mopti,
        category=cattle.category,
        title="Vols",
        source="session",
        received_on=HELD_ON,
    )
    services.recommendation_adopt(
        user=national_admin,
        session=mopti_session,
        text="Mopti",
        addressee=police,
        concerns=[mopti_concern],
        due_on=dt.date(2021, 8, 1),
    )


def test_it_counts_by_status_overdue_and_rate(board_world, gao_secretary):
    rows = selectors.board_recommendations(user=gao_secretary, on=TODAY)
    figures = selectors.board_figures(rows)
    assert figures["total"] == 4
    assert (figures["done"], figures["open"], figures["in_progress"], figures["dropped"]) == (
        1,
        1,
        1,
        1,
    )
    assert figures["overdue"] == 1
    # Done over recommendations not dropped: 1 / 3.
    assert figures["rate"] == Decimal(1) / 3


def test_it_counts_by_addressee(board_world, gao_secretary):
    rows = selectors.board_by_addressee(
        selectors.board_recommendations(user=gao_secretary, on=TODAY)
    )
    by_name = {r["addressee__name"]: r for r in rows}
    assert (by_name["Police nationale"]["total"], by_name["Police nationale"]["overdue"]) == (2, 1)
    assert by_name["Gendarmerie nationale"]["dropped"] == 1


def test_it_counts_by_category_of_the_concerns_answered(board_world, gao_secretary):
    rows = selectors.board_by_category(
        selectors.board_recommendations(user=gao_secretary, on=TODAY)
    )
    by_name = {r["category"]: r["total"] for r in rows}
    assert by_name == {"Banditisme et coupeurs de route": 3, "Vol de bétail": 2}


def test_it_reads_the_implementation_rate_per_quarter_from_history(board_world, gao_secretary):
    rows = selectors.board_recommendations(user=gao_secretary, on=TODAY)
    quarters = {q["label"]: q for q in selectors.implementation_by_quarter(rows, TODAY, count=3)}
    assert set(quarters) == {"2021 T2", "2021 T3", "2021 T4"}
    assert quarters["2021 T2"]["total"] == 0
    # End of September: one done of four adopted, none dropped yet.
    assert (quarters["2021 T3"]["done"], quarters["2021 T3"]["total"]) == (1, 4)
    # End of December: the dropped one leaves the base.
    assert (quarters["2021 T4"]["done"], quarters["2021 T4"]["total"]) == (1, 3)


def test_it_filters_overdue_and_by_past_date(board_world, gao_secretary):
    overdue = selectors.board_recommendations(user=gao_secretary, on=TODAY, overdue=True)
    assert overdue.count() == 1
    # On 1 August nothing was overdue yet.
    assert not selectors.board_recommendations(
        user=gao_secretary, on=dt.date(2021, 8, 1), overdue=True
    ).exists()


def test_it_shows_the_board_page_in_few_queries(
    board_world, gao_secretary, client_for, django_assert_max_num_queries
):
    client = client_for(gao_secretary)
    with django_assert_max_num_queries(14):
        response = client.get("/sessions/follow-up/", {"on": TODAY.isoformat()})
    assert response.status_code == 200
    assert 'id="board-total">4<' in response.content.decode()
    assert 'id="board-overdue">1<' in response.content.decode()
