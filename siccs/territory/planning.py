"""The plan of a boundary import: what an edition of the COD-AB changes in the tree, said
before anything is written, then written as dated reform events in one transaction.

The tree is compared *as it stood on the effective date* (`selectors.tree_on`): units in
force then, each under the parent it had then, regions not yet created counting in the
region they were carved out of. So importing the 2015 edition over today's tree finds
Douentza's cercle under Mopti, as the file says, and changes nothing there; and
re-importing an edition after its confirmation finds every unit as the file describes
it: a no-op.

Matching, level by level from the country down (each record is one unit of the file):
1. the same P-code of the same edition is the same unit (certain);
2. otherwise candidates are scored on evidence: same P-code from another edition, same
   name (`names.match_key`, so "Bandiagara Commune" is "Bandiagara"), a near spelling,
   the same parent (as matched one level up) or the same region, the same children (by
   name) and the same shape (overlap of the boundaries). Each piece of evidence weighs
   some probability of identity and they combine as independent clues; a pair is taken
   at `ACCEPT` if no other candidate comes close, and otherwise kept as a doubt;
3. then, from the bottom up, unmatched units are explained by where their children (or
   their shape) went: into several units of the file, a **split**; several of them into
   one, a **merger**; all into one new unit, the same unit renamed and recoded.
What remains is **created** (in the file only) or **retired** (a unit carrying a P-code
of an earlier edition that this edition no longer lists). A unit that never had a P-code
(made by hand, shipped) and that the file does not list is **kept** as it is. Doubts are
listed for a person to decide (`decisions`, keyed by the item's key).

Each matched unit is then **unchanged**, or **renamed**, **moved** to another parent
and/or **recoded** (same place, new P-code). Moves that a split or a merger implies (the
communes of a split cercle) are part of that event, not listed apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from shapely import STRtree

from siccs.territory import geometry as geo
from siccs.territory.models import AdministrativeUnit, Level, UnitVersion
from siccs.territory.names import SIMILAR, match_key, name_key, similarity
from siccs.territory.selectors import TreeOn, tree_on

# COD admin level -> our level (COD files have no arrondissements).
LEVELS = {0: Level.COUNTRY, 1: Level.REGION, 2: Level.CERCLE, 3: Level.COMMUNE, 4: Level.VILLAGE}

ACCEPT = 0.7  # a match is taken from this confidence, when no other candidate comes close
DOUBT = 0.45  # below, a candidate is not even worth asking a person about
MARGIN = 0.1  # a second candidate this close to the best one makes the match a doubt
WEIGHTS = {
    "code": 0.5,  # P-codes are renumbered between editions: a clue, not a proof
    "name": 0.6,
    "similar": 0.45,
    "parent": 0.5,
    "region": 0.3,
}
PART = 0.1  # a unit covering at least this share of another takes part in its split/merger
KINDS = ("unchanged", "renamed", "moved", "recoded", "created", "retired", "split", "merged")


@dataclass
class Record:
    """One unit as an edition describes it (built by `importers`)."""

    level: int  # COD level, 0 = country
    pcode: str
    name: str
    parent_pcode: str
    edition: str
    where: str
    explicit: bool
    geometry: dict | None = None


@dataclass
class Problem:
    where: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "message": self.message}


@dataclass
class Candidate:
    unit: AdministrativeUnit
    confidence: float
    evidence: list[str]


@dataclass
class Step:
    """What the plan decided for one record."""

    record: Record
    unit: AdministrativeUnit | None = None
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)
    doubts: list[Candidate] = field(default_factory=list)
    part_of: str = ""  # "split" or "merged": a unit such an event creates
    decided: str = ""


@dataclass
class Group:
    """A split (one unit into several of the file) or a merger (several into one)."""

    kind: str
    units: list[AdministrativeUnit]
    records: list[Record]
    evidence: list[str]
    confidence: float
    source_continues: bool = False


@dataclass
class Item:
    """One line of the plan, as shown to the person and kept in the job's report."""

    key: str
    kinds: list[str]
    level: int
    name: str
    pcode: str = ""
    unit_id: int | None = None
    old_name: str = ""
    old_pcode: str = ""
    old_parent: str = ""
    new_parent: str = ""
    parts: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    confidence: float = 1.0
    committees: int = 0
    options: list[list[str]] = field(default_factory=list)
    reshaped: bool = False

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if v not in ("", [], None)}
        if self.kinds == ["created"]:
            data.pop("confidence", None)  # nothing was matched: no confidence to give
        else:
            data["confidence"] = round(self.confidence, 2)
        data["level_label"] = str(Level(self.level).label)
        return data


