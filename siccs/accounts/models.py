"""Users and their assignments: a role over an administrative unit and all it contains."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siccs.accounts.scoping import Action, Role, ScopedQuerySet


class User(AbstractUser):
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="fr",
        choices=[("fr", "Français"), ("en", "English")],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Assignment(models.Model):
    """One role over one territorial unit; a partner viewer also names its partner."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="viewer_assignments",
    )
    active = models.BooleanField(pgettext_lazy("assignment", "active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit = "unit"
    scope_view_action = Action.ADMINISTER

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["user", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.unit}"
