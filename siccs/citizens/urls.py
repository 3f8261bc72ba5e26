from django.urls import path

from siccs.citizens import views

app_name = "citizens"
urlpatterns = [
    # Public: no login.
    path("signaler/", views.report, name="report"),
    path("signaler/recu/", views.report_done, name="report_done"),
    path("signaler/<str:commune_ref>/", views.report_commune, name="report_commune"),
    path("suivi/", views.track, name="track"),
    path("sms/<int:gateway_id>/", views.sms_webhook, name="sms_webhook"),
    path("transparence/", views.transparency, name="transparency"),
    # Triage.
    path("signalements/", views.report_list, name="report_list"),
    path("signalements/export.csv", views.report_export, name="report_export"),
    path("signalements/purge/", views.purge, name="purge"),
    path("signalements/sms/", views.outbound_list, name="outbound_list"),
    path(
        "signalements/sms/<int:outbound_id>/relancer/",
        views.outbound_retry,
        name="outbound_retry",
    ),
    path("signalements/<int:report_id>/", views.report_detail, name="report_detail"),
    path(
        "signalements/<int:report_id>/telephone/",
        views.report_reveal_phone,
        name="report_reveal_phone",
    ),
    path("signalements/<int:report_id>/purger/", views.report_purge, name="report_purge"),
]