@dataclass
class Plan:
    on: dt.date | None = None
    baseline: bool = False
    editions: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    steps: dict[str, Step] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    retired: list[AdministrativeUnit] = field(default_factory=list)
    kept: list[AdministrativeUnit] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    # The tree as it stood on the date (each unit's parent then), and every unit read.
    tree: TreeOn | None = None
    units: dict[int, AdministrativeUnit] = field(default_factory=dict)
    later_changes: set[int] = field(default_factory=set)

    @property
    def ambiguous(self) -> list[Item]:
        return [i for i in self.items if i.options]

    def counts(self) -> dict[str, int]:
        counts = Counter(dict.fromkeys((*KINDS, "ambiguous", "geometry_updated"), 0))
        for item in self.items:
            if item.options:
                counts["ambiguous"] += 1
                continue
            for kind in item.kinds:
                counts[kind] += 1
            counts["geometry_updated"] += item.reshaped
        counts["kept"] = len(self.kept)
        return dict(counts)

    def by_level(self) -> dict[str, int]:
        counts = Counter(str(LEVELS[s.record.level]) for s in self.steps.values())
        return dict(sorted(counts.items()))

    @property
    def changes(self) -> bool:
        """Whether confirming would write anything."""
        return any(i.kinds != ["unchanged"] or i.reshaped or i.options for i in self.items) or any(
            s.unit is not None
            and (s.unit.pcode, s.unit.pcode_edition) != (s.record.pcode, s.record.edition)
            and not self._older(s)
            for s in self.steps.values()
        )

    def _older(self, step: Step) -> bool:
        unit = step.unit
        return bool(unit and unit.pcode_edition and step.record.edition < unit.pcode_edition)

    def digest(self) -> str:
        """A fingerprint of what the plan does, to tell whether the tree changed between
        the plan a person read and the one about to be written."""
        rows = sorted(
            json.dumps(
                [i.key, i.kinds, i.unit_id, i.new_parent, i.parts, bool(i.options)], default=str
            )
            for i in self.items
        )
        rows.append(str(self.on))
        return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


def _combine(weights: Iterable[float]) -> float:
    """Independent clues: the chance that all of them are wrong is the product."""
    doubt = 1.0
    for weight in weights:
        doubt *= 1 - weight
    return 1 - doubt


