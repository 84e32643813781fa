"""Merge the entities of many papers into one canonical entity per real thing.

Two surface forms of one type are the same entity when their normalised names are equal, when
they are equal once spaces and hyphens are dropped ("ResNet50" = "ResNet-50"), or when one
abstract gives them as name and alias ("OOD detection" = "out-of-distribution detection"). A
short acronym linked to two different long forms by different papers is not used to merge them.
Names that only share a prefix (BERT, RoBERTa, BERTScore; GAN, CycleGAN) stay apart. Every
merge is logged with its reason; every surface form is kept as an alias.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable, Optional

from kg.model import (Document, Entity, EntityType, Extraction, KnowledgeGraph, MergeRecord, PaperLink,
                      PaperLinkType, Relation, Result, Role, entity_id)
from kg.names import normalize, stable_id

_ACRONYM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]{0,7}$")


def compact_key(name: str) -> str:
    """The normalised name without spaces: `ResNet-50`, `ResNet 50` and `resnet50` agree."""
    return normalize(name).replace(" ", "")


def _is_acronym(surface: str) -> bool:
    return bool(_ACRONYM.match(surface)) and sum(c.isupper() for c in surface) >= 2


def noisy_or(confidences: Iterable[float]) -> float:
    """The probability that at least one of several independent pieces of evidence is right."""
    miss = 1.0
    for c in confidences:
        miss *= 1.0 - c
    return round(min(0.999, 1.0 - miss), 4)


def filter_extraction(extraction: Extraction, min_confidence: float) -> Extraction:
    """A copy without the entities, relations and results below `min_confidence` (and what cites them)."""
    if min_confidence <= 0:
        return extraction
    entities = [e for e in extraction.entities if e.confidence >= min_confidence]
    kept = {e.id for e in entities}
    relations = [r for r in extraction.relations
                 if r.confidence >= min_confidence and r.head_id in kept and r.tail_id in kept]
    results = []
    for result in extraction.results:
        if result.confidence < min_confidence:
            continue
        update = {}
        for field in ("metric", "method", "dataset", "baseline"):
            if getattr(result, f"{field}_id") not in (None, *kept):
                update.update({field: None, f"{field}_id": None})
        results.append(result.model_copy(update=update))
    return extraction.model_copy(update={"entities": entities, "relations": relations, "results": results})


class Resolver:
    """Accumulates extractions one at a time; `graph()` resolves them into a KnowledgeGraph."""

    def __init__(self, min_confidence: float = 0.0) -> None:
        self.min_confidence = min_confidence
        self.papers: list[Document] = []
        # (type, compact key) -> surface form -> count
        self._surfaces: dict[tuple[EntityType, str], Counter] = defaultdict(Counter)
        self._links: list[tuple[tuple[EntityType, str], tuple[EntityType, str], str]] = []
        self._acronym_targets: dict[tuple[EntityType, str], set[str]] = defaultdict(set)
        # Per paper: local entity id -> (key, role, confidence, sentences)
        self._mentions: list[tuple[str, str, tuple[EntityType, str], Optional[Role], float, int]] = []
        self._relations: list[tuple[str, Relation]] = []
        self._results: list[Result] = []

    def add(self, extraction: Extraction) -> None:
        """Take one paper's extraction."""
        extraction = filter_extraction(extraction, self.min_confidence)
        self.papers.append(Document.model_validate(extraction.model_dump(include=set(Document.model_fields))))
        for entity in extraction.entities:
            key = (entity.type, compact_key(entity.name))
            if not key[1]:
                continue
            self._surfaces[key][entity.name] += 1
            for alias in entity.aliases:
                alias_key = (entity.type, compact_key(alias))
                if not alias_key[1] or alias_key == key:
                    self._surfaces[key][alias] += 0  # kept as a surface form, never canonical by count
                    continue
                self._surfaces[alias_key][alias] += 0
                self._links.append((key, alias_key, extraction.id))
                if _is_acronym(alias):
                    self._acronym_targets[alias_key].add(key[1])
            sentences = entity.support_sentences or len({m.sentence for m in entity.mentions}) or 1
            self._mentions.append((extraction.id, entity.id, key, entity.role, entity.confidence, sentences))
        for relation in extraction.relations:
            self._relations.append((extraction.id, relation))
        for result in extraction.results:
            self._results.append(result.model_copy(update={"paper": extraction.id}))

    def graph(self) -> KnowledgeGraph:
        """Resolve everything added so far into a KnowledgeGraph."""
        keys = sorted(self._surfaces, key=lambda k: (k[0].value, k[1]))
        parent = {k: k for k in keys}

        def find(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        merge_reasons: dict[tuple[EntityType, str], str] = {}
        for key, alias_key, paper in self._links:
            if len(self._acronym_targets.get(alias_key, ())) > 1:
                continue  # an acronym with several meanings across papers merges nothing
            ra, rb = find(key), find(alias_key)
            if ra != rb:
                first, second = sorted((ra, rb), key=lambda k: (k[0].value, k[1]))
                parent[second] = first
            merge_reasons.setdefault(alias_key, f"given as an alias of {key[1]!r} in paper {paper}")

        clusters: dict[tuple[EntityType, str], list[tuple[EntityType, str]]] = defaultdict(list)
        for key in keys:
            clusters[find(key)].append(key)

        entities: list[Entity] = []
        merge_log: list[MergeRecord] = []
        key_to_id: dict[tuple[EntityType, str], str] = {}
        for root in sorted(clusters, key=lambda k: (k[0].value, k[1])):
            surfaces: Counter = Counter()
            for key in clusters[root]:
                surfaces.update(self._surfaces[key])
                for surface in self._surfaces[key]:
                    surfaces.setdefault(surface, 0)
            name = max(surfaces, key=lambda s: (surfaces[s], not _is_acronym(s), len(s), s))
            cluster_id = entity_id(root[0], name)
            aliases = sorted(s for s in surfaces if s != name)
            entities.append(Entity(id=cluster_id, type=root[0], name=name, aliases=aliases))
            for key in clusters[root]:
                key_to_id[key] = cluster_id
                for surface in sorted(self._surfaces[key]):
                    if entity_id(root[0], surface) == cluster_id:
                        continue  # differs from the name in case or punctuation only
                    if compact_key(surface) == compact_key(name):
                        reason = "same name once case, spaces, hyphens and plural are ignored"
                    else:
                        reason = merge_reasons.get(key, "same name once case, spaces and hyphens are ignored")
                    merge_log.append(MergeRecord(into=cluster_id, merged=entity_id(root[0], surface),
                                                 name=surface, reason=reason))

        by_id = {e.id: e for e in entities}
        local_to_global: dict[tuple[str, str], str] = {}
        papers_of: dict[str, list[str]] = defaultdict(list)
        confidences: dict[str, list[float]] = defaultdict(list)
        sentences: Counter = Counter()
        links: dict[tuple[str, str, PaperLinkType], float] = {}
        link_types: dict[str, set[PaperLinkType]] = defaultdict(set)
        for paper, local_id, key, role, confidence, n_sentences in self._mentions:
            global_id = key_to_id[key]
            local_to_global[(paper, local_id)] = global_id
            if not papers_of[global_id] or papers_of[global_id][-1] != paper:
                papers_of[global_id].append(paper)
            confidences[global_id].append(confidence)
            sentences[global_id] += n_sentences
            link_type = _link_type(by_id[global_id].type, role)
            link_key = (paper, global_id, link_type)
            links[link_key] = max(links.get(link_key, 0.0), confidence)
            link_types[global_id].add(link_type)
        for entity in entities:
            entity.papers = sorted(set(papers_of[entity.id]))
            entity.support_papers = len(entity.papers)
            entity.support_sentences = sentences[entity.id]
            entity.confidence = noisy_or(confidences[entity.id]) if confidences[entity.id] else 0.0
            roles = link_types[entity.id] if entity.type in (EntityType.METHOD, EntityType.DATASET) else set()
            entity.role = Role.PROPOSED if PaperLinkType.PROPOSES in roles else (Role.USED if roles else None)

        relations = self._resolve_relations(local_to_global, by_id)
        results = [self._resolve_result(r, local_to_global) for r in self._results]
        return KnowledgeGraph(
            papers=self.papers, entities=entities, relations=relations, results=results,
            links=[PaperLink(paper=p, entity=e, type=t, confidence=c) for (p, e, t), c in sorted(
                links.items(), key=lambda item: (item[0][0], item[0][1], item[0][2].value))],
            merge_log=merge_log,
        )

    def _resolve_relations(self, local_to_global, by_id) -> list[Relation]:
        grouped: dict[tuple, list[tuple[str, Relation]]] = defaultdict(list)
        for paper, relation in self._relations:
            head = local_to_global.get((paper, relation.head_id))
            tail = local_to_global.get((paper, relation.tail_id))
            if head is None or tail is None or head == tail:
                continue
            grouped[(relation.type, head, tail)].append((paper, relation))
        relations = []
        for (rtype, head, tail), items in sorted(grouped.items(), key=lambda kv: (kv[0][0].value, kv[0][1], kv[0][2])):
            evidence = [ev for _, r in items for ev in r.evidence]
            relations.append(Relation(
                type=rtype, head=by_id[head].name, tail=by_id[tail].name, head_id=head, tail_id=tail,
                confidence=noisy_or(r.confidence for _, r in items), evidence=evidence,
                support_papers=len({p for p, _ in items})))
        return relations

    @staticmethod
    def _resolve_result(result: Result, local_to_global) -> Result:
        update = {}
        for field in ("metric", "method", "dataset", "baseline"):
            local = getattr(result, f"{field}_id")
            if local is not None:
                update[f"{field}_id"] = local_to_global.get((result.paper, local))
        if not result.id:
            update["id"] = stable_id("result", result.paper, result.value, result.text)
        return result.model_copy(update=update)


def _link_type(entity_type: EntityType, role: Optional[Role]) -> PaperLinkType:
    if entity_type is EntityType.TASK:
        return PaperLinkType.ADDRESSES
    if entity_type is EntityType.METRIC:
        return PaperLinkType.MENTIONS
    return PaperLinkType.PROPOSES if role is Role.PROPOSED else PaperLinkType.USES


def resolve(extractions: Iterable[Extraction], min_confidence: float = 0.0) -> KnowledgeGraph:
    """One KnowledgeGraph from many papers' extractions."""
    resolver = Resolver(min_confidence)
    for extraction in extractions:
        resolver.add(extraction)
    return resolver.graph()
