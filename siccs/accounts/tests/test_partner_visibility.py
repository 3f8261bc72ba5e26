"""What a partner viewer sees: the committees its partner supports, their steps, sessions and
recommendations, and never a citizen's concern nor another partner's committees."""

import datetime as dt

from siccs.committees.models import Committee
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.meetings.models import Concern, Recommendation, Session
from siccs.meetings.tests.factories import ConcernFactory, RecommendationFactory, SessionFactory
from siccs.partners.models import Commitment, CommitmentScope, Partner, PartnerKind
from siccs.rollout.models import StepRecord


def _world(mali, partner):
    supported = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 3, 1))
    other = install(CommitteeFactory(unit=mali.gao_commune), dt.date(2021, 3, 1))
    Commitment.objects.create(
        partner=partner,
        title="Lancement des CCS de Bandiagara",
        kind="funding",
        scope=CommitmentScope.TERRITORY,
        unit=mali.bandiagara_cercle,
        start_on=dt.date(2021, 1, 1),
        end_on=dt.date(2022, 12, 31),
        amount=1_000_000,
        currency="XOF",
    )
    for committee in (supported, other):
        session = SessionFactory(committee=committee)
        concern = ConcernFactory(committee=committee, unit=committee.unit)
        RecommendationFactory(session=session).concerns.add(concern)
    return supported, other


def test_it_shows_a_partner_viewer_only_what_its_partner_supports(mali, partner, partner_viewer):
    supported, _ = _world(mali, partner)
    assert list(Committee.objects.visible_to(partner_viewer)) == [supported]
    assert {r.committee for r in StepRecord.objects.visible_to(partner_viewer)} == {supported}
    assert {s.committee for s in Session.objects.visible_to(partner_viewer)} == {supported}
    assert {r.session.committee for r in Recommendation.objects.visible_to(partner_viewer)} == {
        supported
    }


def test_it_never_shows_a_partner_viewer_an_individual_concern(mali, partner, partner_viewer):
    _world(mali, partner)
    assert Concern.objects.count() == 2
    assert not Concern.objects.visible_to(partner_viewer).exists()


def test_it_shows_another_partner_nothing(mali, partner, partner_viewer):
    _world(mali, Partner.objects.create(name="Autre", kind=PartnerKind.NGO))
    assert not Committee.objects.visible_to(partner_viewer).exists()
    assert not Session.objects.visible_to(partner_viewer).exists()
