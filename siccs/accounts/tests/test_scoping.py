"""The scoping mechanism: roles over territories decide every read."""

from siccs.accounts.scoping import Action, Role, can, scope_filter, user_has_action
from siccs.accounts.tests.factories import AssignmentFactory
from siccs.territory.models import AdministrativeUnit


def test_it_lets_a_focal_point_see_its_region_and_everything_inside(mali, mopti_focal_point):
    visible = set(
        AdministrativeUnit.objects.visible_to(mopti_focal_point).values_list("name", flat=True)
    )
    assert visible == {"Mopti", "Bandiagara", "Djenné"}


def test_it_answers_a_subtree_in_one_query(mali, mopti_focal_point, django_assert_num_queries):
    mopti_focal_point._siccs_assignments = None
    with django_assert_num_queries(2):  # the assignments, then the units
        list(AdministrativeUnit.objects.visible_to(mopti_focal_point))


def test_it_gives_national_roles_the_whole_country(mali, national_admin, national_analyst):
    assert (
        AdministrativeUnit.objects.visible_to(national_analyst).count()
        == AdministrativeUnit.objects.count()
    )
    assert can(national_admin, Action.CHANGE, mali.gao_commune)
    assert not can(national_analyst, Action.CHANGE, mali.gao_commune)


def test_it_never_gives_personal_data_to_analysts_or_partners(national_analyst, partner_viewer):
    assert not user_has_action(national_analyst, Action.VIEW_PERSONAL)
    assert not user_has_action(partner_viewer, Action.VIEW_PERSONAL)


def test_it_sees_nothing_for_anonymous_or_inactive_users(mali, gao_secretary, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not AdministrativeUnit.objects.visible_to(AnonymousUser()).exists()
    gao_secretary.is_active = False
    assert not AdministrativeUnit.objects.visible_to(gao_secretary).exists()


def test_it_ignores_withdrawn_assignments(mali, gao_secretary):
    gao_secretary.assignments.update(active=False)
    gao_secretary._siccs_assignments = None
    assert not AdministrativeUnit.objects.visible_to(gao_secretary).exists()


def test_it_combines_several_assignments(mali, gao_secretary):
    AssignmentFactory(user=gao_secretary, role=Role.FOCAL_POINT, unit=mali.mopti)
    gao_secretary._siccs_assignments = None
    names = set(AdministrativeUnit.objects.visible_to(gao_secretary).values_list("name", flat=True))
    assert {"Gao", "Mopti", "Djenné"} <= names
    assert scope_filter(gao_secretary, Action.ADMINISTER, "") is not None
    assert not AdministrativeUnit.objects.visible_to(gao_secretary, Action.ADMINISTER).exists()
