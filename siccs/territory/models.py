"""Administrative units of Mali and their history through territorial reforms.

A unit keeps one identity for as long as it exists; renamings and moves to another
parent add a dated `UnitVersion`, splits and merges end units and create new ones,
linked by a `TerritorialEvent`. The current tree is denormalised on the unit itself
(`parent`, `path`) so that "everything inside Mopti" is one indexed prefix filter.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from siccs.core import dates
from siccs.core.dates import PlausibleDateModelField
from siccs.core.scoping import Action, ScopedQuerySet
from siccs.territory.names import name_key


class Level(models.IntegerChoices):
    COUNTRY = 0, _("country")
    REGION = 1, _("region")
    CERCLE = 2, _("cercle")
    ARRONDISSEMENT = 3, _("arrondissement")
    COMMUNE = 4, _("commune")
    VILLAGE = 5, _("village")


class AdministrativeUnitQuerySet(ScopedQuerySet):
    def in_force(self, on: dt.date | None = None) -> AdministrativeUnitQuerySet:
        """Units that existed on `on` (today when omitted)."""
        on = on or dates.today()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=on),
        )

    def inside(
        self, unit: AdministrativeUnit, include_self: bool = True
    ) -> AdministrativeUnitQuerySet:
        """The subtree under `unit`, found by its materialised path (no recursion)."""
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


class AdministrativeUnit(models.Model):
    name = models.CharField(_("name"), max_length=150)
    # Accent- and case-free form of the name, for matching `Segou` with `Ségou`.
    name_key = models.CharField(max_length=150, db_index=True, editable=False)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/<root id>/<region id>/.../<own id>/": subtree filters are a prefix match.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    code = models.CharField(_("official code"), max_length=40, blank=True)
    pcode = models.CharField(_("OCHA P-code"), max_length=20, blank=True, db_index=True)
    pcode_edition = models.CharField(_("P-code edition"), max_length=20, blank=True)
    # Other spellings found in official files ("Koulikouro", "Bamako"), separated by ";",
    # so that an import recognises the unit although its name key differs.
    aliases = models.CharField(_("other spellings"), max_length=255, blank=True)
    valid_from = PlausibleDateModelField(_("valid from"), null=True, blank=True)
    valid_to = PlausibleDateModelField(_("valid until"), null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    # The unit whose territory this one was part of before its `valid_from` (a region
    # carved out of another, as Ménaka out of Gao in 2016): figures of an earlier date
    # count what lies inside this unit under the predecessor (see selectors.parents_on).
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("carved out of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    centre_lat = models.FloatField(_("centre latitude"), null=True, blank=True)
    centre_lon = models.FloatField(_("centre longitude"), null=True, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    # The scoping mechanism reads this (see siccs.core.scoping): a unit scopes itself.
    scope_unit = ""

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["level", "path"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)
        expected = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if self.path != expected:
            self.path = expected
            super().save(update_fields=["path"])

    @property
    def depth_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    def ancestors(self) -> models.QuerySet[AdministrativeUnit]:
        return AdministrativeUnit.objects.filter(pk__in=self.depth_ids).order_by("level")

    def alias_keys(self) -> set[str]:
        return {name_key(a) for a in self.aliases.split(";") if a.strip()}

    def not_yet_on(self, on: dt.date) -> bool:
        """Whether the unit came into force after `on` (it did not exist yet then)."""
        return self.valid_from is not None and self.valid_from > on

    def existed_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to > on
        )


class UnitVersion(models.Model):
    """The name and parent a unit had over a period; the current one has no end."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("name"), max_length=150)
    parent = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = PlausibleDateModelField(_("valid from"), null=True, blank=True)
    valid_to = PlausibleDateModelField(_("valid until"), null=True, blank=True)

    class Meta:
        # The open-start period first on every database (PostgreSQL sorts NULL last).
        ordering = ["unit", models.F("valid_from").asc(nulls_first=True)]
        indexes = [models.Index(fields=["unit", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from or '…'} – {self.valid_to or '…'})"


class EventKind(models.TextChoices):
    CREATION = "creation", _("creation")
    RENAMING = "renaming", _("renaming")
    TRANSFER = "transfer", _("transfer to another parent")
    SPLIT = "split", _("split")
    MERGER = "merger", _("merger")
    ABOLITION = "abolition", _("abolition")


class TerritorialEvent(models.Model):
    """A dated change of the territorial structure, e.g. the 2023 reform creating Douentza."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    date = PlausibleDateModelField(_("date"))
    reference = models.CharField(_("legal reference"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    sources = models.ManyToManyField(
        AdministrativeUnit, related_name="events_as_source", blank=True
    )
    results = models.ManyToManyField(
        AdministrativeUnit, related_name="events_as_result", blank=True
    )

    class Meta:
        verbose_name = _("territorial event")
        verbose_name_plural = _("territorial events")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("imported")
    PLANNED = "planned", _("plan ready, waiting for confirmation")
    CHECKED = "checked", _("checked, nothing written (trial run)")
    REJECTED = "rejected", _("rejected, nothing written")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """One upload of official boundary files, checked and planned by a background task,
    then written, once a national administrator has confirmed the plan with its
    effective date and legal reference, by a second run of the task.

    The report (errors, warnings, the plan, what was written) is kept as JSON so the page
    shows it as it was; `decisions` holds the person's answers to the plan's ambiguous
    matches, keyed by the plan's item keys.
    """

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    files = models.JSONField(_("files"), default=list)  # storage names, in upload order
    original_names = models.JSONField(default=list)
    dry_run = models.BooleanField(_("check only"), default=False)
    repair = models.BooleanField(_("repair invalid geometries"), default=False)
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    reference = models.CharField(_("legal reference"), max_length=255, blank=True)
    # True: the units created are the structure as it already was (a first load), not
    # units a reform creates on the effective date.
    baseline = models.BooleanField(_("first load of the structure"), default=False)
    decisions = models.JSONField(_("decisions"), default=dict, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=10, default="fr")
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    # Imports change the whole tree: only administrators of the root see them.
    scope_unit = "unit"
    scope_view_action = Action.ADMINISTER

    class Meta:
        verbose_name = _("boundary import")
        verbose_name_plural = _("boundary imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return ", ".join(self.original_names) or f"#{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status not in {ImportStatus.QUEUED, ImportStatus.RUNNING}

    @property
    def confirmed(self) -> bool:
        return self.effective_on is not None and self.confirmed_by_id is not None
