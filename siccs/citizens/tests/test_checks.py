"""`check --deploy`: the site's public address for links in SMS and e-mails, and no console
SMS backend in production unless the operator says so."""

from siccs.citizens import checks


def ids(messages):
    return [m.id for m in messages]


def test_it_warns_when_site_url_is_still_this_machine(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert ids(checks.check_site_url()) == ["citizens.W001"]
    settings.SITE_URL = ""
    assert ids(checks.check_site_url()) == ["citizens.W001"]
    settings.SITE_URL = "http://ccs.example.ml"
    assert ids(checks.check_site_url()) == ["citizens.W002"]
    settings.SITE_URL = "https://ccs.example.ml"
    assert checks.check_site_url() == []


def test_it_refuses_the_console_backend_unless_allowed(settings):
    settings.SMS_BACKEND = "siccs.citizens.sms.ConsoleSmsBackend"
    settings.SMS_ALLOW_CONSOLE = False
    errors = checks.check_sms_backend()
    assert ids(errors) == ["citizens.E001"] and errors[0].is_serious()
    settings.SMS_ALLOW_CONSOLE = True
    assert checks.check_sms_backend() == []


def test_it_refuses_the_http_backend_without_an_address(settings):
    settings.SMS_BACKEND = "siccs.citizens.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = ""
    assert ids(checks.check_sms_backend()) == ["citizens.E002"]
    settings.SMS_GATEWAY_URL = "https://sms.example.ml/send"
    assert checks.check_sms_backend() == []


def test_the_checks_run_only_with_deploy():
    from django.core import checks as django_checks

    deploy_only = django_checks.registry.registry.get_checks(include_deployment_checks=True)
    normal = django_checks.registry.registry.get_checks(include_deployment_checks=False)
    assert checks.check_sms_backend in deploy_only and checks.check_sms_backend not in normal


def test_sms_links_use_site_url(settings, ccs, db):
    from siccs.citizens import services
    from siccs.citizens.models import OutboundSms

    settings.SITE_URL = "https://ccs.example.ml/"
    report = services.report_submit(channel="web", description="Vol", phone="76000001")
    assert "https://ccs.example.ml/suivi/" in OutboundSms.objects.get(report=report).text
