"""Demo committees following the real timeline of the setting-up of the CCS.

First regional CCS in Ségou (Dec 2020); on 25 June 2021, 10 regional CCS and 13 communal
pilots installed; Nov 2021 the District de Bamako and Diré, Goundam, Soboundou; by
April 2023, 13 regional and 17 communal; May 2023, 25 communal; Dec 2023 the six
communes of Bamako, 38 communal in all. Some committees are stalled at a blocked step.
Dates of steps are what make `with_state(…, date)` answer for any past date.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from siccs.committees.models import (
    AgeGroup,
    Committee,
    CommitteeLevel,
    MemberCategory,
    MemberFunction,
    Membership,
    Person,
    Sex,
)
from siccs.committees.reference import ensure_reference_data
from siccs.core import dates
from siccs.core.demo import DemoContext
from siccs.partners.models import Partner, PartnerKind
from siccs.rollout.models import MethodologyVersion, StepRecord, StepStatus
from siccs.rollout.reference import ensure_default_methodology
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.selectors import find_by_name

D = dt.date

PARTNERS = [
    ("PNUD", "Programme des Nations unies pour le développement", PartnerKind.MULTILATERAL),
    ("ONU Femmes", "ONU Femmes", PartnerKind.MULTILATERAL),
    ("EUCAP Sahel", "EUCAP Sahel Mali", PartnerKind.MULTILATERAL),
    (
        "DCAF",
        "Centre pour la gouvernance du secteur de la sécurité, Genève",
        PartnerKind.MULTILATERAL,
    ),
    ("Allemagne (GIZ)", "Coopération allemande (GIZ)", PartnerKind.BILATERAL),
    ("Pays-Bas", "Ambassade du Royaume des Pays-Bas", PartnerKind.BILATERAL),
    ("WANEP", "Réseau ouest-africain pour l'édification de la paix (WANEP-Mali)", PartnerKind.NGO),
    ("IMRAP", "Institut malien de recherche action pour la paix", PartnerKind.NGO),
    ("Budget national", "Budget national (État du Mali)", PartnerKind.STATE),
]

# Regional committees: region, installed on (None: not installed), partner of the launch.
REGIONAL = [
    ("Ségou", D(2020, 12, 17), "PNUD"),
    ("Mopti", D(2021, 2, 11), "PNUD"),
    ("Kayes", D(2021, 3, 4), "Allemagne (GIZ)"),
    ("Koulikoro", D(2021, 3, 25), "PNUD"),
    ("Sikasso", D(2021, 4, 8), "Pays-Bas"),
    ("Tombouctou", D(2021, 4, 29), "EUCAP Sahel"),
    ("Gao", D(2021, 5, 12), "EUCAP Sahel"),
    ("Taoudénit", D(2021, 5, 27), "PNUD"),
    ("Dioïla", D(2021, 6, 10), "DCAF"),
    ("Koutiala", D(2021, 6, 17), "Pays-Bas"),
    ("Ménaka", D(2022, 3, 10), "EUCAP Sahel"),
    ("San", D(2023, 2, 14), "Allemagne (GIZ)"),
    ("Bandiagara", D(2023, 4, 6), "PNUD"),
]
DISTRICT = ("District de Bamako", D(2021, 11, 23), "PNUD")

# Communal committees: commune, cercle, region, installed on, partner, members, women.
COMMUNAL = [
    # The 13 pilots installed by 25 June 2021.
    ("Ansongo", "Ansongo", "Gao", D(2021, 3, 18), "PNUD", 19, 2),
    ("Bla", "Bla", "Ségou", D(2021, 3, 24), "Allemagne (GIZ)", 18, 3),
    ("Bandiagara", "Bandiagara", "Bandiagara", D(2021, 4, 7), "PNUD", 21, 2),
    ("Djenné", "Djenné", "Mopti", D(2021, 4, 14), "ONU Femmes", 20, 4),
    ("Douentza", "Douentza", "Douentza", D(2021, 4, 21), "PNUD", 19, 1),
    ("Femaye", "Djenné", "Mopti", D(2021, 4, 28), "WANEP", 17, 2),
    ("Gao", "Gao", "Gao", D(2021, 5, 5), "EUCAP Sahel", 22, 3),
    ("Koro", "Koro", "Bandiagara", D(2021, 5, 19), "IMRAP", 18, 1),
    ("Ménaka", "Ménaka", "Ménaka", D(2021, 5, 26), "EUCAP Sahel", 18, 1),
    ("Mopti", "Mopti", "Mopti", D(2021, 6, 2), "PNUD", 23, 4),
    ("Tin Hama", "Ansongo", "Gao", D(2021, 6, 9), "WANEP", 16, 1),
    ("Tominian", "Tominian", "San", D(2021, 6, 16), "Pays-Bas", 18, 2),
    ("Yasso", "Tominian", "San", D(2021, 6, 23), "Pays-Bas", 17, 2),
    # November 2021.
    ("Diré", "Diré", "Tombouctou", D(2021, 10, 26), "PNUD", 22, 2),
    ("Goundam", "Goundam", "Tombouctou", D(2021, 11, 17), "PNUD", 23, 2),
    ("Soboundou", "Niafunké", "Tombouctou", D(2021, 11, 24), "WANEP", 19, 1),
    # By April 2023: 17 communal.
    ("Ségou", "Ségou", "Ségou", D(2022, 9, 15), "Allemagne (GIZ)", 21, 3),
    # May 2023: 25 communal.
    ("Kayes", "Kayes", "Kayes", D(2023, 5, 4), "Allemagne (GIZ)", 20, 3),
    ("Koulikoro", "Koulikoro", "Koulikoro", D(2023, 5, 9), "PNUD", 19, 2),
    ("Sikasso", "Sikasso", "Sikasso", D(2023, 5, 11), "Pays-Bas", 20, 4),
    ("San", "San", "San", D(2023, 5, 16), "Allemagne (GIZ)", 18, 2),
    ("Koutiala", "Koutiala", "Koutiala", D(2023, 5, 18), "Pays-Bas", 19, 3),
    ("Tombouctou", "Tombouctou", "Tombouctou", D(2023, 5, 23), "EUCAP Sahel", 20, 2),
    ("Bourem", "Bourem", "Gao", D(2023, 5, 25), "EUCAP Sahel", 17, 1),
    ("Niono", "Niono", "Ségou", D(2023, 5, 30), "DCAF", 18, 2),
    # December 2023: the six communes of Bamako and others, 38 in all.
    ("Commune I", "Bamako", "District de Bamako", D(2023, 12, 12), "PNUD", 21, 5),
    ("Commune II", "Bamako", "District de Bamako", D(2023, 12, 12), "PNUD", 20, 4),
    ("Commune III", "Bamako", "District de Bamako", D(2023, 12, 13), "PNUD", 20, 4),
    ("Commune IV", "Bamako", "District de Bamako", D(2023, 12, 13), "ONU Femmes", 22, 6),
    ("Commune V", "Bamako", "District de Bamako", D(2023, 12, 14), "ONU Femmes", 21, 5),
    ("Commune VI", "Bamako", "District de Bamako", D(2023, 12, 14), "PNUD", 21, 4),
    ("Kati", "Kati", "Koulikoro", D(2023, 10, 5), "DCAF", 19, 3),
    ("Kita", "Kita", "Kita", D(2023, 10, 19), "Allemagne (GIZ)", 18, 2),
    ("Nioro", "Nioro", "Nioro", D(2023, 11, 2), "Budget national", 17, 1),
    ("Macina", "Macina", "Ségou", D(2023, 11, 9), "DCAF", 18, 2),
    ("Ténenkou", "Ténenkou", "Mopti", D(2023, 11, 16), "IMRAP", 17, 1),
    ("Youwarou", "Youwarou", "Mopti", D(2023, 11, 23), "IMRAP", 16, 1),
    ("Hombori", "Douentza", "Douentza", D(2023, 11, 30), "WANEP", 16, 0),
]

# Stalled at a blocked step: commune/region, cercle, region, planned on, blocked step,
# blocked on, reason.
STALLED = [
    (
        "Ber",
        "Tombouctou",
        "Tombouctou",
        D(2022, 2, 1),
        "identification",
        D(2022, 4, 12),
        "Membres FDS en opération : identification reportée",
    ),
    (
        "Léré",
        "Niafunké",
        "Tombouctou",
        D(2022, 6, 1),
        "appointment",
        D(2022, 10, 3),
        "Absence de budget pour l'atelier d'installation",
    ),
    (
        "Boni",
        "Douentza",
        "Douentza",
        D(2023, 1, 16),
        "launch",
        D(2023, 6, 20),
        "Insécurité sur l'axe Douentza–Boni, mission reportée",
    ),
    (
        "Dialassagou",
        "Bankass",
        "Bandiagara",
        D(2024, 3, 1),
        "identification",
        D(2024, 5, 14),
        "FDS en opération, quorum des représentants non atteint",
    ),
]
STALLED_REGIONAL = [
    (
        "Kidal",
        D(2021, 9, 1),
        "preparation",
        D(2021, 11, 15),
        "Autorité régionale non réinstallée : contact impossible",
    ),
    (
        "Nara",
        D(2023, 7, 3),
        "appointment",
        D(2023, 12, 5),
        "Absence de budget : pas de ligne budgétaire de l'État",
    ),
]
# Being set up now: region-level or commune, cercle, region, how many steps done.
RECENT = [
    ("Kita", None, "Kita", 3),
    ("Nioro", None, "Nioro", 2),
    ("Bougouni", None, "Bougouni", 1),
    ("Douentza", None, "Douentza", 1),
    ("Socoura", "Mopti", "Mopti", 2),
    ("Fatoma", "Mopti", "Mopti", 1),
    ("Kalabancoro", "Kati", "Koulikoro", 3),
]

WOMEN_FIRST = [
    "Aminata",
    "Fatoumata",
    "Mariam",
    "Kadiatou",
    "Oumou",
    "Assitan",
    "Aïssata",
    "Hawa",
    "Rokia",
    "Djénéba",
    "Salimata",
    "Fanta",
    "Bintou",
    "Nana",
]
MEN_FIRST = [
    "Moussa",
    "Mamadou",
    "Boubacar",
    "Seydou",
    "Oumar",
    "Ibrahim",
    "Amadou",
    "Souleymane",
    "Adama",
    "Bakary",
    "Modibo",
    "Hamadoun",
    "Sidi",
    "Alassane",
    "Cheick",
    "Issa",
    "Yacouba",
    "Mahamane",
    "Abdoulaye",
    "Drissa",
    "Lassana",
    "Tiémoko",
    "Hama",
]
LAST = [
    "Traoré",
    "Coulibaly",
    "Diarra",
    "Keïta",
    "Konaté",
    "Sidibé",
    "Maïga",
    "Touré",
    "Cissé",
    "Dicko",
    "Guindo",
    "Dembélé",
    "Sangaré",
    "Doumbia",
    "Sanogo",
    "Kanté",
    "Diallo",
    "Tounkara",
    "Ag Mohamed",
    "Haïdara",
    "Samaké",
    "Bagayoko",
    "Tamboura",
    "Ongoïba",
]
# Seats of a communal committee, in the order they are filled: category, function, who.
COMMUNAL_SEATS = [
    ("elected", MemberFunction.CHAIR, "Mairie"),
    ("elected", MemberFunction.VICE_CHAIR, "Mairie (adjoint au maire)"),
    ("administration", MemberFunction.SECRETARY, "Sous-préfecture"),
    ("fds", MemberFunction.MEMBER, "Gendarmerie nationale"),
    ("fds", MemberFunction.MEMBER, "Police nationale"),
    ("fds", MemberFunction.MEMBER, "Garde nationale"),
    ("traditional", MemberFunction.MEMBER, "Chefferie de village"),
    ("traditional", MemberFunction.MEMBER, "Chefferie de quartier"),
    ("religious", MemberFunction.MEMBER, "Union des associations musulmanes"),
    ("religious", MemberFunction.MEMBER, "Église catholique"),
    ("civil-society", MemberFunction.MEMBER, "Conseil communal de la société civile"),
    ("youth", MemberFunction.MEMBER, "Conseil communal de la jeunesse"),
    ("women", MemberFunction.MEMBER, "Coordination des associations de femmes"),
    ("elected", MemberFunction.MEMBER, "Conseil communal"),
    ("traditional", MemberFunction.MEMBER, "Chefferie de village"),
    ("civil-society", MemberFunction.MEMBER, "Association des commerçants"),
    ("hunters", MemberFunction.MEMBER, "Association des chasseurs (dozo)"),
    ("civil-society", MemberFunction.MEMBER, "Association des transporteurs"),
    ("peace-ngo", MemberFunction.MEMBER, "WANEP"),
    ("youth", MemberFunction.MEMBER, "Association des jeunes"),
    ("other", MemberFunction.MEMBER, "Service local de santé"),
    ("traditional", MemberFunction.MEMBER, "Chefferie de village"),
    ("civil-society", MemberFunction.MEMBER, "Radio communautaire"),
]
REGIONAL_SEATS = [
    ("administration", MemberFunction.CHAIR, "Gouvernorat"),
    ("elected", MemberFunction.VICE_CHAIR, "Conseil régional"),
    (
        "administration",
        MemberFunction.SECRETARY,
        "Gouvernorat (conseiller aux affaires administratives)",
    ),
    ("administration", MemberFunction.MEMBER, "Préfecture"),
    ("elected", MemberFunction.MEMBER, "Conseil de cercle"),
    ("fds", MemberFunction.MEMBER, "Direction régionale de la police"),
    ("fds", MemberFunction.MEMBER, "Légion de gendarmerie"),
    ("fds", MemberFunction.MEMBER, "Garde nationale"),
    ("fds", MemberFunction.MEMBER, "Zone de défense"),
    ("justice", MemberFunction.MEMBER, "Tribunal de grande instance"),
    ("civil-society", MemberFunction.MEMBER, "Conseil régional de la société civile"),
    ("civil-society", MemberFunction.MEMBER, "Fédération des organisations de la société civile"),
    ("religious", MemberFunction.MEMBER, "Haut conseil islamique"),
    ("religious", MemberFunction.MEMBER, "Église catholique"),
    ("religious", MemberFunction.MEMBER, "Église protestante"),
    ("traditional", MemberFunction.MEMBER, "Coordination des chefs de village et de quartier"),
    ("youth", MemberFunction.MEMBER, "Conseil régional de la jeunesse"),
    ("women", MemberFunction.MEMBER, "Coordination régionale des associations de femmes"),
    ("hunters", MemberFunction.MEMBER, "Fédération des chasseurs"),
    ("peace-ngo", MemberFunction.MEMBER, "CONASCIPAL"),
    ("peace-ngo", MemberFunction.MEMBER, "IMRAP"),
]


class Builder:
    def __init__(self, demo: DemoContext) -> None:
        self.demo = demo
        self.random = random.Random(2021)  # the same demo every time
        self.today = dates.today()
        self.country = AdministrativeUnit.objects.get(level=Level.COUNTRY, parent__isnull=True)
        self.version: MethodologyVersion = ensure_default_methodology()
        self.steps = list(self.version.steps.order_by("order"))
        self.levels = {lvl.code: lvl for lvl in CommitteeLevel.objects.all()}
        self.categories = {c.code: c for c in MemberCategory.objects.all()}
        self.partners = {}
        for acronym, name, kind in PARTNERS:
            self.partners[acronym], _ = Partner.objects.get_or_create(
                acronym=acronym, defaults={"name": name, "kind": kind}
            )
        self.committees: dict[str, Committee] = {}

    # --- places ---------------------------------------------------------------------

    def region(self, name: str) -> AdministrativeUnit:
        unit = find_by_name(name, level=Level.REGION).first()
        if unit is None:
            # The territory loader ships every region; created only if it was removed.
            unit = AdministrativeUnit.objects.create(
                name=name, level=Level.REGION, parent=self.country
            )
        return unit

    def commune(self, name: str, cercle: str, region_name: str) -> AdministrativeUnit:
        region = self.region(region_name)
        for candidate in (name, f"{name} Commune", f"{name} commune"):
            found = list(find_by_name(candidate, level=Level.COMMUNE, within=region)[:1])
            found = found or list(find_by_name(candidate, level=Level.COMMUNE)[:1])
            if found:
                return found[0]
        # Missing from the territory loaded so far: created where it lies, so the demo
        # stands on its own (the territory demo loads the full COD-AB when present).
        parent = find_by_name(cercle, level=Level.CERCLE, within=region).first()
        if parent is None:
            parent = AdministrativeUnit.objects.create(
                name=cercle, level=Level.CERCLE, parent=region
            )
        return AdministrativeUnit.objects.create(name=name, level=Level.COMMUNE, parent=parent)

    # --- committees -----------------------------------------------------------------

    def committee(
        self, unit: AdministrativeUnit, level_code: str, planned_on: dt.date, name: str
    ) -> Committee:
        level = self.levels[level_code]
        committee, _ = Committee.objects.get_or_create(
            unit=unit,
            level=level,
            defaults={
                "name": name,
                "methodology_version": self.version,
                "planned_on": planned_on,
                "chair_office": level.chair_office,
            },
        )
        self.committees[committee.name] = committee
        return committee

    def records(self, committee: Committee, facts: dict[str, dict[str, Any]]) -> None:
        """One record per step: planned dates from expected durations, facts where given."""
        planned = committee.planned_on
        rows = []
        for step in self.steps:
            planned = planned + dt.timedelta(days=step.expected_days)
            values = {"status": StepStatus.PLANNED, "planned_on": planned}
            values.update(facts.get(step.code, {}))
            rows.append(StepRecord(committee=committee, step=step, **values))
        StepRecord.objects.bulk_create(rows)

    def installed(self, committee: Committee, on: dt.date, partner: str) -> None:
        """Steps done before and on the launch; training and first session after it."""
        support = self.partners[partner]
        act_on = on - dt.timedelta(days=14)
        committee.creation_act_date = act_on
        committee.creation_act_reference = (
            f"Décision n°{self.random.randint(10, 250):03d}/{'G' if committee.level.unit_level == 1 else 'M'}"
            f"-{act_on.year}"
        )
        committee.secretariat = (
            "Secrétariat permanent" if committee.level.unit_level == 1 else "Secrétariat de mairie"
        )
        committee.save(update_fields=["creation_act_date", "creation_act_reference", "secretariat"])

        def done(day: dt.date, **extra: Any) -> dict[str, Any]:
            return {"status": StepStatus.DONE, "started_on": day, "done_on": day, **extra}

        facts = {
            "preparation": done(on - dt.timedelta(days=70)),
            "identification": {
                **done(on - dt.timedelta(days=35)),
                "started_on": on - dt.timedelta(days=60),
            },
            "appointment": done(act_on),
            "launch": done(on, partner=support, responsible=committee.chair_office),
            "training": done(on + dt.timedelta(days=1), partner=support),
        }
        first = on + dt.timedelta(days=self.random.randint(20, 45))
        if first <= self.today:
            facts["first-session"] = done(first, notes="Diagnostic local de sécurité")
            facts["regular-sessions"] = {
                "status": StepStatus.IN_PROGRESS,
                "started_on": first + dt.timedelta(days=30),
            }
        self.records(committee, facts)

    def members(self, committee: Committee, count: int, women: int, since: dt.date) -> None:
        seats = REGIONAL_SEATS if committee.level.unit_level == 1 else COMMUNAL_SEATS
        extra = [(c, MemberFunction.MEMBER, o) for c, _f, o in seats[3:]]
        seats = (seats + extra * 2)[:count]
        # Women sit mostly for women's associations, some for civil society and youth.
        women_seats = {i for i, s in enumerate(seats) if s[0] == "women"}
        others = [i for i, s in enumerate(seats) if s[0] in ("civil-society", "youth", "elected")]
        self.random.shuffle(others)
        women_seats = set(list(women_seats)[:women]) | set(
            others[: max(0, women - len(women_seats))]
        )
        people, links = [], []
        for index, (category, function, organisation) in enumerate(seats):
            woman = index in women_seats
            first = self.random.choice(WOMEN_FIRST if woman else MEN_FIRST)
            young = category == "youth" or self.random.random() < 0.12
            born = since.year - (
                self.random.randint(24, 35) if young else self.random.randint(38, 68)
            )
            people.append(
                Person(
                    full_name=f"{first} {self.random.choice(LAST)}",
                    sex=Sex.FEMALE if woman else Sex.MALE,
                    birth_year=born,
                    age_group=AgeGroup.YOUTH if young else AgeGroup.ADULT,
                    # E.164, as the services store it (clean_phone): SMS replies match.
                    phone=f"+223{self.random.choice('67')}{self.random.randint(0, 9)}"
                    f"{self.random.randint(10, 99)}{self.random.randint(10, 99)}{self.random.randint(10, 99)}",
                    organisation=organisation,
                )
            )
            links.append((category, function))
        Person.objects.bulk_create(people)
        Membership.objects.bulk_create(
            Membership(
                committee=committee,
                person=person,
                category=self.categories[category],
                function=function,
                start_on=since,
            )
            for person, (category, function) in zip(people, links, strict=True)
        )

    def stalled(
        self, committee: Committee, step_code: str, blocked_on: dt.date, reason: str
    ) -> None:
        facts: dict[str, dict[str, Any]] = {}
        day = committee.planned_on
        for step in self.steps:
            if step.code == step_code:
                facts[step.code] = {
                    "status": StepStatus.BLOCKED,
                    "started_on": day + dt.timedelta(days=5),
                    "blocked_on": blocked_on,
                    "blocked_reason": reason,
                }
                break
            day = day + dt.timedelta(days=step.expected_days // 2)
            facts[step.code] = {"status": StepStatus.DONE, "started_on": day, "done_on": day}
        self.records(committee, facts)

    def recent(self, committee: Committee, steps_done: int) -> None:
        facts: dict[str, dict[str, Any]] = {}
        day = committee.planned_on
        for step in self.steps[:steps_done]:
            day = day + dt.timedelta(days=20)
            facts[step.code] = {"status": StepStatus.DONE, "started_on": day, "done_on": day}
        following = self.steps[steps_done]
        facts[following.code] = {
            "status": StepStatus.IN_PROGRESS,
            "started_on": min(self.today, day + dt.timedelta(days=5)),
            "partner": self.partners["PNUD"],
        }
        self.records(committee, facts)


def load(demo: DemoContext) -> None:
    ensure_reference_data()
    b = Builder(demo)
    for region_name, installed_on, partner in REGIONAL:
        region = b.region(region_name)
        committee = b.committee(
            region, "regional", installed_on - dt.timedelta(days=150), f"CCSR {region.name}"
        )
        b.installed(committee, installed_on, partner)
        b.members(
            committee,
            24 + b.random.randint(0, 5),
            b.random.choice([1, 2, 2, 3]),
            committee.creation_act_date,
        )
    name, installed_on, partner = DISTRICT
    bamako = b.region(name)
    committee = b.committee(
        bamako, "district", installed_on - dt.timedelta(days=150), "CCS du District de Bamako"
    )
    b.installed(committee, installed_on, partner)
    b.members(committee, 28, 4, committee.creation_act_date)
    for commune, cercle, region_name, installed_on, partner, count, women in COMMUNAL:
        unit = b.commune(commune, cercle, region_name)
        label = (
            f"CCSC {commune}"
            if not commune.startswith("Commune")
            else f"CCSC {commune} du District de Bamako"
        )
        committee = b.committee(unit, "communal", installed_on - dt.timedelta(days=140), label)
        b.installed(committee, installed_on, partner)
        b.members(committee, count, women, committee.creation_act_date)
    for commune, cercle, region_name, planned_on, step, blocked_on, reason in STALLED:
        unit = b.commune(commune, cercle, region_name)
        b.stalled(
            b.committee(unit, "communal", planned_on, f"CCSC {commune}"), step, blocked_on, reason
        )
    for region_name, planned_on, step, blocked_on, reason in STALLED_REGIONAL:
        region = b.region(region_name)
        b.stalled(
            b.committee(region, "regional", planned_on, f"CCSR {region.name}"),
            step,
            blocked_on,
            reason,
        )
    for place, cercle, region_name, steps_done in RECENT:
        planned_on = b.today - dt.timedelta(days=20 * steps_done + 40)
        if cercle is None:
            unit, level, label = b.region(region_name), "regional", f"CCSR {region_name}"
        else:
            unit, level, label = b.commune(place, cercle, region_name), "communal", f"CCSC {place}"
        b.recent(b.committee(unit, level, planned_on, label), steps_done)
    demo.objects["committees"] = b.committees
