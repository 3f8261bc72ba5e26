"""Accounts URLs for the every-URL scope test."""


def populate(world) -> None:
    # A reset link with a made-up token: public, must show nothing of Gao.
    world.kwargs["uidb64"] = "MQ"
    world.kwargs["token"] = "set-password"
