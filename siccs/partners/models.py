"""Technical and financial partners (PTF), including the state budget."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    MULTILATERAL = "multilateral", _("multilateral")
    BILATERAL = "bilateral", _("bilateral")
    NGO = "ngo", _("NGO")
    STATE = "state", _("state budget")


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["acronym", "name"]

    def __str__(self) -> str:
        return self.acronym or self.name
