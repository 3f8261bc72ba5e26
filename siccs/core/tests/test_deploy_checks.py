"""Deployment checks of the platform (`manage.py check --deploy`)."""

from siccs.core.checks import static_files_manifest


def test_the_deployment_check_wants_static_files_collected_with_their_manifest(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path
    assert static_files_manifest() == []  # nothing collected yet: nothing to say
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "siccs.css").write_text("body{}")
    assert [m.id for m in static_files_manifest()] == ["core.E005"]
    (tmp_path / "staticfiles.json").write_text("{}")
    assert static_files_manifest() == []
