"""A quick entity scorer for tuning the recogniser against guideline-style gold records.

For each record the predicted set of (type, normalised surface) is matched one-to-one to the
gold entities of the same type: strict when the surface equals the entity's normalised name or
an alias, lenient when either contains the other as a whole-word span. Micro P/R/F1 per type.
This approximates the guideline's scoring at mention level; the full `kg evaluate` groups
mentions into entities first.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from kg.names import normalize

from training.data import LABELS


def _contains(a: str, b: str) -> bool:
    return f" {b} " in f" {a} " or f" {a} " in f" {b} "


def _max_matching(edges: dict[int, list[int]]) -> int:
    """Size of a maximum bipartite matching (Kuhn's algorithm; the graphs are tiny)."""
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges.get(left, ()):
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    return sum(augment(left, set()) for left in edges)


def gold_entities(record: dict) -> list[tuple[str, set[str]]]:
    """(type, normalised names) of each gold entity of a record."""
    out = []
    for entity in record.get("entities") or []:
        names = {normalize(n) for n in [entity["name"], *(entity.get("aliases") or [])]}
        names.discard("")
        out.append((entity["type"], names))
    return out


def predicted_set(surfaces: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Distinct (type, normalised surface) pairs, empty names dropped."""
    return {(label, normalize(text)) for label, text in surfaces if normalize(text)}


def score(predictions: Sequence[Iterable[tuple[str, str]]], golds: Sequence[dict]) -> dict:
    """Per-type and overall counts and P/R/F1, lenient and strict.

    `predictions[i]` holds the (type, surface) pairs predicted for `golds[i]`.
    """
    counts = {mode: Counter() for mode in ("lenient", "strict")}
    for surfaces, record in zip(predictions, golds):
        preds = sorted(predicted_set(surfaces))
        gold = gold_entities(record)
        for label in LABELS:
            p = [name for t, name in preds if t == label]
            g = [names for t, names in gold if t == label]
            for mode in counts:
                edges = {}
                for i, name in enumerate(p):
                    if mode == "strict":
                        edges[i] = [j for j, names in enumerate(g) if name in names]
                    else:
                        edges[i] = [j for j, names in enumerate(g)
                                    if any(_contains(name, n) for n in names)]
                matched = _max_matching(edges)
                c = counts[mode]
                c[(label, "tp")] += matched
                c[(label, "pred")] += len(p)
                c[(label, "gold")] += len(g)
    report = {}
    for mode, c in counts.items():
        rows = {}
        for label in (*LABELS, "all"):
            keys = LABELS if label == "all" else (label,)
            tp = sum(c[(k, "tp")] for k in keys)
            pred = sum(c[(k, "pred")] for k in keys)
            gold = sum(c[(k, "gold")] for k in keys)
            p = tp / pred if pred else 0.0
            r = tp / gold if gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            rows[label] = {"p": p, "r": r, "f": f, "tp": tp, "pred": pred, "gold": gold}
        report[mode] = rows
    return report


def format_report(report: dict) -> str:
    """A small table: one line per type, lenient and strict P/R/F1."""
    lines = [f"{'type':8} {'lenient P/R/F':>20} {'strict P/R/F':>20}  pred/gold"]
    for label in (*LABELS, "all"):
        le, st = report["lenient"][label], report["strict"][label]
        lines.append(f"{label:8} {le['p']:6.3f}{le['r']:7.3f}{le['f']:7.3f} "
                     f"{st['p']:6.3f}{st['r']:7.3f}{st['f']:7.3f}  {le['pred']}/{le['gold']}")
    return "\n".join(lines)
