"""Score predicted extractions against gold ones, as the annotation guideline's Scoring section says.

Entities: a prediction matches a gold entity of the same type if its normalised name equals the
gold name or an alias (strict), or if either contains the other as a whole-word span (lenient).
Relations: same type, head and tail each matching (as names of the same entity, or leniently).
Results: on value alone, value+metric, and value+metric+method+dataset ("full"); units are not
compared; a null field matches only null. Micro-averaged over records, and per type.
Each gold item is matched at most once (one-to-one, greedy: strict matches first).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from kg.errors import EvaluationError
from kg.model import Entity, Extraction, read_extraction_lines
from kg.names import normalize


@dataclass
class Score:
    """True positives, predictions and gold counts, with precision, recall and F1."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "pred": self.pred, "gold": self.gold}


@dataclass
class Report:
    """Every score the guideline defines, by name ("entities/lenient", "entities/strict/Method", ...)."""

    scores: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    documents: int = 0
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"documents": self.documents, "missing_predictions": self.missing,
                "scores": {k: v.to_dict() for k, v in sorted(self.scores.items())}}


def _contains(a: str, b: str) -> bool:
    """Whether word sequence `b` occurs inside word sequence `a` as whole words."""
    return f" {b} " in f" {a} "


def _forms(entity: Entity) -> set[str]:
    return {normalize(entity.name)} | {normalize(a) for a in entity.aliases} - {""}


def entity_match(pred: Entity, gold: Entity, lenient: bool) -> bool:
    """Whether a predicted entity matches a gold one (see the module docstring)."""
    if pred.type != gold.type:
        return False
    pred_name = normalize(pred.name)
    gold_forms = _forms(gold)
    if pred_name in gold_forms:
        return True
    if not lenient or not pred_name:
        return False
    return any(_contains(pred_name, g) or _contains(g, pred_name) for g in gold_forms)


def _match(preds: list, golds: list, strict_fn, lenient_fn=None) -> int:
    """Greedy one-to-one matching: strict pairs first, then lenient ones; returns the matches."""
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for fn in [f for f in (strict_fn, lenient_fn) if f is not None]:
        for i, p in enumerate(preds):
            if i in used_pred:
                continue
            for j, g in enumerate(golds):
                if j not in used_gold and fn(p, g):
                    used_gold.add(j)
                    used_pred.add(i)
                    break
    return len(used_gold)


def _name_matcher(entities: list[Entity], lenient: bool):
    """A function telling whether a name (from a relation/result) refers to a given gold name."""
    by_name = {normalize(e.name): e for e in entities}

    def same(pred_name: Optional[str], gold_name: Optional[str], pred_entities: dict[str, Entity]) -> bool:
        if pred_name is None or gold_name is None:
            return pred_name is None and gold_name is None
        gold_entity = by_name.get(normalize(gold_name))
        pred_entity = pred_entities.get(normalize(pred_name))
        if gold_entity is None:
            return normalize(pred_name) == normalize(gold_name)
        if pred_entity is None:
            pred_entity = Entity(type=gold_entity.type, name=pred_name)
        return entity_match(pred_entity, gold_entity, lenient)

    return same


def score_record(report: Report, gold: Extraction, pred: Optional[Extraction]) -> None:
    """Add one record's entity, relation and result matches to `report`."""
    pred = pred or Extraction(id=gold.id, abstract=gold.abstract)
    report.documents += 1
    for lenient, label in ((False, "strict"), (True, "lenient")):
        total = _match(pred.entities, gold.entities, lambda p, g: entity_match(p, g, False),
                       (lambda p, g: entity_match(p, g, True)) if lenient else None)
        report.scores[f"entities/{label}"].add(total, len(pred.entities), len(gold.entities))
        for entity_type in sorted({e.type for e in gold.entities} | {e.type for e in pred.entities}, key=str):
            ps = [e for e in pred.entities if e.type == entity_type]
            gs = [e for e in gold.entities if e.type == entity_type]
            tp = _match(ps, gs, lambda p, g: entity_match(p, g, False),
                        (lambda p, g: entity_match(p, g, True)) if lenient else None)
            report.scores[f"entities/{label}/{entity_type.value}"].add(tp, len(ps), len(gs))

    pred_entities = {normalize(e.name): e for e in pred.entities}
    same_lenient = _name_matcher(gold.entities, lenient=True)
    same_strict = _name_matcher(gold.entities, lenient=False)

    def relation_fn(same):
        return lambda p, g: p.type == g.type and same(p.head, g.head, pred_entities) and \
            same(p.tail, g.tail, pred_entities)

    tp = _match(pred.relations, gold.relations, relation_fn(same_strict), relation_fn(same_lenient))
    report.scores["relations"].add(tp, len(pred.relations), len(gold.relations))
    for rtype in sorted({r.type for r in gold.relations} | {r.type for r in pred.relations}, key=str):
        ps = [r for r in pred.relations if r.type == rtype]
        gs = [r for r in gold.relations if r.type == rtype]
        report.scores[f"relations/{rtype.value}"].add(
            _match(ps, gs, relation_fn(same_strict), relation_fn(same_lenient)), len(ps), len(gs))

    def value_eq(p, g) -> bool:
        return math.isclose(abs(p.value), abs(g.value), rel_tol=1e-6, abs_tol=1e-9)

    def result_fn(fields, same):
        return lambda p, g: value_eq(p, g) and all(same(getattr(p, f), getattr(g, f), pred_entities) for f in fields)

    for label, fields in (("value", ()), ("value+metric", ("metric",)),
                          ("full", ("metric", "method", "dataset"))):
        tp = _match(pred.results, gold.results, result_fn(fields, same_strict), result_fn(fields, same_lenient))
        report.scores[f"results/{label}"].add(tp, len(pred.results), len(gold.results))


def read_extractions(path: Path) -> Iterable[tuple[int, Extraction]]:
    """(line number, record) of a JSON-lines extraction or gold file; EvaluationError names bad lines."""
    return read_extraction_lines(path, EvaluationError)


def evaluate(gold_path: Path, pred_path: Path, ids: Optional[set[str]] = None) -> Report:
    """Score the predictions in `pred_path` against the gold records in `gold_path` (optionally some ids)."""
    preds = {record.id: record for _, record in read_extractions(pred_path)}
    report = Report()
    for _, gold in read_extractions(gold_path):
        if ids is not None and gold.id not in ids:
            continue
        if gold.id not in preds:
            report.missing.append(gold.id)
        score_record(report, gold, preds.get(gold.id))
    if report.documents == 0:
        raise EvaluationError("no gold records to score", source=str(gold_path))
    return report