class _Matcher:
    """Builds a `Plan` from the records of an edition and the tree on a date."""

    def __init__(self, records: dict[str, Record], on: dt.date, decisions: dict[str, str]):
        self.records = records
        self.on = on
        self.decisions = decisions
        self.plan = Plan(on=on)
        units = list(AdministrativeUnit.objects.defer("boundary").order_by("level", "pk"))
        self.plan.units = self.units = {u.pk: u for u in units}
        self.plan.tree = self.tree = tree_on(on)
        self.alive = {pk: u for pk, u in self.units.items() if u.existed_on(on)}
        self.children: dict[int | None, list[AdministrativeUnit]] = defaultdict(list)
        for unit in self.alive.values():
            self.children[self.tree.parent(unit.pk)].append(unit)
        self.keys = {
            pk: {match_key(s) for s in [u.name, *u.aliases.split(";")] if s.strip()}
            for pk, u in self.alive.items()
        }
        self.record_children: dict[str, list[Record]] = defaultdict(list)
        for rec in records.values():
            if rec.parent_pcode:
                self.record_children[rec.parent_pcode].append(rec)
        self.matched: dict[int, str] = {}  # unit pk -> record pcode
        self._boundaries: dict[int, Any] = {}
        self.plan.later_changes = set(
            UnitVersion.objects.filter(valid_from__gt=on).values_list("unit_id", flat=True)
        ) | set(
            AdministrativeUnit.objects.filter(
                Q(valid_to__gt=on) | Q(valid_from__gt=on)
            ).values_list("pk", flat=True)
        )

    # --- helpers ---------------------------------------------------------------------

    def shape_of_unit(self, pk: int) -> Any:
        if pk not in self._boundaries:
            self._boundaries[pk] = None
        return self._boundaries[pk]

    def load_boundaries(self, pks: Iterable[int]) -> None:
        missing = [pk for pk in pks if pk not in self._boundaries]
        for pk, boundary in AdministrativeUnit.objects.filter(pk__in=missing).values_list(
            "pk", "boundary"
        ):
            self._boundaries[pk] = geo.to_shape(boundary)

    def parent_unit(self, rec: Record) -> AdministrativeUnit | None:
        """The unit the record's parent matched (None if its parent is to be created)."""
        if not rec.parent_pcode:
            if rec.level == 0:
                return None
            return next(
                (
                    u
                    for u in self.alive.values()
                    if u.level == Level.COUNTRY and u.parent_id is None
                ),
                None,
            )
        parent = self.plan.steps.get(rec.parent_pcode)
        return parent.unit if parent else None

    def region_of_record(self, rec: Record) -> int | None:
        """The region (as matched) the record lies in, for the 'same region' clue."""
        code, guard = rec.pcode, 0
        while code and guard < 8:
            step = self.plan.steps.get(code)
            if step is None:
                return None
            if LEVELS[step.record.level] == Level.REGION:
                return step.unit.pk if step.unit else None
            code, guard = step.record.parent_pcode, guard + 1
        return None

    def match(self, step: Step, unit: AdministrativeUnit, confidence: float, evidence: list[str]):
        step.unit, step.confidence, step.evidence = unit, confidence, evidence
        self.matched[unit.pk] = step.record.pcode

    # --- 1 and 2: matching top-down --------------------------------------------------

    def run(self) -> Plan:
        by_level: dict[int, list[Record]] = defaultdict(list)
        for rec in self.records.values():
            by_level[rec.level].append(rec)
        for level in sorted(by_level):
            self.match_level(level, by_level[level])
        for level in sorted(by_level, reverse=True):
            self.explain_level(level)
        return self.plan

    def match_level(self, level: int, records: list[Record]) -> None:
        ours = LEVELS[level]
        exact = {
            (u.pcode, u.pcode_edition): u
            for u in self.alive.values()
            if u.level == ours and u.pcode and u.pcode_edition
        }
        pending: list[Step] = []
        for rec in sorted(records, key=lambda r: r.pcode):
            step = Step(record=rec)
            self.plan.steps[rec.pcode] = step
            decided = self.decisions.get(f"r:{rec.pcode}")
            if decided:
                step.decided = decided
                unit = self.alive.get(int(decided)) if decided.isdigit() else None
                if unit is not None and unit.level == ours and unit.pk not in self.matched:
                    self.match(step, unit, 1.0, [_("decided by a person")])
                continue
            unit = exact.get((rec.pcode, rec.edition))
            if unit is not None and unit.pk not in self.matched:
                self.match(step, unit, 1.0, [_("same P-code and edition")])
                continue
            pending.append(step)
        # The common case (a first load, a re-import of a renumbered edition): one unit of
        # the same name under the same parent.
        rest = []
        for step in pending:
            parent = self.parent_unit(step.record)
            key = match_key(step.record.name)
            same = (
                [
                    u
                    for u in self.children.get(parent.pk if parent else None, [])
                    if u.level == ours and u.pk not in self.matched and key in self.keys[u.pk]
                ]
                if parent is not None or level == 0
                else []
            )
            if len(same) == 1 and not self._other_record_named(step.record, key, parent):
                evidence = [_("same name"), _("same parent")]
                weights = [WEIGHTS["name"], WEIGHTS["parent"]]
                if same[0].pcode == step.record.pcode:
                    evidence.append(_("same P-code"))
                    weights.append(WEIGHTS["code"])
                self.match(step, same[0], _combine(weights), evidence)
            else:
                rest.append(step)
        if rest:
            self.score(level, rest)

    def _other_record_named(self, rec: Record, key: str, parent: Any) -> bool:
        siblings = self.record_children.get(rec.parent_pcode, []) if rec.parent_pcode else []
        return sum(1 for r in siblings if r.level == rec.level and match_key(r.name) == key) > 1

    def score(self, level: int, steps: list[Step]) -> None:
        ours = LEVELS[level]
        free = [u for u in self.alive.values() if u.level == ours and u.pk not in self.matched]
        if not free:
            return
        by_code: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        by_key: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in free:
            if unit.pcode:
                by_code[unit.pcode].append(unit)
            for key in self.keys[unit.pk]:
                by_key[key].append(unit)
        # Children by name, to recognise a unit renamed and recoded by its contents.
        child_keys = {u.pk: {match_key(c.name) for c in self.children.get(u.pk, [])} for u in free}
        parents_by_child_key: dict[str, set[int]] = defaultdict(set)
        for pk, keys in child_keys.items():
            for key in keys:
                parents_by_child_key[key].add(pk)
        # Shapes, when the file has them.
        with_geometry = [s for s in steps if s.record.geometry]
        tree = shapes = None
        if with_geometry:
            self.load_boundaries(u.pk for u in free)
            shaped = [u for u in free if self._boundaries.get(u.pk) is not None]
            if shaped:
                shapes = shaped
                tree = STRtree([self._boundaries[u.pk] for u in shaped])
        pairs: list[tuple[float, int, Step, Candidate]] = []
        for index, step in enumerate(steps):
            rec = step.record
            key = match_key(rec.name)
            parent = self.parent_unit(rec)
            region = self.region_of_record(rec) if ours > Level.REGION else None
            candidates: set[int] = {u.pk for u in by_code.get(rec.pcode, [])}
            candidates |= {u.pk for u in by_key.get(key, [])}
            if parent is not None:
                candidates |= {
                    u.pk
                    for u in self.children.get(parent.pk, [])
                    if u.pk not in self.matched and u.level == ours
                }
            rec_kids = {match_key(r.name) for r in self.record_children.get(rec.pcode, [])}
            for kid in rec_kids:
                candidates |= parents_by_child_key.get(kid, set())
            record_shape = geo.to_shape(rec.geometry) if rec.geometry else None
            if record_shape is not None and tree is not None:
                candidates |= {shapes[i].pk for i in tree.query(record_shape)}
            for pk in candidates:
                unit = self.alive[pk]
                weights, evidence = [], []
                strong = weak = False  # evidence of identity, as opposed to of place
                if unit.pcode and unit.pcode == rec.pcode:
                    strong = True
                    weights.append(WEIGHTS["code"])
                    evidence.append(_("same P-code %(code)s") % {"code": rec.pcode})
                if key in self.keys[pk]:
                    strong = True
                    weights.append(WEIGHTS["name"])
                    evidence.append(_("same name"))
                else:
                    best = max((similarity(key, k) for k in self.keys[pk]), default=0.0)
                    if best >= SIMILAR:
                        strong = True
                        weights.append(WEIGHTS["similar"])
                        evidence.append(
                            _("near spelling (%(old)s / %(new)s)")
                            % {"old": unit.name, "new": rec.name}
                        )
                eff_parent = self.tree.parent(pk)
                if parent is not None and eff_parent == parent.pk:
                    weights.append(WEIGHTS["parent"])
                    evidence.append(_("same parent"))
                elif region is not None and self.tree.ancestor_at_level(pk, Level.REGION) == region:
                    weights.append(WEIGHTS["region"])
                    evidence.append(_("same region"))
                kids = child_keys.get(pk, set())
                if rec_kids and kids:
                    share = len(rec_kids & kids) / len(rec_kids | kids)
                    if share >= 0.3:
                        weak = True
                        weights.append(0.9 * share)
                        evidence.append(
                            _("%(share)s %% of the children by name")
                            % {"share": round(share * 100)}
                        )
                if record_shape is not None and self._boundaries.get(pk) is not None:
                    shared = geo.overlap(record_shape, self._boundaries[pk])
                    if shared.iou >= 0.3:
                        strong = strong or shared.iou >= 0.8
                        weak = True
                        weights.append(0.9 * shared.iou)
                        evidence.append(
                            _("shapes overlap at %(share)s %%") % {"share": round(shared.iou * 100)}
                        )
                if not (strong or weak):
                    continue  # the same parent alone says nothing of identity
                confidence = _combine(weights)
                if not strong:
                    # Shared children or a partial overlap, without name, code or shape:
                    # a split, a merger or a renaming, which step 3 tells apart.
                    confidence = min(confidence, ACCEPT - 0.01)
                if confidence >= DOUBT:
                    pairs.append((confidence, index, step, Candidate(unit, confidence, evidence)))
        pairs.sort(key=lambda p: (-p[0], p[1], p[3].unit.pk))
        best_for_step: dict[int, list[float]] = defaultdict(list)
        best_for_unit: dict[int, list[float]] = defaultdict(list)
        for confidence, index, _step, candidate in pairs:
            best_for_step[index].append(confidence)
            best_for_unit[candidate.unit.pk].append(confidence)
        for confidence, index, step, candidate in pairs:
            unit = candidate.unit
            if step.unit is not None or unit.pk in self.matched:
                continue
            rivals = [c for c in best_for_step[index] if c != confidence] + [
                c for c in best_for_unit[unit.pk] if c != confidence
            ]
            tied = (
                best_for_step[index].count(confidence) > 1
                or best_for_unit[unit.pk].count(confidence) > 1
            )
            contested = tied or any(c >= confidence - MARGIN for c in rivals)
            if confidence >= ACCEPT and not contested:
                self.match(step, unit, confidence, candidate.evidence)
            else:
                step.doubts.append(candidate)

    # --- 3: splits, mergers and identities, bottom-up ---------------------------------

    def explain_level(self, level: int) -> None:
        ours = LEVELS[level]
        free_units = [
            u for u in self.alive.values() if u.level == ours and u.pk not in self.matched
        ]
        free_records = [
            s
            for s in self.plan.steps.values()
            if s.record.level == level and s.unit is None and not s.decided
        ]
        if not free_units and not free_records:
            return
        # Where each free unit's children went (record pcodes of their new parents), and
        # where each free record's children came from (units, their parents then).
        went: dict[int, set[str]] = defaultdict(set)
        came: dict[str, set[int]] = defaultdict(set)
        for unit in free_units:
            for child in self.children.get(unit.pk, []):
                code = self.matched.get(child.pk)
                if code:
                    went[unit.pk].add(self.records[code].parent_pcode)
        for step in self.plan.steps.values():
            if step.unit is None or LEVELS[step.record.level] <= ours:
                continue
            parent_then = self.tree.parent(step.unit.pk)
            if (
                parent_then is not None
                and self.alive.get(parent_then)
                and self.alive[parent_then].level == ours
            ):
                came[step.record.parent_pcode].add(parent_then)
        # Shapes: who covers whom, among the free ones.
        geo_note: dict[tuple[int, str], float] = {}
        shaped_records = [
            s for s in self.plan.steps.values() if s.record.level == level and s.record.geometry
        ]
        if free_units and shaped_records:
            self.load_boundaries(u.pk for u in free_units)
            for unit in free_units:
                unit_shape = self._boundaries.get(unit.pk)
                if unit_shape is None:
                    continue
                for step in shaped_records:
                    shared = geo.overlap(unit_shape, geo.to_shape(step.record.geometry))
                    if shared.of_a >= PART or shared.of_b >= PART:
                        went[unit.pk].add(step.record.pcode)
                        geo_note[(unit.pk, step.record.pcode)] = shared.of_a
                        if step.unit is None:
                            came[step.record.pcode].add(unit.pk)
        free_codes = {s.record.pcode for s in free_records}
        # Identity: all of a free unit goes into one free record, which takes only it.
        for unit in free_units:
            targets = went.get(unit.pk, set())
            if len(targets) != 1:
                continue
            (code,) = targets
            if code in free_codes and came.get(code, set()) <= {unit.pk}:
                step = self.plan.steps[code]
                evidence = self._group_evidence([unit], [step.record], geo_note)
                self.match(step, unit, 0.8, evidence)
                step.doubts = []
                free_codes.discard(code)
        free_units = [u for u in free_units if u.pk not in self.matched]
        # Splits: a free unit whose children (or shape) went into several units of the file.
        grouped_units: set[int] = set()
        for unit in free_units:
            targets = sorted(went.get(unit.pk, set()))
            if len(targets) >= 2:
                records = [self.records[c] for c in targets]
                self.plan.groups.append(
                    Group(
                        "split",
                        [unit],
                        records,
                        self._group_evidence([unit], records, geo_note),
                        0.8,
                    )
                )
                grouped_units.add(unit.pk)
                for code in targets:
                    if code in free_codes:
                        self.plan.steps[code].part_of = "split"
                        self.plan.steps[code].doubts = []
        # Mergers: free units whose children all went into one unit of the file.
        into: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in free_units:
            targets = went.get(unit.pk, set())
            if unit.pk not in grouped_units and len(targets) == 1:
                into[next(iter(targets))].append(unit)
        for code, units in sorted(into.items()):
            step = self.plan.steps[code]
            if step.unit is None and len(units) < 2:
                continue
            records = [self.records[code]]
            self.plan.groups.append(
                Group("merged", units, records, self._group_evidence(units, records, geo_note), 0.8)
            )
            grouped_units.update(u.pk for u in units)
            if step.unit is None:
                step.part_of = "merged"
                step.doubts = []
        # One unit gone and one new under the same parent, with nothing else to tell them
        # apart (a file without shapes): perhaps the same place renamed and recoded. A
        # person says.
        left_units: dict[int | None, list[AdministrativeUnit]] = defaultdict(list)
        for unit in free_units:
            if unit.pk not in grouped_units and unit.pcode:
                left_units[self.tree.parent(unit.pk)].append(unit)
        left_steps = [
            s
            for s in self.plan.steps.values()
            if s.record.level == level
            and s.unit is None
            and not s.part_of
            and not s.doubts
            and not s.decided
        ]
        by_parent: dict[int, list[Step]] = defaultdict(list)
        for step in left_steps:
            parent = self.parent_unit(step.record)
            if parent is not None:
                by_parent[parent.pk].append(step)
        for parent_pk, steps in by_parent.items():
            units = left_units.get(parent_pk, [])
            if len(steps) == 1 and len(units) == 1:
                steps[0].doubts = [
                    Candidate(
                        units[0],
                        DOUBT,
                        [
                            _("%(old)s disappears from the same parent where %(new)s appears")
                            % {"old": units[0].name, "new": steps[0].record.name}
                        ],
                    )
                ]
                grouped_units.add(units[0].pk)
        # What is left: retired (it carried a code of an edition), or kept (never coded).
        if any(r.level == level for r in self.records.values()):
            for unit in free_units:
                if unit.pk in grouped_units:
                    continue
                if unit.pcode and unit.pcode_edition:
                    self.plan.retired.append(unit)
                else:
                    self.plan.kept.append(unit)

    def _group_evidence(
        self, units: list[AdministrativeUnit], records: list[Record], geo_note: dict
    ) -> list[str]:
        codes = {r.pcode for r in records}
        evidence = []
        for unit in units:
            kids = self.children.get(unit.pk, [])
            moved = Counter(
                self.records[self.matched[c.pk]].parent_pcode for c in kids if c.pk in self.matched
            )
            for code, n in sorted(moved.items()):
                if code in codes:
                    evidence.append(
                        _("%(n)s of the %(total)s units inside %(unit)s go to %(to)s")
                        % {
                            "n": n,
                            "total": len(kids),
                            "unit": unit.name,
                            "to": self.records[code].name,
                        }
                    )
            for code in sorted(codes):
                share = geo_note.get((unit.pk, code))
                if share:
                    evidence.append(
                        _("%(share)s %% of the shape of %(unit)s lies in %(to)s")
                        % {
                            "share": round(share * 100),
                            "unit": unit.name,
                            "to": self.records[code].name,
                        }
                    )
        return evidence


