"""National administrators create accounts and give roles over territories."""

from django.core import mail

from siccs.accounts.models import Assignment, User
from siccs.accounts.scoping import Role
from siccs.audit.models import AuditEntry


def test_it_creates_an_account_and_mails_a_password_link(client_for, national_admin):
    response = client_for(national_admin).post(
        "/users/new/",
        {
            "username": "pf.kayes",
            "first_name": "Kadiatou",
            "last_name": "Sissoko",
            "email": "kadiatou@example.ml",
            "preferred_language": "fr",
        },
    )
    user = User.objects.get(username="pf.kayes")
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "kadiatou@example.ml" in mail.outbox[0].to
    assert AuditEntry.objects.filter(
        model="accounts.user", object_id=str(user.pk), verb="create"
    ).exists()


def test_it_gives_a_role_over_a_region_and_audits_it(client_for, national_admin, mali):
    user = User.objects.create(username="pf.mopti2")
    client_for(national_admin).post(
        f"/users/{user.pk}/", {"role": Role.FOCAL_POINT, "unit": mali.mopti.pk}
    )
    assignment = Assignment.objects.get(user=user)
    assert (assignment.role, assignment.unit) == (Role.FOCAL_POINT, mali.mopti)
    assert AuditEntry.objects.filter(model="accounts.assignment", verb="create").exists()


def test_it_refuses_a_national_role_on_a_region_with_a_clear_error(
    client_for, national_admin, mali
):
    user = User.objects.create(username="x")
    response = client_for(national_admin).post(
        f"/users/{user.pk}/", {"role": Role.NATIONAL_ANALYST, "unit": mali.mopti.pk}
    )
    assert "Un rôle national couvre tout le pays." in response.text
    assert not Assignment.objects.filter(user=user).exists()


def test_it_refuses_user_management_to_a_focal_point(client_for, mopti_focal_point):
    assert client_for(mopti_focal_point).get("/users/").status_code == 403


def test_it_withdraws_a_role_without_deleting_it(client_for, national_admin, gao_secretary):
    assignment = gao_secretary.assignments.get()
    client_for(national_admin).post(f"/assignments/{assignment.pk}/end/")
    assignment.refresh_from_db()
    assert assignment.active is False
