"""Recording territorial reforms: renamings, transfers, splits and mergers.

Every change is dated. The unit row always shows the latest recorded state (its
`parent` and `path` make subtree filters one prefix match); `UnitVersion` rows keep
each period's name and parent, so `selectors.ancestor_at_level_map(on)` can tell in
which region a commune lay on any date, and a `TerritorialEvent` says what happened.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from siccs.audit.services import audit_record, snapshot
from siccs.core.errors import DomainError
from siccs.core.scoping import Action, ensure_unit_in_scope, require_action
from siccs.territory.models import (
    AdministrativeUnit,
    EventKind,
    ImportJob,
    Level,
    TerritorialEvent,
    UnitVersion,
)
from siccs.territory.names import name_key
from siccs.territory.selectors import tree_on


@dataclass
class SplitPart:
    """One piece of a split: a new unit (`name`) or an existing one (`existing`, e.g. a
    region the 2023 reform created and that is already in the tree), with the children
    of the split unit that go to it."""

    name: str = ""
    existing: AdministrativeUnit | None = None
    children: Sequence[AdministrativeUnit] = field(default_factory=list)
    pcode: str = ""
    code: str = ""


def _check_actor(user: Any, *units: AdministrativeUnit | None) -> None:
    """Reforms belong to administrators. `user=None` is the system (migrations, demo, CLI)."""
    if user is None:
        return
    require_action(user, Action.ADMINISTER)
    for unit in units:
        if unit is not None:
            ensure_unit_in_scope(user, unit, Action.ADMINISTER)


def _check_in_force(unit: AdministrativeUnit, on: dt.date) -> None:
    if not unit.existed_on(on):
        raise DomainError(
            _("%(unit)s did not exist on %(date)s.") % {"unit": unit.name, "date": on.isoformat()}
        )


def territorial_event_record(
    *,
    user: Any,
    kind: str,
    on: dt.date,
    reference: str,
    description: str,
    sources: Sequence[AdministrativeUnit],
    results: Sequence[AdministrativeUnit],
) -> TerritorialEvent:
    event = TerritorialEvent(kind=kind, date=on, reference=reference, description=description)
    event.full_clean()
    event.save()
    event.sources.set(sources)
    event.results.set(results)
    audit_record(user=user, obj=event, verb="create", reason=reference)
    return event


def unit_version_record(
    unit: AdministrativeUnit, *, on: dt.date, name: str, parent: AdministrativeUnit | None
) -> None:
    """Close the unit's open period at `on` and open a new one with `name` and `parent`.

    The first change of a unit also writes the period before it (from the unit's
    `valid_from`), so every date of the unit's life is covered by exactly one version.
    """
    current = unit.versions.filter(valid_to__isnull=True).order_by("-valid_from").first()
    if current is None:
        if unit.valid_from is None or unit.valid_from < on:
            UnitVersion.objects.create(
                unit=unit,
                name=unit.name,
                parent_id=unit.parent_id,
                valid_from=unit.valid_from,
                valid_to=on,
            )
    elif current.valid_from is not None and current.valid_from > on:
        raise DomainError(
            _("%(unit)s already changed on %(later)s: record the changes of a unit in date order.")
            % {"unit": unit.name, "later": current.valid_from.isoformat()}
        )
    elif current.valid_from == on:
        # Several changes the same day (a split that also renames): one period.
        current.name = name
        current.parent = parent
        current.save(update_fields=["name", "parent"])
        return
    else:
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    UnitVersion.objects.create(unit=unit, name=name, parent=parent, valid_from=on)


def unit_subtree_move(unit: AdministrativeUnit, parent: AdministrativeUnit) -> None:
    """Re-parent `unit`; its whole subtree's paths change in one UPDATE (prefix replace)."""
    old_path = unit.path
    new_path = f"{parent.path}{unit.pk}/"
    AdministrativeUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1), output_field=CharField())
    )
    AdministrativeUnit.objects.filter(pk=unit.pk).update(parent=parent)
    unit.parent = parent
    unit.path = new_path