def make_plan(
    records: dict[str, Record],
    *,
    on: dt.date,
    decisions: dict[str, str] | None = None,
    baseline: bool | None = None,
) -> Plan:
    """Match the records of an edition with the tree in force on `on` (see the module
    docstring) and list what confirming would do, without writing anything."""
    plan = _Matcher(records, on, decisions or {}).run()
    if baseline is None:
        # Never imported before: the file completes the structure rather than reforms it.
        baseline = not AdministrativeUnit.objects.exclude(pcode_edition="").exists()
    plan.baseline = baseline
    plan.editions = sorted({r.edition for r in records.values()})
    _describe(plan, decisions or {})
    _check_order(plan)
    return plan


def _target_parent(plan: Plan, rec: Record) -> tuple[int | None, str]:
    """The parent the record goes under: a unit's pk, or ("", name) of one to create."""
    if not rec.parent_pcode:
        if rec.level == 0:
            return None, ""
        root = next(
            (u for u in plan.units.values() if u.level == Level.COUNTRY and u.parent_id is None),
            None,
        )
        return (root.pk if root else None), (root.name if root else "")
    parent = plan.steps[rec.parent_pcode]
    if parent.unit is not None:
        return parent.unit.pk, parent.unit.name
    return None, parent.record.name


def _committees_inside(units: Iterable[AdministrativeUnit]) -> dict[int, int]:
    """How many committees lie inside each unit (one query for all)."""
    from django.apps import apps

    units = list(units)
    if not units:
        return {}
    Committee = apps.get_model("committees", "Committee")
    paths = list(Committee.objects.order_by().values_list("unit__path", flat=True))
    return {u.pk: sum(1 for p in paths if p and p.startswith(u.path)) for u in units}


