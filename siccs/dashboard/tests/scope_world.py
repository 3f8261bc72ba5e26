"""A Gao user's progress report for the every-URL scope test: Mopti must get a 404."""

from __future__ import annotations

import datetime as dt

from siccs.accounts.scoping import Role
from siccs.accounts.tests.factories import AssignmentFactory, UserFactory
from siccs.dashboard.models import ProgressReport, ReportStatus


def populate(world) -> None:
    user = UserFactory(username="sec.gao.rapport")
    AssignmentFactory(user=user, role=Role.SECRETARY, unit=world.mali.gao_commune)
    report = ProgressReport.objects.create(
        on=dt.date(2021, 6, 25),
        language="fr",
        unit=world.mali.gao_commune,
        title=f"État de mise en place au 25 juin 2021 {world.SECRET}",
        status=ReportStatus.DONE,
        progress=100,
        error=f"{world.SECRET}",
        created_by=user,
    )
    world.kwargs["report_id"] = report.pk