def unit_parent_change(unit: AdministrativeUnit, parent: AdministrativeUnit, on: dt.date) -> None:
    """From `on`, `unit` belongs to `parent`: its history gets a version, its subtree moves.
    The building block of transfers, splits and imports; callers check and audit."""
    if parent.level >= unit.level:
        raise DomainError(
            _("%(parent)s cannot contain %(unit)s: its level is not above it.")
            % {"parent": parent.name, "unit": unit.name}
        )
    if parent.path.startswith(unit.path):
        raise DomainError(_("%(unit)s cannot be moved inside itself.") % {"unit": unit.name})
    _check_in_force(parent, on)
    unit_version_record(unit, on=on, name=unit.name, parent=parent)
    unit_subtree_move(unit, parent)


def unit_end(unit: AdministrativeUnit, on: dt.date) -> None:
    """The unit ceases to exist at `on` (its open version closes); callers audit."""
    unit.versions.filter(valid_to__isnull=True).update(valid_to=on)
    unit.valid_to = on
    unit.save(update_fields=["valid_to"])


def _current_children(unit: AdministrativeUnit, on: dt.date) -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.filter(parent=unit).in_force(on))


@transaction.atomic
def unit_rename(
    *, user: Any, unit: AdministrativeUnit, name: str, on: dt.date, reference: str = ""
) -> TerritorialEvent:
    """From `on`, the unit bears `name`; earlier figures keep the old name in its history."""
    _check_actor(user, unit)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the new name."), field="name")
    if name == unit.name:
        raise DomainError(_("The unit already bears this name."), field="name")
    _check_in_force(unit, on)
    before = snapshot(unit)
    old_name = unit.name
    unit_version_record(unit, on=on, name=name, parent=unit.parent)
    unit.name = name
    unit.save(update_fields=["name", "name_key"])
    audit_record(user=user, obj=unit, verb="rename", before=before, reason=reference)
    return territorial_event_record(
        user=user,
        kind=EventKind.RENAMING,
        on=on,
        reference=reference,
        description=f"{old_name} → {name}",
        sources=[unit],
        results=[unit],
    )


@transaction.atomic
def unit_transfer(
    *,
    user: Any,
    unit: AdministrativeUnit,
    parent: AdministrativeUnit,
    on: dt.date,
    reference: str = "",
) -> TerritorialEvent:
    """From `on`, the unit (and everything inside it) belongs to `parent`."""
    _check_actor(user, unit, parent)
    if unit.parent_id == parent.pk:
        raise DomainError(_("The unit already belongs to this parent."), field="parent")
    _check_in_force(unit, on)
    before = snapshot(unit)
    old_parent = unit.parent
    unit_parent_change(unit, parent, on)
    audit_record(user=user, obj=unit, verb="transfer", before=before, reason=reference)
    return territorial_event_record(
        user=user,
        kind=EventKind.TRANSFER,
        on=on,
        reference=reference,
        description=f"{unit.name}: {old_parent or '–'} → {parent.name}",
        sources=[unit] + ([old_parent] if old_parent else []),
        results=[unit, parent],
    )


