"""Demo of field entry with ODK Collect: the Bandiagara secretary's phone and what it sent.

The secretary of the CCSC Bandiagara has an app password for the secretariat's phone
(known, so that the demo can be tried with ODK Collect or curl); their forms went through
the platform as a phone sends them (`submission_receive` with the XML Collect writes): a
session and a citizen's concern applied, and three waiting in the review queue, each for
one of the reasons the queue exists (a member who left, a committee outside the sender's
territory, a step already done).
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from typing import Any

from django.utils import timezone

from siccs.committees.models import Committee, Membership
from siccs.core import dates
from siccs.core.demo import DemoContext
from siccs.fieldforms import auth, services
from siccs.fieldforms.models import AppCredential
from siccs.fieldforms.xforms import CATALOGUE
from siccs.meetings.models import Addressee, Session
from siccs.meetings.selectors import active_members_on
from siccs.rollout.models import StepRecord, StepStatus

# The app password of the demo phone (shown in docs/odk.md).
DEMO_APP_PASSWORD = "demo-odk-bandiagara"


def _xml(form_id: str, values: dict[str, Any], instance_id: str) -> bytes:
    root = ET.Element("data", {"id": form_id, "version": CATALOGUE[form_id].version()})

    def fill(parent: ET.Element, items: dict[str, Any]) -> None:
        for name, value in items.items():
            if isinstance(value, list):
                for row in value:
                    fill(ET.SubElement(parent, name), row)
            else:
                ET.SubElement(parent, name).text = str(value)

    fill(root, values)
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "instanceID").text = instance_id
    return ET.tostring(root, encoding="utf-8")


def _instance_id(n: int) -> str:
    # Stable IDs: the demo is the same every time it is loaded.
    return f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'siccs-demo-odk-{n}')}"


def _free_day(committee: Committee, around: dt.date) -> dt.date:
    """A day near `around` with no session of the committee yet."""
    day = around
    while Session.objects.filter(committee=committee, held_on=day).exists():
        day -= dt.timedelta(days=1)
    return day


def load(demo: DemoContext) -> None:
    secretary = demo.objects.get("user:sec.bandiagara")
    committee = Committee.objects.filter(name="CCSC Bandiagara").first()
    if secretary is None or committee is None:
        return
    AppCredential.objects.create(
        user=secretary,
        label="Téléphone du secrétariat (Tecno Spark)",
        username=secretary.username,
        secret_hash=auth.secret_hash(DEMO_APP_PASSWORD),
        digest_ha1=auth.digest_ha1(secretary.username, DEMO_APP_PASSWORD),
        last_used_at=timezone.now() - dt.timedelta(hours=5),
    )
    today = dates.today()
    held_on = _free_day(committee, today - dt.timedelta(days=4))
    members = list(
        active_members_on(committee, held_on).order_by("pk").values_list("pk", flat=True)
    )
    addressee = Addressee.objects.filter(name="Gendarmerie nationale").first() or (
        Addressee.objects.first()
    )
    session = {
        "comite": committee.pk,
        "date_seance": held_on.isoformat(),
        "type_seance": "ordinary",
        "lieu": "Salle de délibération de la mairie",
        "president": "Le maire",
        "ordre_du_jour": "Sécurité de la foire hebdomadaire ; retour des déplacés de Dourou",
        "presents": " ".join(str(pk) for pk in members[: max(1, len(members) * 2 // 3)]),
        "excuses": " ".join(str(pk) for pk in members[len(members) * 2 // 3 :][:2]),
        "preoccupations": [
            {
                "categorie": "cattle-theft",
                "titre": "Vols de bétail sur la piste de Dourou",
                "description": "Trois troupeaux enlevés de nuit en deux semaines",
                "gravite": "3",
                "recommandations": [
                    {
                        "texte": "Patrouilles mixtes de nuit sur la piste Bandiagara–Dourou",
                        "destinataire": addressee.pk,
                        "responsable": "Commandant de brigade",
                        "echeance": (today + dt.timedelta(days=30)).isoformat(),
                    }
                ],
            }
        ],
    }
    services.submission_receive(user=secretary, xml=_xml("seance_ccs", session, _instance_id(1)))
    services.submission_receive(
        user=secretary,
        xml=_xml(
            "preoccupation_citoyenne",
            {
                "recu_le": (today - dt.timedelta(days=2)).isoformat(),
                "commune": committee.unit_id,
                "lieu_precis": "Marché de Bandiagara",
                "categorie": "banditry",
                "description": "Des motos sont volées chaque jour de foire près du marché.",
            },
            _instance_id(2),
        ),
    )
    # To review: a member who left the committee ticked present (the phone's list was old).
    former = (
        Membership.objects.filter(committee=committee, end_on__isnull=False).first()
        or Membership.objects.exclude(committee=committee).first()
    )
    second_day = _free_day(committee, held_on - dt.timedelta(days=27))
    stale = dict(session, date_seance=second_day.isoformat(), preoccupations=[])
    stale["presents"] = f"{session['presents']} {former.pk}" if former else session["presents"]
    services.submission_receive(user=secretary, xml=_xml("seance_ccs", stale, _instance_id(3)))
    # To review: a session of the Gao committee, outside the secretary's territory.
    gao = Committee.objects.filter(name="CCSC Gao").first()
    if gao is not None:
        services.submission_receive(
            user=secretary,
            xml=_xml(
                "seance_ccs",
                {
                    "comite": gao.pk,
                    "date_seance": (today - dt.timedelta(days=6)).isoformat(),
                    "type_seance": "extraordinary",
                    "lieu": "Gouvernorat",
                },
                _instance_id(4),
            ),
        )
    # To review: a step report on a step done long ago.
    done = (
        StepRecord.objects.filter(committee=committee, status=StepStatus.DONE)
        .order_by("step__order")
        .first()
    )
    if done is not None:
        services.submission_receive(
            user=secretary,
            xml=_xml(
                "etape_ccs",
                {
                    "comite": committee.pk,
                    "etape": done.pk,
                    "statut": "done",
                    "date_fait": (today - dt.timedelta(days=1)).isoformat(),
                    "notes": "Acte de création retrouvé aux archives de la mairie",
                },
                _instance_id(5),
            ),
        )
