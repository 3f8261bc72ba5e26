"""The project's URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from siccs.urls import *  # noqa: F403  (the handlers too)
from siccs.urls import urlpatterns as project_urlpatterns


@login_not_required
def fail(request):
    raise RuntimeError("the view failed")


urlpatterns = [
    path("signaler/panne/", fail),
    path("committees/panne/", fail),
    *project_urlpatterns,
]
