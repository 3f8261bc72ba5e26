from django.urls import path

from siccs.fieldforms import views, views_openrosa

app_name = "fieldforms"
urlpatterns = [
    # OpenRosa, for ODK Collect (server address: <site>/odk).
    path("formList", views_openrosa.form_list, name="form_list"),
    path("submission", views_openrosa.submission, name="submission"),
    path("forms/<slug:form_id>/form.xml", views_openrosa.form_xml, name="form_xml"),
    path("forms/<slug:form_id>/manifest", views_openrosa.form_manifest, name="form_manifest"),
    path(
        "forms/<slug:form_id>/media/<str:media_name>",
        views_openrosa.form_media,
        name="form_media",
    ),
    # Pages.
    path("", views.home, name="home"),
    path("app-passwords/new/", views.credential_create, name="credential_create"),
    path(
        "app-passwords/<int:app_credential_id>/revoke/",
        views.credential_revoke,
        name="credential_revoke",
    ),
    path("xlsform/<slug:form_id>.xlsx", views.form_xlsx, name="form_xlsx"),
    path("lists/<str:media_name>", views.choice_list, name="choice_list"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:submission_id>/", views.submission_detail, name="submission_detail"),
    path("import/", views.submission_import, name="import"),
]
