"""Names and phones of members are seen only by those entitled; partners see counts."""

import datetime as dt

from django.db import connection
from django.urls import reverse

from siccs.committees.models import Membership, Person
from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    install,
)


def test_partner_sees_counts_but_not_member_names(client_for, partner_viewer, mali, partner):
    committee = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 5, 3))
    committee.step_records.filter(step__code="launch").update(partner=partner)
    MembershipFactory(committee=committee, person=PersonFactory(full_name="Kadiatou Guindo"))
    response = client_for(partner_viewer).get(
        reverse("committees:committee_detail", args=[committee.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kadiatou" not in body
    assert "+22376" not in body
    assert response.context["composition"].total == 1


def test_analyst_sees_no_names_in_the_timeline(client_for, national_analyst, mali):
    committee = CommitteeFactory(unit=mali.bandiagara)
    MembershipFactory(committee=committee, person=PersonFactory(full_name="Kadiatou Guindo"))
    response = client_for(national_analyst).get(
        reverse("committees:committee_detail", args=[committee.pk])
    )
    assert "Kadiatou" not in response.content.decode()


def test_focal_point_sees_names_and_a_masked_phone(client_for, mopti_focal_point, mali):
    committee = CommitteeFactory(unit=mali.bandiagara)
    MembershipFactory(
        committee=committee, person=PersonFactory(full_name="Kadiatou Guindo", phone="+22376123456")
    )
    body = (
        client_for(mopti_focal_point)
        .get(reverse("committees:committee_detail", args=[committee.pk]))
        .content.decode()
    )
    assert "Kadiatou Guindo" in body
    assert "+223 •• •• •• 56" in body


def test_it_adds_edits_and_ends_a_membership(client_for, mopti_focal_point, mali):
    committee = CommitteeFactory(unit=mali.bandiagara)
    client = client_for(mopti_focal_point)
    response = client.post(
        reverse("committees:membership_add", args=[committee.pk]),
        {
            "full_name": "Oumou Sangaré",
            "sex": "F",
            "birth_year": "1992",
            "phone": "+22366554433",
            "organisation": "Coordination des femmes",
            "category": committee.level.expected_categories.get(code="women").pk,
            "function": "member",
            "start_on": "2021-05-03",
            "active": "on",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person__full_name="Oumou Sangaré")
    client.post(
        reverse("committees:membership_edit", args=[membership.pk]),
        {
            "full_name": "Oumou Sangaré",
            "sex": "F",
            "phone": "+22366554433",
            "category": membership.category_id,
            "function": "secretary",
            "start_on": "2021-05-03",
            "active": "on",
        },
    )
    membership.refresh_from_db()
    assert membership.function == "secretary"
    client.post(
        reverse("committees:membership_end", args=[membership.pk]), {"end_on": "2022-01-31"}
    )
    membership.refresh_from_db()
    assert (membership.active, membership.end_on) == (False, dt.date(2022, 1, 31))


def test_it_stores_the_phone_encrypted(mali):
    person = PersonFactory(phone="+22376123456")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM committees_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
    assert "76123456" not in stored
    assert Person.objects.get(pk=person.pk).phone == "+22376123456"


def test_outsider_cannot_open_a_member_of_another_region(client_for, gao_secretary, mali):
    committee = CommitteeFactory(unit=mali.bandiagara)
    membership = MembershipFactory(committee=committee)
    response = client_for(gao_secretary).get(
        reverse("committees:membership_edit", args=[membership.pk])
    )
    assert response.status_code == 404
