from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from siccs.territory import services
from siccs.territory.models import AdministrativeUnit, Level

ALLOWED = {".geojson", ".json", ".csv", ".xlsx", ".zip"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(sorted(ALLOWED))}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class BoundaryUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Boundary files"),
        help_text=_(
            "The COD-AB files of the humanitarian data exchange: the GeoJSON files adm0 to adm3"
            " (select them together), the tabular CSV or XLSX, or a ZIP of them."
        ),
    )
    repair = forms.BooleanField(
        label=_("Repair invalid geometries"),
        required=False,
        help_text=_(
            "A shape that crosses itself or a ring left open is repaired (make_valid) instead"
            " of stopping the import; each repair is listed as a warning to look at."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if PurePath(upload.name).suffix.lower() not in ALLOWED:
                raise forms.ValidationError(
                    _("%(name)s: send GeoJSON, CSV, XLSX or ZIP files.") % {"name": upload.name}
                )
        if sum(f.size for f in files) > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("These files are too large."))
        return files


class ImportConfirmForm(forms.Form):
    """Confirming a plan: its effective date, its legal reference, and a choice for each
    doubtful match (one field per doubt, named after the plan item's key)."""

    on = forms.DateField(
        label=_("Effective date"),
        help_text=_("The day the changes take effect (by default the edition's date)."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reference = forms.CharField(
        label=_("Legal reference"),
        max_length=255,
        required=False,
        help_text=_("The law, decree or order of the reform (not needed for a first load)."),
    )
    baseline = forms.BooleanField(
        label=_("First load: the units created already existed before this edition"),
        required=False,
    )

    def __init__(self, *args: Any, report: dict[str, Any], **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        if report.get("on"):
            initial.setdefault("on", dt.date.fromisoformat(report["on"]))
        initial.setdefault("baseline", report.get("baseline", False))
        super().__init__(*args, **kwargs)
        self.doubts = report.get("doubts", [])
        for doubt in self.doubts:
            self.fields[self.field_name(doubt["key"])] = forms.ChoiceField(
                label=f"{doubt['name']} ({doubt.get('pcode', '')})",
                choices=[(value, label) for value, label in doubt["options"]],
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(key: str) -> str:
        return "decision_" + key.replace(":", "_")

    def decision_fields(self) -> list[tuple[Any, dict[str, Any]]]:
        """Each doubt's field with the doubt itself (its evidence is shown beside it)."""
        return [(self[self.field_name(d["key"])], d) for d in self.doubts]

    def main_fields(self) -> list[Any]:
        return [self["on"], self["reference"], self["baseline"]]

    def decisions(self) -> dict[str, str]:
        return {d["key"]: self.cleaned_data[self.field_name(d["key"])] for d in self.doubts}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("baseline") and not (data.get("reference") or "").strip():
            self.add_error(
                "reference", _("Give the legal reference (law, decree, order) of the reform.")
            )
        return data


# --- Declaring a reform without a file -------------------------------------------------


class UnitChoiceField(forms.ModelChoiceField):
    """A unit named with its level and parent: two communes may share a name."""

    def label_from_instance(self, obj: Any) -> str:
        parent = obj.parent.name if obj.parent_id else "–"
        return f"{obj.name} ({obj.get_level_display()}, {parent})"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return UnitChoiceField.label_from_instance(self, obj)


class ReformForm(forms.Form):
    """What every reform takes: the day it takes effect and the text that decides it.
    Each kind adds its units; `moves()` says which units change parent (for the
    preview) and `save()` calls the service."""

    kind = ""
    title: Any = ""
    on = forms.DateField(label=_("Effective date"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(
        label=_("Legal reference"),
        max_length=255,
        help_text=_("The law, decree or order of the reform."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Choices are the units the administrator may see, in force today.
        visible = AdministrativeUnit.objects.visible_to(user).filter(valid_to__isnull=True)
        self.units = visible.select_related("parent").order_by("level", "name")
        for name in self.unit_fields():
            field = self.fields[name]
            field.queryset = self.units.filter(level__in=field.levels)
        self.order_fields([*self.unit_fields(), "on", "reference"])

    def unit_fields(self) -> list[str]:
        return [n for n, f in self.fields.items() if hasattr(f, "levels")]

    def moves(self) -> list[tuple[Any, Any]]:
        raise NotImplementedError

    def save(self) -> Any:
        raise NotImplementedError


def _unit_field(levels: tuple[int, ...], label: Any, many: bool = False, **kwargs: Any) -> Any:
    field_class = UnitsChoiceField if many else UnitChoiceField
    field = field_class(queryset=AdministrativeUnit.objects.none(), label=label, **kwargs)
    field.levels = levels
    return field


class RegionCreateForm(ReformForm):
    kind = "region"
    title = _("Create a region from cercles")
    name = forms.CharField(label=_("Name of the new region"), max_length=150)
    cercles = _unit_field((Level.CERCLE,), _("Its cercles"), many=True)

    def moves(self) -> list[tuple[Any, Any]]:
        return [(c, self.cleaned_data["name"]) for c in self.cleaned_data["cercles"]]

    def save(self) -> Any:
        d = self.cleaned_data
        return services.region_create(
            user=self.user, name=d["name"], cercles=list(d["cercles"]), on=d["on"],
            reference=d["reference"],
        )  # fmt: skip


class MoveForm(ReformForm):
    kind = "move"
    title = _("Move a cercle or a commune")
    unit = _unit_field((Level.CERCLE, Level.COMMUNE), _("Unit to move"))
    parent = _unit_field((Level.REGION, Level.CERCLE), _("New parent"))

    def moves(self) -> list[tuple[Any, Any]]:
        return [(self.cleaned_data["unit"], self.cleaned_data["parent"])]

    def save(self) -> Any:
        d = self.cleaned_data
        return services.unit_transfer(
            user=self.user, unit=d["unit"], parent=d["parent"], on=d["on"],
            reference=d["reference"],
        )  # fmt: skip


class RenameForm(ReformForm):
    kind = "rename"
    title = _("Rename a unit")
    unit = _unit_field((Level.REGION, Level.CERCLE, Level.COMMUNE), _("Unit to rename"))
    name = forms.CharField(label=_("New name"), max_length=150)

    def moves(self) -> list[tuple[Any, Any]]:
        return [(self.cleaned_data["unit"], None)]

    def save(self) -> Any:
        d = self.cleaned_data
        return services.unit_rename(
            user=self.user, unit=d["unit"], name=d["name"], on=d["on"], reference=d["reference"]
        )


class MergeForm(ReformForm):
    kind = "merge"
    title = _("Merge units")
    units = _unit_field((Level.REGION, Level.CERCLE, Level.COMMUNE), _("Units to merge"), many=True)
    into = _unit_field(
        (Level.REGION, Level.CERCLE, Level.COMMUNE),
        _("Into this existing unit"),
        required=False,
        help_text=_("Leave empty to merge them into a new unit named below."),
    )
    name = forms.CharField(label=_("Name of the new unit"), max_length=150, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("into") and not (data.get("name") or "").strip():
            self.add_error("name", _("Choose the unit they merge into, or name the new one."))
        return data

    def moves(self) -> list[tuple[Any, Any]]:
        d = self.cleaned_data
        into = d.get("into")
        units = [u for u in d["units"] if into is None or u.pk != into.pk]
        if into is not None:
            return [(u, into) for u in units]
        # A new unit, beside the first one merged (a new region has no region above).
        first = d["units"][0]
        target = d["name"] if first.level == Level.REGION else first.parent
        return [(u, target) for u in units]

    def save(self) -> Any:
        d = self.cleaned_data
        return services.unit_merge(
            user=self.user, units=list(d["units"]), on=d["on"], into=d.get("into"),
            name=d.get("name", ""), reference=d["reference"],
        )  # fmt: skip


class SplitForm(ReformForm):
    kind = "split"
    title = _("Split a unit")
    unit = _unit_field((Level.REGION, Level.CERCLE), _("Unit to split"))
    part_name = forms.CharField(label=_("Name of the new unit"), max_length=150)
    part_children = _unit_field(
        (Level.CERCLE, Level.COMMUNE), _("What goes to the new unit"), many=True
    )
    rest_name = forms.CharField(
        label=_("Name of a second new unit"),
        max_length=150,
        required=False,
        help_text=_(
            "Leave empty if the split unit continues with what remains; give a name if it"
            " ends and what remains forms a second new unit."
        ),
    )

    def moves(self) -> list[tuple[Any, Any]]:
        unit = self.cleaned_data["unit"]
        target = unit.parent if unit.level > Level.REGION else self.cleaned_data["part_name"]
        return [(c, target) for c in self.cleaned_data["part_children"]]

    def save(self) -> Any:
        d = self.cleaned_data
        unit, chosen = d["unit"], list(d["part_children"])
        parts = [services.SplitPart(name=d["part_name"], children=chosen)]
        rest = (d.get("rest_name") or "").strip()
        if rest:
            others = AdministrativeUnit.objects.filter(parent=unit).in_force(d["on"])
            parts.append(
                services.SplitPart(
                    name=rest, children=[c for c in others if c.pk not in {x.pk for x in chosen}]
                )
            )
        return services.unit_split(
            user=self.user, unit=unit, on=d["on"], parts=parts, source_continues=not rest,
            reference=d["reference"],
        )  # fmt: skip


class EffectiveDateForm(ReformForm):
    kind = "date"
    title = _("Correct the date a region came into force")
    unit = _unit_field((Level.REGION,), _("Region"))

    def moves(self) -> list[tuple[Any, Any]]:
        unit = self.cleaned_data["unit"]
        return [(unit, unit)]

    def save(self) -> Any:
        d = self.cleaned_data
        return services.unit_effective_date(
            user=self.user, unit=d["unit"], on=d["on"], reference=d["reference"]
        )


REFORM_FORMS: dict[str, type[ReformForm]] = {
    f.kind: f
    for f in (RegionCreateForm, MoveForm, RenameForm, MergeForm, SplitForm, EffectiveDateForm)
}
