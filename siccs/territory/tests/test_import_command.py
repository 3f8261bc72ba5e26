"""`manage.py import_boundaries PATH [--dry-run]`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conftest import shared_data
from siccs.territory.models import AdministrativeUnit

COD = shared_data("mali-cod-ab-2015")


def test_it_checks_a_cod_folder_without_writing_on_a_dry_run(db):
    out = StringIO()
    call_command("import_boundaries", str(COD), "--dry-run", stdout=out)
    assert "created=751" in out.getvalue() and "nothing written" in out.getvalue()
    assert not AdministrativeUnit.objects.exclude(pcode="").exists()


def test_it_fails_on_a_broken_file_and_writes_nothing(db, tmp_path):
    broken = tmp_path / "communes.csv"
    broken.write_bytes(
        "admin1Name_fr,admin1Pcode,validOn\nSégou,ML04,2015-04-08\n".encode("latin-1")
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_boundaries", str(broken), stderr=err)
    assert "communes.csv" in err.getvalue()
    assert not AdministrativeUnit.objects.exclude(pcode="").exists()