@transaction.atomic
def unit_split(
    *,
    user: Any,
    unit: AdministrativeUnit,
    on: dt.date,
    parts: Sequence[SplitPart],
    source_continues: bool = False,
    reference: str = "",
    description: str = "",
) -> TerritorialEvent:
    """Divide a unit on `on`: each part takes some of its children.

    When the source ends, every child must go to a part; when it continues (a part
    splits off, as Douentza did from Mopti), the children not listed stay with it.
    """
    _check_actor(user, unit)
    _check_in_force(unit, on)
    if len(parts) < (1 if source_continues else 2):
        raise DomainError(_("A split needs at least two parts, or one part and the source."))
    children = {c.pk: c for c in _current_children(unit, on)}
    allocated: set[int] = set()
    for part in parts:
        for child in part.children:
            if child.pk not in children:
                raise DomainError(
                    _("%(child)s is not inside %(unit)s.")
                    % {"child": child.name, "unit": unit.name}
                )
            if child.pk in allocated:
                raise DomainError(_("%(child)s is given to two parts.") % {"child": child.name})
            allocated.add(child.pk)
    left = [c.name for pk, c in children.items() if pk not in allocated]
    if not source_continues and left:
        raise DomainError(
            _("Say where these units go, since %(unit)s ends: %(names)s.")
            % {"unit": unit.name, "names": ", ".join(sorted(left))}
        )
    results = [_part_unit(user=user, part=part, source=unit, on=on) for part in parts]
    for part, target in zip(parts, results, strict=True):
        for child in part.children:
            before = snapshot(child)
            unit_parent_change(children[child.pk], target, on)
            audit_record(user=user, obj=child, verb="transfer", before=before, reason=reference)
    if not source_continues:
        before = snapshot(unit)
        unit_end(unit, on)
        audit_record(user=user, obj=unit, verb="end", before=before, reason=reference)
    return territorial_event_record(
        user=user,
        kind=EventKind.SPLIT,
        on=on,
        reference=reference,
        description=description
        or f"{unit.name} → {', '.join(r.name for r in ([unit] if source_continues else []) + results)}",
        sources=[unit],
        results=results,
    )


def _part_unit(
    *, user: Any, part: SplitPart, source: AdministrativeUnit, on: dt.date
) -> AdministrativeUnit:
    if part.existing is not None:
        target = part.existing
        _check_actor(user, target)
        if target.level != source.level or target.pk == source.pk:
            raise DomainError(
                _("%(unit)s cannot receive part of %(source)s.")
                % {"unit": target.name, "source": source.name}
            )
        if target.valid_to is not None and target.valid_to <= on:
            raise DomainError(
                _("%(unit)s no longer existed on %(date)s.")
                % {"unit": target.name, "date": on.isoformat()}
            )
        if target.valid_from is None or target.valid_from > on:
            # The unit comes into existence through this split.
            before = snapshot(target)
            target.valid_from = on
            target.save(update_fields=["valid_from"])
            audit_record(user=user, obj=target, verb="update", before=before)
        return target
    return _create_unit(
        user=user,
        name=part.name,
        level=source.level,
        parent=source.parent,
        on=on,
        pcode=part.pcode,
        code=part.code,
    )


def _create_unit(
    *,
    user: Any,
    name: str,
    level: int,
    parent: AdministrativeUnit | None,
    on: dt.date,
    pcode: str = "",
    code: str = "",
) -> AdministrativeUnit:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the name of each new unit."), field="name")
    unit = AdministrativeUnit(
        name=name, level=level, parent=parent, valid_from=on, pcode=pcode, code=code
    )
    unit.full_clean(exclude=["path", "name_key"])
    unit.save()
    audit_record(user=user, obj=unit, verb="create")
    return unit


