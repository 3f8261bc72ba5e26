"""Field forms in Gao for the every-URL scope test: a submission to review and its photo,
an app password of the Gao secretary, and Gao data the choice lists could leak (a
member whose name carries PERSONAL, a step and a recommendation carrying SECRET).

The OpenRosa endpoints are walked signed with an app password as ODK Collect signs them
(digest); form and list names identify no scoped object, so any user may ask for them,
but an outsider's lists must not hold Gao data.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from siccs.accounts.models import User
from siccs.committees.models import Committee
from siccs.committees.tests.factories import MembershipFactory, PersonFactory
from siccs.fieldforms.models import (
    AppCredential,
    ReviewReason,
    Submission,
    SubmissionAttachment,
    SubmissionStatus,
)
from siccs.fieldforms.tests.collect import collect_client_for
from siccs.meetings.tests.factories import RecommendationFactory, SessionFactory
from siccs.rollout.models import StepRecord


def populate(world) -> None:
    secret, personal = world.SECRET, world.PERSONAL
    committee = Committee.objects.get(pk=world.kwargs["committee_id"])
    MembershipFactory(committee=committee, person=PersonFactory(full_name=f"Hawa Touré {personal}"))
    session = SessionFactory(committee=committee, held_on=dt.date(2021, 8, 2))
    RecommendationFactory(session=session, text=f"Éclairer le marché {secret}")
    step = committee.methodology_version.steps.order_by("order").first()
    StepRecord.objects.get_or_create(
        committee=committee, step=step, defaults={"notes": f"Notes {secret}"}
    )
    gao_secretary = User.objects.get(username="sec.gao")
    credential = AppCredential.objects.create(
        user=gao_secretary, label=f"Téléphone {secret}", username="sec.gao"
    )
    submission = Submission.objects.create(
        form_id="seance_ccs",
        instance_id=f"uuid:{secret.lower()}",
        submitted_by=gao_secretary,
        xml=f"<data><lieu>{secret}</lieu></data>",
        data={"comite": str(committee.pk), "lieu": f"Salle {secret}", "president": personal},
        unit=committee.unit,
        status=SubmissionStatus.IN_REVIEW,
        reason=ReviewReason.UNKNOWN_MEMBER,
        detail=f"Membre {personal}",
    )
    attachment = SubmissionAttachment(
        submission=submission, name=f"photo-{secret}.jpg", content_type="image/jpeg", size=12
    )
    attachment.file.save("photo.jpg", ContentFile(b"\xff\xd8\xff" + secret.encode()), save=False)
    attachment.save()
    world.kwargs["submission_id"] = submission.pk
    world.kwargs["app_credential_id"] = credential.pk
    # A form and a list of the catalogue: the same for everybody, filled per user.
    world.kwargs["form_id"] = "seance_ccs"
    world.kwargs["media_name"] = "membres.csv"
    world.unscoped_kwargs.update({"form_id", "media_name"})
    world.clients["openrosa"] = collect_client_for
