"""Accounts URLs for the every-URL scope test."""

from siccs.accounts.models import Assignment


def populate(world) -> None:
    # A reset link with a made-up token: public, must show nothing of Gao.
    world.kwargs["uidb64"] = "MQ"
    world.kwargs["token"] = "set-password"
    gao_assignment = (
        Assignment.objects.filter(unit=world.mali.gao_commune).select_related("user").first()
    )
    gao_assignment.user.last_name = f"Maïga {world.PERSONAL}"
    gao_assignment.user.save()
    world.kwargs["user_id"] = gao_assignment.user_id
    world.kwargs["assignment_id"] = gao_assignment.pk