def _describe(plan: Plan, decisions: dict[str, str]) -> None:
    tree, units = plan.tree, plan.units
    group_sources = {u.pk for g in plan.groups for u in g.units}
    boundaries: dict[int, Any] = {}
    reshaping = [s for s in plan.steps.values() if s.unit is not None and s.record.geometry]
    if reshaping:
        boundaries = dict(
            AdministrativeUnit.objects.filter(pk__in=[s.unit.pk for s in reshaping]).values_list(
                "pk", "boundary"
            )
        )
    watched = [u for u in plan.retired] + [u for g in plan.groups for u in g.units]
    moved_steps = []
    for step in plan.steps.values():
        rec, unit = step.record, step.unit
        key = f"r:{rec.pcode}"
        parent_pk, parent_name = _target_parent(plan, rec)
        if unit is None:
            if step.part_of:
                continue
            item = Item(
                key, ["created"], LEVELS[rec.level], rec.name, rec.pcode, new_parent=parent_name
            )
            if step.doubts:
                item.kinds = []
                item.options = [
                    [
                        str(c.unit.pk),
                        _("same unit as %(name)s (%(parent)s), confidence %(c)s %%")
                        % {
                            "name": c.unit.name,
                            "parent": getattr(units.get(tree.parent(c.unit.pk)), "name", "–"),
                            "c": round(c.confidence * 100),
                        },
                    ]
                    for c in step.doubts
                ] + [["new", _("a new unit")]]
                item.evidence = [e for c in step.doubts[:1] for e in c.evidence]
                item.confidence = step.doubts[0].confidence
            elif step.decided == "new":
                item.evidence = [_("decided by a person")]
            plan.items.append(item)
            continue
        kinds = []
        older = bool(unit.pcode_edition and rec.edition < unit.pcode_edition)
        if not older:
            key_new = match_key(rec.name)
            keys = {match_key(s) for s in [unit.name, *unit.aliases.split(";")] if s.strip()}
            if (
                key_new not in keys
                and max((similarity(key_new, k) for k in keys), default=0) < SIMILAR
            ):
                kinds.append("renamed")
            then = tree.parent(unit.pk)
            if parent_pk != then:
                implied = then in group_sources
                if not implied:
                    kinds.append("moved")
                    moved_steps.append(step)
            if unit.pcode and unit.pcode != rec.pcode:
                kinds.append("recoded")
        item = Item(
            key,
            kinds or ["unchanged"],
            LEVELS[rec.level],
            rec.name,
            rec.pcode,
            unit_id=unit.pk,
            old_name=unit.name if "renamed" in kinds else "",
            old_pcode=unit.pcode if unit.pcode != rec.pcode else "",
            old_parent=getattr(units.get(tree.parent(unit.pk)), "name", "")
            if "moved" in kinds
            else "",
            new_parent=parent_name if "moved" in kinds else "",
            evidence=step.evidence,
            confidence=step.confidence,
        )
        if not older and rec.geometry is not None:
            # Parsing keeps geometries as `geometry.check` writes them: compare as they are.
            item.reshaped = rec.geometry != boundaries.get(unit.pk)
        plan.items.append(item)
    for group in plan.groups:
        steps = [plan.steps[r.pcode] for r in group.records]
        if group.kind == "split":
            (unit,) = group.units
            plan.items.append(
                Item(
                    f"u:{unit.pk}",
                    ["split"],
                    unit.level,
                    unit.name,
                    unit.pcode,
                    unit_id=unit.pk,
                    parts=[s.record.name for s in steps],
                    evidence=group.evidence,
                    confidence=group.confidence,
                )
            )
        else:
            (step,) = steps
            plan.items.append(
                Item(
                    f"m:{step.record.pcode}",
                    ["merged"],
                    LEVELS[step.record.level],
                    step.record.name,
                    step.record.pcode,
                    unit_id=step.unit.pk if step.unit else None,
                    parts=[u.name for u in group.units],
                    evidence=group.evidence,
                    confidence=group.confidence,
                )
            )
    committees = _committees_inside(watched + [s.unit for s in moved_steps])
    for unit in plan.retired:
        item = Item(
            f"u:{unit.pk}",
            ["retired"],
            unit.level,
            unit.name,
            unit.pcode,
            unit_id=unit.pk,
            evidence=[
                _("P-code %(code)s (edition %(edition)s) is not in this edition")
                % {"code": unit.pcode, "edition": unit.pcode_edition}
            ],
            committees=committees.get(unit.pk, 0),
        )
        if item.committees and decisions.get(item.key) not in ("retire", "keep"):
            # Ending a unit that holds committees needs a person's word.
            item.kinds = []
            item.options = [["retire", _("retire it")], ["keep", _("keep it")]]
        elif decisions.get(item.key) == "keep":
            item.kinds = ["unchanged"]
        plan.items.append(item)
    by_unit = {i.unit_id: i for i in plan.items if i.unit_id}
    for unit_id, n in committees.items():
        if unit_id in by_unit and n:
            by_unit[unit_id].committees = n
    plan.items.sort(key=lambda i: (i.level, i.name, i.key))