@transaction.atomic
def unit_merge(
    *,
    user: Any,
    units: Sequence[AdministrativeUnit],
    on: dt.date,
    into: AdministrativeUnit | None = None,
    name: str = "",
    reference: str = "",
    description: str = "",
) -> TerritorialEvent:
    """Join units on `on`: into one of them or another existing unit (`into`), or into a
    new unit called `name` under their common parent. The others end; their children move."""
    if len(units) < 2 and into is None:
        raise DomainError(_("A merger needs at least two units."))
    _check_actor(user, *units, into)
    levels = {u.level for u in units} | ({into.level} if into else set())
    if len(levels) != 1:
        raise DomainError(_("Only units of the same level can be merged."))
    for unit in units:
        _check_in_force(unit, on)
    if into is None:
        parents = {u.parent_id for u in units}
        if len(parents) != 1:
            raise DomainError(
                _("These units have different parents: merge them into an existing unit.")
            )
        into = _create_unit(
            user=user, name=name, level=units[0].level, parent=units[0].parent, on=on
        )
    else:
        _check_in_force(into, on)
    for unit in units:
        if unit.pk == into.pk:
            continue
        for child in _current_children(unit, on):
            before = snapshot(child)
            unit_parent_change(child, into, on)
            audit_record(user=user, obj=child, verb="transfer", before=before, reason=reference)
        before = snapshot(unit)
        unit_end(unit, on)
        audit_record(user=user, obj=unit, verb="end", before=before, reason=reference)
    return territorial_event_record(
        user=user,
        kind=EventKind.MERGER,
        on=on,
        reference=reference,
        description=description or f"{', '.join(u.name for u in units)} → {into.name}",
        sources=list(units),
        results=[into],
    )


@transaction.atomic
def region_create(
    *,
    user: Any,
    name: str,
    cercles: Sequence[AdministrativeUnit],
    on: dt.date,
    reference: str = "",
) -> TerritorialEvent:
    """A new region from `on`, made of existing cercles (with everything inside them), as
    the 2012 law made Ménaka of the cercle of Ménaka. Before `on`, figures count those
    cercles under the region they were in; the region remembers it was carved out of
    that region when all come from one."""
    root = AdministrativeUnit.objects.filter(level=Level.COUNTRY, parent__isnull=True).first()
    if root is None:
        raise DomainError(_("The country is missing from the territory."))
    _check_actor(user, root, *cercles)
    if not cercles:
        raise DomainError(_("Choose the cercles of the new region."), field="cercles")
    name = (name or "").strip()
    taken = AdministrativeUnit.objects.filter(level=Level.REGION, name_key=name_key(name)).in_force(
        on
    )
    if name and taken.exists():
        raise DomainError(
            _("A region called %(name)s already exists on %(date)s.")
            % {"name": name, "date": on.isoformat()},
            field="name",
        )
    for cercle in cercles:
        if cercle.level != Level.CERCLE:
            raise DomainError(_("%(unit)s is not a cercle.") % {"unit": cercle.name})
        _check_in_force(cercle, on)
    tree = tree_on(on - dt.timedelta(days=1))
    sources = {tree.ancestor_at_level(c.pk, Level.REGION) for c in cercles} - {None}
    region = _create_unit(user=user, name=name, level=Level.REGION, parent=root, on=on)
    if len(sources) == 1:
        region.predecessor_id = next(iter(sources))
        region.save(update_fields=["predecessor"])
    for cercle in cercles:
        cercle.refresh_from_db(fields=["path", "parent"])
        before = snapshot(cercle)
        unit_parent_change(cercle, region, on)
        audit_record(user=user, obj=cercle, verb="transfer", before=before, reason=reference)
    source_units = list(AdministrativeUnit.objects.filter(pk__in=sources))
    return territorial_event_record(
        user=user,
        kind=EventKind.CREATION,
        on=on,
        reference=reference,
        description=f"{name} ← {', '.join(sorted(c.name for c in cercles))}",
        sources=source_units,
        results=[region],
    )


