"""Every change leaves who, when, what and the values before and after; phones never."""

from siccs.audit.models import AuditEntry
from siccs.audit.services import REDACTED, audit_record, snapshot
from siccs.committees.tests.factories import PersonFactory


def test_it_records_the_fields_that_changed(mali, national_admin):
    before = snapshot(mali.djenne)
    mali.djenne.name = "Djenné (commune urbaine)"
    mali.djenne.save()
    entry = audit_record(user=national_admin, obj=mali.djenne, verb="update", before=before)
    assert entry.changes["name"] == ["Djenné", "Djenné (commune urbaine)"]
    assert "level" not in entry.changes
    assert entry.unit == mali.djenne


def test_it_redacts_personal_fields(db, national_admin):
    person = PersonFactory(phone="+22376123456")
    entry = audit_record(user=national_admin, obj=person, verb="create")
    assert entry.changes["phone"] == [None, REDACTED]
    assert "76123456" not in str(entry.changes)


def test_it_shows_the_trail_to_national_administrators_only(
    client_for, national_admin, mopti_focal_point, mali
):
    audit_record(user=national_admin, obj=mali.gao, verb="update", before={"name": "Gao"})
    assert "Gao" in client_for(national_admin).get("/audit/").text
    assert client_for(mopti_focal_point).get("/audit/").status_code == 403
    assert AuditEntry.objects.visible_to(mopti_focal_point).count() == 0
