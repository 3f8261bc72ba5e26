"""A committee secretary records a session from a phone, adopts two recommendations
answering two concerns, and sees the board, the committee timeline and the "functional"
flag follow."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from conftest import browser_login
from siccs.committees.models import Sex
from siccs.committees.reference import ensure_reference_data as ensure_committee_reference
from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    category,
    install,
)
from siccs.meetings import services
from siccs.meetings.models import (
    ConcernCategory,
    FollowUp,
    GuestAttendance,
    Recommendation,
    Session,
)
from siccs.meetings.reference import ensure_reference_data

pytestmark = pytest.mark.browser


def _world(mali, secretary):
    # Browser tests flush the database: the reference data of the migrations comes back here.
    ensure_committee_reference()
    ensure_reference_data()
    committee = install(
        CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao"), dt.date(2021, 5, 5)
    )
    seats = [
        ("Fatoumata Maïga", Sex.FEMALE, "women"),
        ("Aïssata Cissé", Sex.FEMALE, "civil-society"),
        ("Commandant Baba Sidibé", Sex.MALE, "fds"),
        ("Adjudant Ibrahim Diallo", Sex.MALE, "fds"),
        ("Hamadou Touré", Sex.MALE, "elected"),
        ("Oumar Coulibaly", Sex.MALE, "administration"),
    ]
    members = {
        name: MembershipFactory(
            committee=committee,
            category=category(code),
            person=PersonFactory(full_name=name, sex=sex),
        )
        for name, sex, code in seats
    }
    # The committee met once in 2021 and then no more: installed, not functional.
    services.session_record(
        user=secretary,
        committee=committee,
        held_on=dt.date(2021, 7, 1),
        attendance=dict.fromkeys((m.pk for m in members.values()), "present"),
        place="Salle de la mairie",
    )
    received = timezone.localdate() - dt.timedelta(days=5)
    concerns = [
        services.concern_register(
            user=secretary,
            committee=committee,
            category=ConcernCategory.objects.get(code=code),
            title=title,
            source=source,
            received_on=received,
            unit=mali.gao_commune,
        )
        for code, title, source in [
            ("cattle-theft", "Vols de bétail à Sossokoira", "field_form"),
            ("extortion", "Rackets au poste de contrôle de la route de Bourem", "citizen"),
        ]
    ]
    return committee, members, concerns


def _type_over(page, selector, text):
    """Type into a field that already holds a value, as a person does: tap it, select what
    it holds, then type (focus alone leaves the caret before a "0": "3" became "30")."""
    field = page.locator(selector)
    field.click()
    field.press("Control+A")
    field.press_sequentially(text)


def _menu(page, label):
    """Follow a main-menu entry; on a phone the menu opens behind its button first."""
    button = page.locator(".menu-button")
    if button.count() and button.is_visible():
        button.click()
    page.click(f"nav.menu >> text={label}")
    page.wait_for_load_state()


def test_a_secretary_records_a_session_and_two_recommendations_on_a_phone(
    phone_page, mali, gao_secretary
):
    committee, members, (theft, racket) = _world(mali, gao_secretary)
    today = timezone.localdate()
    page = phone_page

    browser_login(page, "sec.gao")
    page.goto(f"/committees/{committee.pk}/")
    assert page.text_content(".facts .badge").strip() == "installé"

    # From the menu to the session form of their committee.
    _menu(page, "Sessions")
    page.click(f"a[href='/sessions/committee/{committee.pk}/new/']")
    assert page.input_value("#id_held_on") == today.isoformat()
    page.locator("#id_place").press_sequentially("Salle de conférence de la mairie de Gao")
    page.locator("#id_chair").press_sequentially("Oumar Coulibaly")
    page.locator("#id_agenda").press_sequentially(
        "Point sur la situation sécuritaire ; préoccupations de la population"
    )
    # Everyone starts present: the secretary marks who is excused or absent.
    page.check(f"#id_presence_{members['Adjudant Ibrahim Diallo'].pk}_1")
    page.check(f"#id_presence_{members['Hamadou Touré'].pk}_2")
    page.select_option("#id_guests-0-category", label="Association de femmes")
    # The guest counts start at "0": the secretary types over it.
    assert page.input_value("#id_guests-0-women") == "0"
    _type_over(page, "#id_guests-0-women", "3")
    _type_over(page, "#id_guests-0-men", "0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("#save-session")
    page.wait_for_url("**/sessions/*/")

    main = page.text_content("main")
    assert "Session enregistrée." in main
    assert "4 présents sur 6 membres actifs (1 excusés, 1 absents)." in main
    assert "Quorum atteint" in main
    assert "Association de femmes — 3 femmes, 0 hommes" in main
    session = Session.objects.get(committee=committee, held_on=today)
    assert (session.place, session.chair, session.agenda) == (
        "Salle de conférence de la mairie de Gao",
        "Oumar Coulibaly",
        "Point sur la situation sécuritaire ; préoccupations de la population",
    )
    guest = GuestAttendance.objects.get(session=session)
    assert (guest.category.name, guest.women, guest.men) == ("Association de femmes", 3, 0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Two recommendations, each answering one of the two concerns.
    due = today + dt.timedelta(days=30)
    page.click("#adopt-recommendation")
    page.locator("#id_text").press_sequentially(
        "Organiser des patrouilles mixtes dans les zones de pâturage"
    )
    # Concerns registered before the session are the committee's other open ones: folded.
    page.click("details.other-concerns summary")
    page.check(f"input[name=concerns][value='{theft.pk}']")
    page.select_option("#id_addressee", label="Gendarmerie nationale")
    page.locator("#id_due_on").press_sequentially(due.strftime("%d%m%Y"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("button[name=another]")
    page.wait_for_load_state()
    assert "Recommandation adoptée." in page.text_content("main")
    page.locator("#id_text").press_sequentially(
        "Contrôler le poste de la route de Bourem et sanctionner les abus"
    )
    page.click("details.other-concerns summary")
    page.check(f"input[name=concerns][value='{racket.pk}']")
    page.select_option("#id_addressee", label="Gouverneur")
    page.locator("#id_due_on").press_sequentially(due.strftime("%d%m%Y"))
    page.click("button[type=submit]:not([name])")
    page.wait_for_url("**/sessions/*/")
    adopted = page.text_content("ol.recommendations")
    assert "Organiser des patrouilles mixtes" in adopted
    assert "Contrôler le poste de la route de Bourem" in adopted
    discussed = page.text_content("main")
    assert "Vols de bétail à Sossokoira" in discussed
    assert "Rackets au poste de contrôle" in discussed
    stored = {
        r.text: (r.addressee.name, r.due_on, [c.pk for c in r.concerns.all()])
        for r in Recommendation.objects.filter(session=session)
    }
    assert stored == {
        "Organiser des patrouilles mixtes dans les zones de pâturage": (
            "Gendarmerie nationale",
            due,
            [theft.pk],
        ),
        "Contrôler le poste de la route de Bourem et sanctionner les abus": (
            "Gouverneur",
            due,
            [racket.pk],
        ),
    }

    # The follow-up board counts them, by addressee and category.
    _menu(page, "Suivi des recommandations")
    assert page.text_content("#board-total").strip() == "2"
    assert page.text_content("#board-overdue").strip() == "0"
    board = page.text_content("main")
    assert "Gendarmerie nationale" in board and "Gouverneur" in board
    assert "Vol de bétail" in board
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # One is carried out: the board's implementation rate follows.
    page.click("text=Organiser des patrouilles mixtes")
    page.select_option("#id_status", "done")
    page.locator("#id_note").press_sequentially(
        "Patrouilles mixtes organisées deux fois par semaine"
    )
    page.click("form.panel button[type=submit]")
    page.wait_for_load_state()
    assert "Suivi enregistré." in page.text_content("main")
    follow_up = FollowUp.objects.filter(recommendation__text__startswith="Organiser").latest("pk")
    assert (follow_up.status, follow_up.on, follow_up.note) == (
        "done",
        today,
        "Patrouilles mixtes organisées deux fois par semaine",
    )
    _menu(page, "Suivi des recommandations")
    assert re.search(r"50\s%\s*taux de mise en œuvre", page.text_content("#board-figures"))

    # The committee is functional again, and its timeline shows today's session.
    page.goto(f"/committees/{committee.pk}/")
    assert page.text_content(".facts .badge").strip() == "fonctionnel"
    latest = page.locator("ol.timeline li.session").first
    assert latest.locator("time").get_attribute("datetime") == today.isoformat()
    assert "Salle de conférence de la mairie de Gao" in latest.text_content()
    page.goto(f"/sessions/committee/{committee.pk}/")
    assert page.text_content("#functional-flag").strip() == "fonctionnel"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    assert page.console_errors == []