@transaction.atomic
def unit_effective_date(
    *, user: Any, unit: AdministrativeUnit, on: dt.date, reference: str = ""
) -> TerritorialEvent:
    """Correct the day a unit came into force (a region of the 2012 law whose governor
    was appointed on another day than the one shipped): its creation event moves to `on`
    and, for a region carved out of another, what lies inside it counts under that other
    one until then."""
    _check_actor(user, unit)
    if unit.valid_to is not None and unit.valid_to <= on:
        raise DomainError(
            _("%(unit)s no longer existed on %(date)s.")
            % {"unit": unit.name, "date": on.isoformat()}
        )
    earlier = unit.versions.filter(valid_from__isnull=False, valid_from__lt=on).first()
    if earlier is not None:
        raise DomainError(
            _("%(unit)s already changed on %(later)s: record the changes of a unit in date order.")
            % {"unit": unit.name, "later": earlier.valid_from.isoformat()}
        )
    before = snapshot(unit)
    unit.valid_from = on
    unit.save(update_fields=["valid_from"])
    audit_record(user=user, obj=unit, verb="update", before=before, reason=reference)
    created = TerritorialEvent.objects.filter(kind=EventKind.CREATION, results=unit)
    for event in created:
        before = snapshot(event)
        event.date, event.reference = on, reference or event.reference
        event.full_clean()
        event.save(update_fields=["date", "reference"])
        audit_record(user=user, obj=event, verb="update", before=before, reason=reference)
    event = created.first()
    if event is None:
        sources = [unit.predecessor] if unit.predecessor_id else []
        event = territorial_event_record(
            user=user,
            kind=EventKind.CREATION,
            on=on,
            reference=reference,
            description=unit.name,
            sources=sources,
            results=[unit],
        )
    return event


@transaction.atomic
def import_job_create(
    *,
    user: Any,
    files: Sequence[Any],
    dry_run: bool = False,
    repair: bool = False,
    language: str = "fr",
) -> ImportJob:
    """Store uploaded boundary files and queue their check and plan (run by the task
    worker). Nothing is written to the territory before `import_job_confirm`."""
    from siccs.territory.tasks import import_job_run

    root = AdministrativeUnit.objects.filter(level=Level.COUNTRY, parent__isnull=True).first()
    if root is None:
        raise DomainError(_("The country is missing from the territory."))
    _check_actor(user, root)
    if not files:
        raise DomainError(_("Choose at least one file."), field="files")
    folder = f"territory/imports/{uuid.uuid4().hex}"
    stored, names = [], []
    for upload in files:
        original = PurePath(upload.name).name
        stored.append(default_storage.save(f"{folder}/{get_valid_filename(original)}", upload))
        names.append(original)
    job = ImportJob(
        unit=root,
        files=stored,
        original_names=names,
        dry_run=dry_run,
        repair=repair,
        language=language,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    job.full_clean()
    job.save()
    audit_record(user=user, obj=job, verb="create")
    transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    return job


@transaction.atomic
def import_job_confirm(
    *,
    user: Any,
    job: ImportJob,
    on: dt.date,
    reference: str,
    baseline: bool,
    decisions: dict[str, str],
    language: str = "fr",
) -> ImportJob:
    """A national administrator confirms a job's plan with its effective date and legal
    reference (a first load needs none) and decides its doubts; the task writes it, if
    the territory has not changed since the plan was read."""
    from siccs.territory.models import ImportStatus
    from siccs.territory.tasks import import_job_run

    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    _check_actor(user, job.unit)
    if job.status != ImportStatus.PLANNED or job.dry_run:
        raise DomainError(_("This import has no plan waiting for confirmation."))
    reference = (reference or "").strip()
    if not baseline and not reference:
        raise DomainError(
            _("Give the legal reference (law, decree, order) of the reform."), field="reference"
        )
    open_doubts = [d["key"] for d in job.report.get("doubts", []) if not decisions.get(d["key"])]
    if open_doubts:
        raise DomainError(_("Decide each doubtful match before confirming."))
    before = snapshot(job)
    job.effective_on, job.reference, job.baseline = on, reference, baseline
    job.decisions = decisions
    job.confirmed_by = user if getattr(user, "is_authenticated", False) else None
    job.language = language
    job.status = ImportStatus.QUEUED
    job.full_clean()
    job.save(
        update_fields=[
            "effective_on",
            "reference",
            "baseline",
            "decisions",
            "confirmed_by",
            "language",
            "status",
        ]
    )
    audit_record(user=user, obj=job, verb="confirm", before=before, reason=reference)
    transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    return job