def _check_order(plan: Plan) -> None:
    """A unit that already changed after the effective date cannot be changed on it:
    editions and reforms are recorded in date order."""
    for item in plan.items:
        if item.unit_id in plan.later_changes and set(item.kinds) - {"unchanged", "recoded"}:
            plan.problems.append(
                Problem(
                    item.name,
                    _(
                        "%(unit)s already changed after %(date)s: record editions and reforms"
                        " in date order, or choose a later effective date."
                    )
                    % {"unit": item.name, "date": plan.on.isoformat() if plan.on else ""},
                )
            )


# --- Writing a confirmed plan -----------------------------------------------------------


def _fresh(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The unit's path and parent as they are now: earlier moves of this transaction may
    have rewritten them (a subtree moves in one UPDATE)."""
    unit.path, unit.parent_id = AdministrativeUnit.objects.values_list("path", "parent_id").get(
        pk=unit.pk
    )
    return unit


def apply_plan(plan: Plan, *, user: Any, reference: str) -> None:
    """Write a plan without problems nor open doubts: created units, renamings, moves,
    splits, mergers and retirements as dated versions and reform events (each audited)
    on `plan.on`, new P-codes and boundaries. The caller holds the transaction."""
    from siccs.territory import services
    from siccs.territory.importers import centre_of
    from siccs.territory.models import EventKind

    on = plan.on
    assert on is not None and not plan.problems and not plan.ambiguous
    items = {i.key: i for i in plan.items}
    created: dict[str, AdministrativeUnit] = {}

    def event(kind: str, description: str, sources: list, results: list) -> None:
        services.territorial_event_record(
            user=user,
            kind=kind,
            on=on,
            reference=reference,
            description=description,
            sources=sources,
            results=results,
        )

    def target(rec: Record) -> AdministrativeUnit | None:
        if not rec.parent_pcode:
            pk, _name = _target_parent(plan, rec)
            return plan.units.get(pk) if pk else None
        parent = plan.steps[rec.parent_pcode]
        return parent.unit

    # 1. New units, level by level (their parents exist before them).
    new_steps = [s for s in plan.steps.values() if s.unit is None]
    for level in sorted({s.record.level for s in new_steps}):
        batch = [s for s in new_steps if s.record.level == level]
        objects = []
        for step in batch:
            rec = step.record
            geometry = rec.geometry  # as `geometry.check` wrote it when parsing
            centre = centre_of(geometry) or (None, None)
            objects.append(
                AdministrativeUnit(
                    name=rec.name,
                    name_key=name_key(rec.name),
                    level=LEVELS[level],
                    parent=target(rec),
                    pcode=rec.pcode,
                    pcode_edition=rec.edition,
                    boundary=geometry,
                    centre_lat=centre[0],
                    centre_lon=centre[1],
                    valid_from=None if plan.baseline and not step.part_of else on,
                )
            )
        for step, unit in zip(
            batch, AdministrativeUnit.objects.bulk_create(objects, batch_size=200), strict=True
        ):
            unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
            step.unit = created[step.record.pcode] = unit
        AdministrativeUnit.objects.bulk_update([s.unit for s in batch], ["path"], batch_size=500)
    if not plan.baseline:
        for step in new_steps:
            if step.part_of or step.record.parent_pcode in created:
                continue  # created by a split or a merger, or inside a new unit
            parent = target(step.record)
            event(
                EventKind.CREATION,
                f"{step.record.name} ({parent.name if parent else '–'})",
                [],
                [step.unit],
            )

    # 2. Renamings and moves of matched units, from the top down.
    group_sources = {u.pk for g in plan.groups for u in g.units}
    matched = sorted(
        (s for s in plan.steps.values() if s.record.pcode not in created),
        key=lambda s: (s.record.level, s.record.pcode),
    )
    for step in matched:
        rec, unit = step.record, step.unit
        item = items[f"r:{rec.pcode}"]
        if "renamed" in item.kinds:
            _fresh(unit)
            before_name = unit.name
            services.unit_version_record(
                unit, on=on, name=rec.name, parent=plan.units.get(unit.parent_id)
            )
            unit.name = rec.name
            unit.save(update_fields=["name", "name_key"])
            event(EventKind.RENAMING, f"{before_name} → {rec.name}", [unit], [unit])
        parent = target(rec)
        then = plan.tree.parent(unit.pk)
        if (
            parent is None
            or parent.pk == then
            or (item.kinds == ["unchanged"] and then not in group_sources)
        ):
            continue
        _fresh(unit)
        _fresh(parent)
        old_parent = plan.units.get(then)
        insertion = parent.parent_id == then and parent.pk in {u.pk for u in created.values()}
        if plan.baseline and insertion:
            # A first load adding a level above a unit (Bamako's communes under their
            # cercle): the unit was always there, nothing to date.
            services.unit_subtree_move(unit, parent)
            continue
        services.unit_parent_change(unit, parent, on)
        if "moved" in item.kinds:
            event(
                EventKind.TRANSFER,
                f"{unit.name}: {old_parent.name if old_parent else '–'} → {parent.name}",
                [unit] + ([old_parent] if old_parent else []),
                [unit, parent],
            )

    # 3. Splits and mergers end their sources.
    for group in plan.groups:
        records = [plan.steps[r.pcode] for r in group.records]
        results = [s.unit for s in records]
        if group.kind == "split":
            (source,) = group.units
            for step in records:
                if step.part_of == "split":
                    AdministrativeUnit.objects.filter(pk=step.unit.pk).update(predecessor=source)
            services.unit_end(source, on)
            event(
                EventKind.SPLIT,
                f"{source.name} → {', '.join(r.name for r in results)}",
                [source],
                results,
            )
        else:
            (into,) = results
            for source in group.units:
                if source.pk != into.pk:
                    services.unit_end(source, on)
            event(
                EventKind.MERGER,
                f"{', '.join(u.name for u in group.units)} → {into.name}",
                list(group.units),
                [into],
            )

    # 4. Retirements.
    for unit in plan.retired:
        if items[f"u:{unit.pk}"].kinds != ["retired"]:
            continue  # a person chose to keep it
        services.unit_end(unit, on)
        event(EventKind.ABOLITION, unit.name, [unit], [])

    # 5. Codes, editions and boundaries of the units matched.
    coded, reshaped = [], []
    for step in matched:
        rec, unit = step.record, step.unit
        if unit.pcode_edition and rec.edition < unit.pcode_edition:
            continue  # an older edition never overwrites a newer one
        item = items[f"r:{rec.pcode}"]
        unit.pcode, unit.pcode_edition = rec.pcode, rec.edition
        if item.reshaped:
            unit.boundary = rec.geometry
            unit.centre_lat, unit.centre_lon = centre_of(unit.boundary) or (None, None)
            reshaped.append(unit)
        else:
            coded.append(unit)
    AdministrativeUnit.objects.bulk_update(coded, ["pcode", "pcode_edition"], batch_size=200)
    AdministrativeUnit.objects.bulk_update(
        reshaped,
        ["pcode", "pcode_edition", "boundary", "centre_lat", "centre_lon"],
        batch_size=200,
    )
