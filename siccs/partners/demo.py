"""Demo support of the partners (PTF), on the real timeline of the setting-up.

PNUD pays the first regional launches (Dec 2020 – 2021) and communal pilots; ONU Femmes
trains the women members; GIZ and the Netherlands fund pilots in communes; EUCAP Sahel
gives technical assistance; the state budget pays sessions. Amounts in FCFA, euros (fixed
parity) and dollars (rate of the day), each with its dated status history.

Next quarter: PNUD's second phase covers the communal committees being set up in Mopti
and GIZ covers Kita; the committees being set up in Nioro, Bougouni, Douentza and
Koulikoro (Kalabancoro) have no support, so the funding-gap page shows them by region.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from siccs.accounts.models import User
from siccs.accounts.scoping import Role
from siccs.committees.models import Committee, CommitteeLevel
from siccs.core import dates
from siccs.core.demo import DemoContext
from siccs.partners import services
from siccs.partners.models import (
    Comment,
    CommentSubject,
    Commitment,
    CommitmentScope,
    CommitmentStatus,
    Currency,
    Partner,
    PartnerKind,
    SupportKind,
    UnitCost,
)
from siccs.partners.selectors import Quarter
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.selectors import find_by_name

D = dt.date
ANNOUNCED, COMMITTED, DISBURSED = (
    CommitmentStatus.ANNOUNCED,
    CommitmentStatus.COMMITTED,
    CommitmentStatus.DISBURSED,
)

# The registry as the committees demo made it; kept here so this loader stands alone.
PARTNERS = {
    "PNUD": ("Programme des Nations unies pour le développement", PartnerKind.MULTILATERAL),
    "ONU Femmes": ("ONU Femmes", PartnerKind.MULTILATERAL),
    "EUCAP Sahel": ("EUCAP Sahel Mali", PartnerKind.MULTILATERAL),
    "Allemagne (GIZ)": ("Coopération allemande (GIZ)", PartnerKind.BILATERAL),
    "Pays-Bas": ("Ambassade du Royaume des Pays-Bas", PartnerKind.BILATERAL),
    "WANEP": (
        "Réseau ouest-africain pour l'édification de la paix (WANEP-Mali)",
        PartnerKind.NGO,
    ),
    "IMRAP": ("Institut malien de recherche action pour la paix", PartnerKind.NGO),
    "Budget national": ("Budget national (État du Mali)", PartnerKind.STATE),
}

# Their English forms (name, acronym), for English pages and reports.
PARTNERS_EN = {
    "PNUD": ("United Nations Development Programme", "UNDP"),
    "ONU Femmes": ("UN Women", "UN Women"),
    "EUCAP Sahel": ("EUCAP Sahel Mali", "EUCAP Sahel"),
    "Allemagne (GIZ)": ("German cooperation (GIZ)", "Germany (GIZ)"),
    "Pays-Bas": ("Embassy of the Kingdom of the Netherlands", "Netherlands"),
    "WANEP": ("West Africa Network for Peacebuilding (WANEP-Mali)", "WANEP"),
    "IMRAP": ("Malian Institute of Action Research for Peace", "IMRAP"),
    "Budget national": ("National budget (State of Mali)", "National budget"),
}

PROGRAMMES = [
    ("PNUD", "Appui à la mise en place des CCS, phase 1", D(2020, 7, 1), D(2022, 6, 30)),
    ("PNUD", "Appui à la mise en place des CCS, phase 2", D(2024, 1, 1), D(2027, 12, 31)),
    ("ONU Femmes", "Femmes, paix et sécurité au Mali", D(2021, 1, 1), D(2024, 12, 31)),
    ("Allemagne (GIZ)", "Gouvernance locale et sécurité des communes", D(2021, 1, 1), None),
    ("Pays-Bas", "Sécurité humaine et cohésion sociale", D(2021, 1, 1), D(2023, 12, 31)),
    ("EUCAP Sahel", "Conseil stratégique à la RSS", D(2020, 1, 1), D(2024, 12, 31)),
    ("Budget national", "Budget de fonctionnement du C-RSS", None, None),
]

CONTACTS = [
    ("PNUD", "Claire Martin", "Spécialiste gouvernance et sécurité", "claire.martin@example.org"),
    ("ONU Femmes", "Aïssata Touré", "Chargée de programme FPS", "aissata.toure@example.org"),
    ("Allemagne (GIZ)", "Jonas Weber", "Conseiller technique", "jonas.weber@example.org"),
    ("Budget national", "Bakary Sanogo", "DFM, Ministère de la Sécurité", "dfm@example.ml"),
]

# Estimated cost of each step by committee level, in FCFA (C-RSS working figures).
UNIT_COSTS = {
    "regional": {
        "preparation": (1_500_000, "Mission de prise de contact (équipe C-RSS, 3 jours)"),
        "identification": (2_000_000, "Séances d'information dans les cercles"),
        "appointment": (250_000, "Préparation et diffusion de la décision"),
        "launch": (6_500_000, "Atelier de lancement de 2 jours, 60 participants"),
        "training": (4_000_000, "Formation de 3 jours des membres"),
        "first-session": (1_200_000, "Session inaugurale et diagnostic de sécurité"),
        "regular-sessions": (800_000, "Une session ordinaire (transport, restauration)"),
    },
    "district": {
        "launch": (7_000_000, "Atelier de lancement de 2 jours, 80 participants"),
        "training": (4_500_000, "Formation de 3 jours des membres"),
        "first-session": (1_200_000, "Session inaugurale"),
    },
    "communal": {
        "preparation": (600_000, "Mission de prise de contact avec le maire"),
        "identification": (900_000, "Assemblées villageoises d'information"),
        "appointment": (100_000, "Arrêté du maire"),
        "launch": (3_500_000, "Atelier de lancement de 2 jours, 40 participants"),
        "training": (2_500_000, "Formation de 2 jours des membres"),
        "first-session": (600_000, "Session inaugurale et diagnostic local"),
        "regular-sessions": (350_000, "Une session ordinaire"),
    },
}


class Loader:
    def __init__(self, demo: DemoContext) -> None:
        self.demo = demo
        self.today = dates.today()
        self.country = AdministrativeUnit.objects.get(level=Level.COUNTRY, parent__isnull=True)
        self.admin = demo.objects.get("user:admin") or self._national_admin()
        self.partners: dict[str, Partner] = {}
        for acronym, (name, kind) in PARTNERS.items():
            self.partners[acronym], _ = Partner.objects.get_or_create(
                acronym=acronym, defaults={"name": name, "kind": kind}
            )
            name_en, acronym_en = PARTNERS_EN[acronym]
            Partner.objects.filter(pk=self.partners[acronym].pk, name_en="").update(
                name_en=name_en, acronym_en=acronym_en
            )
        self.levels = {level.code: level for level in CommitteeLevel.objects.all()}
        self.programmes: dict[str, Any] = {}

    def _national_admin(self) -> User:
        user = User.objects.filter(
            assignments__role=Role.NATIONAL_ADMIN, assignments__unit=self.country
        ).first()
        if user is None:
            user = User.objects.create_user(username="demo.partners", password=None)
            user.assignments.create(role=Role.NATIONAL_ADMIN, unit=self.country)
        return user

    def region(self, name: str) -> AdministrativeUnit:
        return find_by_name(name, level=Level.REGION).filter(valid_to__isnull=True).first()

    def committees(self, *names: str) -> list[Committee]:
        return list(Committee.objects.filter(name__in=names).select_related("unit"))

    def commit(
        self,
        acronym: str,
        title: str,
        *,
        kind: str,
        scope: str,
        period: tuple[dt.date, dt.date],
        amount: int | str,
        currency: str = Currency.XOF,
        rate: str | None = None,
        history: list[tuple[str, dt.date]],
        programme: str = "",
        unit: AdministrativeUnit | None = None,
        level: str = "",
        committees: list[Committee] | None = None,
        steps: tuple[str, ...] = (),
        notes: str = "",
    ) -> Commitment | None:
        if scope == CommitmentScope.COMMITTEES and not committees:
            return None  # the committees demo did not run: nothing to point at
        (first_status, first_on), *later = history
        commitment = services.commitment_create(
            user=self.admin,
            partner=self.partners[acronym],
            programme=self.programmes.get(programme),
            title=title,
            kind=kind,
            scope=scope,
            start_on=period[0],
            end_on=period[1],
            amount=Decimal(str(amount)),
            currency=currency,
            exchange_rate=Decimal(rate) if rate else None,
            unit=unit,
            level=self.levels.get(level),
            committees=committees or [],
            step_codes=steps,
            status=first_status,
            status_on=first_on,
            notes=notes,
        )
        for status, on in later:
            services.commitment_set_status(
                user=self.admin, commitment=commitment, status=status, on=on
            )
        return commitment

    # --- the registry ---------------------------------------------------------------

    def registry(self) -> None:
        for acronym, name, start_on, end_on in PROGRAMMES:
            self.programmes[name] = services.programme_add(
                user=self.admin,
                partner=self.partners[acronym],
                name=name,
                start_on=start_on,
                end_on=end_on,
            )
        for acronym, name, function, email in CONTACTS:
            services.partner_contact_add(
                user=self.admin,
                partner=self.partners[acronym],
                name=name,
                function=function,
                email=email,
                phone="+223 20 22 00 00",
            )
        costs = []
        for level_code, steps in UNIT_COSTS.items():
            level = self.levels.get(level_code)
            if level is None:
                continue
            for code, (amount, description) in steps.items():
                costs.append(
                    UnitCost(
                        step_code=code, level=level, amount_fcfa=amount, description=description
                    )
                )
        UnitCost.objects.bulk_create(costs, ignore_conflicts=True)

    # --- commitments on the timeline ------------------------------------------------

    def history(self) -> None:
        phase1 = "Appui à la mise en place des CCS, phase 1"
        self.commit(
            "PNUD",
            "Lancement et formation des CCS régionaux",
            kind=SupportKind.FUNDING,
            scope=CommitmentScope.STEPS,
            level="regional",
            steps=("launch", "training"),
            period=(D(2020, 11, 1), D(2021, 12, 31)),
            amount=180_000,
            currency=Currency.USD,
            rate="548.25",
            programme=phase1,
            history=[
                (ANNOUNCED, D(2020, 9, 15)),
                (COMMITTED, D(2020, 11, 2)),
                (DISBURSED, D(2021, 3, 15)),
            ],
            notes="Ateliers de 2 jours : Ségou, Mopti, Koulikoro, Taoudénit, Bamako.",
        )
        self.commit(
            "PNUD",
            "Installation des CCS communaux pilotes du Centre et du Nord",
            kind=SupportKind.LOGISTICS,
            scope=CommitmentScope.COMMITTEES,
            committees=self.committees(
                "CCSC Ansongo", "CCSC Bandiagara", "CCSC Douentza", "CCSC Mopti"
            ),
            period=(D(2021, 2, 1), D(2021, 7, 31)),
            amount=42_000_000,
            programme=phase1,
            history=[(COMMITTED, D(2021, 1, 20)), (DISBURSED, D(2021, 4, 2))],
        )
        self.commit(
            "PNUD",
            "CCS de Diré et de Goundam",
            kind=SupportKind.FUNDING,
            scope=CommitmentScope.COMMITTEES,
            committees=self.committees("CCSC Diré", "CCSC Goundam"),
            period=(D(2021, 9, 1), D(2021, 12, 31)),
            amount=24_500,
            currency=Currency.EUR,
            programme=phase1,
            history=[
                (ANNOUNCED, D(2021, 6, 25)),
                (COMMITTED, D(2021, 8, 10)),
                (DISBURSED, D(2021, 10, 5)),
            ],
        )
        self.commit(
            "ONU Femmes",
            "Formation des femmes membres des CCS communaux de Mopti",
            kind=SupportKind.TRAINING,
            scope=CommitmentScope.TERRITORY,
            unit=self.region("Mopti"),
            level="communal",
            steps=("training",),
            period=(D(2021, 4, 1), D(2021, 12, 31)),
            amount=25_000,
            currency=Currency.USD,
            rate="541.80",
            programme="Femmes, paix et sécurité au Mali",
            history=[(ANNOUNCED, D(2021, 2, 12)), (COMMITTED, D(2021, 3, 30))],
            notes="Module sur la participation des femmes et la loi n°2015-052.",
        )
        self.commit(
            "ONU Femmes",
            "Participation des femmes aux CCS des communes de Bamako",
            kind=SupportKind.TRAINING,
            scope=CommitmentScope.TERRITORY,
            unit=self.region("District de Bamako"),
            level="communal",
            period=(D(2023, 10, 1), D(2024, 6, 30)),
            amount=30_000,
            currency=Currency.EUR,
            programme="Femmes, paix et sécurité au Mali",
            history=[
                (ANNOUNCED, D(2023, 7, 4)),
                (COMMITTED, D(2023, 9, 18)),
                (DISBURSED, D(2023, 12, 20)),
            ],
        )
        self.commit(
            "Allemagne (GIZ)",
            "CCS pilotes de Bla et de Ségou",
            kind=SupportKind.FUNDING,
            scope=CommitmentScope.COMMITTEES,
            committees=self.committees("CCSC Bla", "CCSC Ségou"),
            period=(D(2021, 1, 1), D(2022, 12, 31)),
            amount=60_000,
            currency=Currency.EUR,
            programme="Gouvernance locale et sécurité des communes",
            history=[(COMMITTED, D(2020, 12, 8)), (DISBURSED, D(2021, 3, 1))],
        )
        self.commit(
            "Pays-Bas",
            "CCS communaux pilotes de Tominian et Yasso",
            kind=SupportKind.FUNDING,
            scope=CommitmentScope.COMMITTEES,
            committees=self.committees("CCSC Tominian", "CCSC Yasso"),
            period=(D(2021, 3, 1), D(2021, 12, 31)),
            amount=45_000,
            currency=Currency.EUR,
            programme="Sécurité humaine et cohésion sociale",
            history=[
                (ANNOUNCED, D(2021, 1, 15)),
                (COMMITTED, D(2021, 2, 26)),
                (DISBURSED, D(2021, 5, 3)),
            ],
        )
        self.commit(
            "Pays-Bas",
            "Équipement des CCS de Sikasso et Koutiala",
            kind=SupportKind.EQUIPMENT,
            scope=CommitmentScope.TERRITORY,
            unit=self.region("Sikasso"),
            period=(D(2023, 6, 1), D(2023, 12, 31)),
            amount=18_400_000,
            programme="Sécurité humaine et cohésion sociale",
            history=[(ANNOUNCED, D(2023, 4, 20)), (COMMITTED, D(2023, 6, 12))],
            notes="Motos, ordinateurs et mobilier pour les secrétariats.",
        )
        self.commit(
            "EUCAP Sahel",
            "Assistance technique à la méthodologie de mise en place",
            kind=SupportKind.TECHNICAL,
            scope=CommitmentScope.STEPS,
            steps=("preparation", "training"),
            period=(D(2020, 10, 1), D(2023, 12, 31)),
            amount=35_000,
            currency=Currency.EUR,
            programme="Conseil stratégique à la RSS",
            history=[(COMMITTED, D(2020, 9, 1)), (DISBURSED, D(2022, 1, 10))],
            notes="Conseillers RSS auprès du C-RSS ; valeur estimée de l'appui en nature.",
        )
        self.commit(
            "EUCAP Sahel",
            "Lancement des CCS de Gao et Tombouctou",
            kind=SupportKind.LOGISTICS,
            scope=CommitmentScope.COMMITTEES,
            committees=self.committees("CCSR Gao", "CCSR Tombouctou", "CCSC Gao"),
            period=(D(2021, 4, 1), D(2021, 6, 30)),
            amount=21_000_000,
            programme="Conseil stratégique à la RSS",
            history=[(COMMITTED, D(2021, 3, 10)), (DISBURSED, D(2021, 5, 20))],
        )
        self.commit(
            "WANEP",
            "Sensibilisation avant l'installation à Femaye, Tin Hama et Soboundou",
            kind=SupportKind.TRAINING,
            scope=CommitmentScope.COMMITTEES,
            committees=self.committees("CCSC Femaye", "CCSC Tin Hama", "CCSC Soboundou"),
            steps=("identification",),
            period=(D(2021, 1, 1), D(2021, 11, 30)),
            amount=9_600_000,
            history=[(COMMITTED, D(2021, 1, 5)), (DISBURSED, D(2021, 6, 30))],
        )
        self.commit(
            "IMRAP",
            "Diagnostics locaux de sécurité (Koro, Ténenkou, Youwarou)",
            kind=SupportKind.TECHNICAL,
            scope=CommitmentScope.COMMITTEES,
            committees=self.committees("CCSC Koro", "CCSC Ténenkou", "CCSC Youwarou"),
            steps=("first-session",),
            period=(D(2021, 5, 1), D(2024, 3, 31)),
            amount=12_750_000,
            history=[(ANNOUNCED, D(2021, 4, 1)), (COMMITTED, D(2021, 5, 4))],
        )
        self.commit(
            "Budget national",
            "Sessions ordinaires des CCS régionaux",
            kind=SupportKind.FUNDING,
            scope=CommitmentScope.SESSIONS,
            level="regional",
            period=(D(2024, 1, 1), D(2024, 12, 31)),
            amount=15_000_000,
            programme="Budget de fonctionnement du C-RSS",
            history=[
                (ANNOUNCED, D(2023, 10, 15)),
                (COMMITTED, D(2024, 2, 28)),
                (DISBURSED, D(2024, 7, 12)),
            ],
            notes="Ligne budgétaire créée en loi de finances 2024.",
        )

    def upcoming(self) -> None:
        """Commitments in force now and next quarter; the rest of the plan stays a gap."""
        current = Quarter.of(self.today)
        start, end = current.start, Quarter(current.year + 1, 4).end
        self.commit(
            "PNUD",
            "Mise en place des CCS communaux de la région de Mopti",
            kind=SupportKind.FUNDING,
            scope=CommitmentScope.TERRITORY,
            unit=self.region("Mopti"),
            level="communal",
            period=(start, end),
            amount=250_000,
            currency=Currency.USD,
            rate="567.40",
            programme="Appui à la mise en place des CCS, phase 2",
            history=[(ANNOUNCED, start - dt.timedelta(days=45)), (COMMITTED, start)],
        )
        self.commit(
            "Allemagne (GIZ)",
            "Installation du CCS régional de Kita",
            kind=SupportKind.FUNDING,
            scope=CommitmentScope.TERRITORY,
            unit=self.region("Kita"),
            level="regional",
            steps=("launch", "training", "first-session"),
            period=(start, end),
            amount=20_000,
            currency=Currency.EUR,
            programme="Gouvernance locale et sécurité des communes",
            history=[(ANNOUNCED, min(self.today, start + dt.timedelta(days=10)))],
        )
        self.commit(
            "Budget national",
            "Sessions ordinaires des CCS, exercice en cours",
            kind=SupportKind.FUNDING,
            scope=CommitmentScope.SESSIONS,
            period=(D(self.today.year, 1, 1), D(self.today.year, 12, 31)),
            amount=22_000_000,
            programme="Budget de fonctionnement du C-RSS",
            history=[
                (ANNOUNCED, D(self.today.year - 1, 10, 15)),
                (COMMITTED, D(self.today.year, 3, 1)),
            ],
        )

    # --- comments and answers -------------------------------------------------------

    def comments(self) -> None:
        viewer = self.demo.objects.get("user:ptf.pnud")
        written = [
            (
                "PNUD",
                viewer,
                CommentSubject.METHODOLOGY,
                dt.datetime(2021, 6, 28, 10, 30),
                "La formation des membres gagnerait à précéder la première session de plus "
                "de quelques jours, et à inclure un module sur la place des femmes dans les "
                "CCS. Peut-on l'inscrire dans la prochaine version de la méthodologie ?",
                "Merci. La version 2 de la méthodologie prévoira une formation de trois jours "
                "juste après le lancement, avec un module genre préparé avec ONU Femmes.",
                dt.datetime(2021, 7, 9, 15, 0),
            ),
            (
                "ONU Femmes",
                None,
                CommentSubject.REPORT,
                dt.datetime(2023, 12, 22, 9, 0),
                "Le rapport d'avancement devrait montrer la part des femmes par comité et "
                "non seulement la moyenne nationale.",
                "",
                None,
            ),
            (
                "PNUD",
                viewer,
                CommentSubject.METHODOLOGY,
                dt.datetime(2024, 2, 5, 11, 0),
                "Dans les zones où les FDS sont en opération, une identification des membres "
                "en deux temps éviterait de bloquer l'installation.",
                "",
                None,
            ),
        ]
        for acronym, author, subject, on, text, answer, answered_on in written:
            comment = Comment.objects.create(
                partner=self.partners[acronym],
                subject=subject,
                unit=self.country,
                text=text,
                author=author,
            )
            dated = {"created_at": _aware(on)}
            if answer:
                services.comment_answer(user=self.admin, comment=comment, answer=answer)
                dated["answered_at"] = _aware(answered_on)
            Comment.objects.filter(pk=comment.pk).update(**dated)


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment)


def load(demo: DemoContext) -> None:
    loader = Loader(demo)
    loader.registry()
    loader.history()
    loader.upcoming()
    loader.comments()
    demo.objects["partners"] = loader.partners
