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
import sys
from array import array
from collections import Counter, defaultdict
from typing import Iterable, Optional

from kg.errors import KGError
from kg.model import (Document, Entities, Entity, EntityType, Evidence, Extraction, KnowledgeGraph, MergeRecord,
                      PaperLinks, PaperLinkType, Papers, Provenance, Relation, Relations, RelationType, Result,
                      Results, Role, entity_id, lean)
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
    return _noisy_or_of_miss(miss)


def _noisy_or_of_miss(miss: float) -> float:
    """noisy_or given the product of (1 - confidence) over the evidence, taken in the same order."""
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


Key = tuple[EntityType, str]
#: Link and relation types by number, as the resolver's rows store them.
_LINK_TYPES: tuple[PaperLinkType, ...] = tuple(PaperLinkType)
_RELATION_TYPES: tuple[RelationType, ...] = tuple(RelationType)
#: A result's fields, in the order the resolver keeps their values; its entity fields.
_RESULT_KEYS = tuple(Result.model_fields)
_RESULT_FIELDS = ("metric", "method", "dataset", "baseline")
#: A reference to a local entity id that names no entity of its paper (resolves to None).
_UNKNOWN = -1


class _Rows:
    """Rows of numbers kept column by column in typed arrays: a few bytes a value, not an object."""

    def __init__(self, **typecodes: str) -> None:
        self.columns = {name: array(code) for name, code in typecodes.items()}

    def append(self, *values) -> None:
        for column, value in zip(self.columns.values(), values):
            column.append(value)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))

    def __iter__(self):
        return zip(*self.columns.values())


class Resolver:
    """Accumulates extractions one at a time; `graph()`, its last call, resolves them into a KnowledgeGraph.

    It keeps of each paper only what the graph needs, in the form the graph will hold it: the
    paper's record, the relations' evidence (packed, as the graph keeps it) and the results'
    provenance (lean records shared with the graph; a paper's evidence sentences shared between
    them all), a row of numbers per entity and per relation, and each result as a tuple; local
    entity ids are turned into name keys as each paper comes (looked up in the extraction that
    uses them). So its memory grows with the corpus little
    more than the graph's own does.
    """

    def __init__(self, min_confidence: float = 0.0) -> None:
        self.min_confidence = min_confidence
        self.papers = Papers()
        # (type, compact key) -> surface form -> count
        self._surfaces: dict[Key, Counter] = defaultdict(Counter)
        # (name key, alias key) -> the first paper that gave the alias
        self._aliases: dict[tuple[Key, Key], str] = {}
        self._acronym_targets: dict[Key, set[str]] = defaultdict(set)
        self._keys: list[Key] = []
        self._key_numbers: dict[Key, int] = {}
        # One row per entity of each paper (the rows of paper i are _first_row[i]:_first_row[i + 1]).
        self._entities = _Rows(key="l", link="b", confidence="d", sentences="l")
        self._first_row = array("l", [0])
        # One row per relation; its evidence is _evidence[previous row's evidence_end:evidence_end].
        self._relations = _Rows(paper="l", type="b", head="l", tail="l", confidence="d", evidence_end="l")
        self._evidence = Evidence()
        # (result values in _RESULT_KEYS order, key number per _RESULT_FIELDS: None when it has none)
        self._results: list[tuple[tuple, tuple[Optional[int], ...]]] = []
        self._floats: dict[float, float] = {}
        self._done = False

    def add(self, extraction: Extraction) -> None:
        """Take one paper's extraction."""
        if self._done:
            raise KGError("this resolver has made its graph already; start a new one")
        extraction = filter_extraction(extraction, self.min_confidence)
        paper = lean(Document.model_validate(extraction.model_dump(include=set(Document.model_fields))))
        number, pid = len(self.papers), paper.id
        self.papers.append(paper)
        local: dict[str, int] = {}
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
                self._aliases.setdefault((key, alias_key), pid)
                if _is_acronym(alias):
                    self._acronym_targets[alias_key].add(key[1])
            k = self._key_numbers.get(key)
            if k is None:
                k = self._key_numbers[key] = len(self._keys)
                self._keys.append(key)
            local[entity.id] = k
            self._entities.append(k, _LINK_TYPES.index(_link_type(entity.type, entity.role)), entity.confidence,
                                  entity.support_sentences or len({m.sentence for m in entity.mentions}) or 1)
        self._first_row.append(len(self._entities))
        sentences: dict[str, str] = {}
        for relation in extraction.relations:
            for ev in relation.evidence:
                self._evidence.add(**self._shared(ev, pid, sentences))
            self._relations.append(number, _RELATION_TYPES.index(relation.type),
                                   local.get(relation.head_id, _UNKNOWN), local.get(relation.tail_id, _UNKNOWN),
                                   relation.confidence, len(self._evidence))
        for result in extraction.results:
            refs = tuple(None if (i := getattr(result, f"{f}_id")) is None else local.get(i, _UNKNOWN)
                         for f in _RESULT_FIELDS)
            values = {key: getattr(result, key) for key in _RESULT_KEYS}
            values["paper"] = pid
            if not result.id:
                values["id"] = stable_id("result", pid, result.value, result.text)
            if result.provenance is not None:
                values["provenance"] = self._provenance(result.provenance, pid, sentences)
            for key in ("unit", "metric", "method", "dataset", "baseline", "text"):
                if values[key] is not None:
                    values[key] = sys.intern(values[key])
            values["confidence"] = self._float(values["confidence"])
            self._results.append((tuple(values.values()), refs))

    def _float(self, value: float) -> float:
        """One float object for each confidence value (a few hundred values, used many times); zero is
        left alone, so that -0.0 stays -0.0."""
        return self._floats.setdefault(value, value) if value else value

    def _provenance(self, provenance: Provenance, pid: str, sentences: dict[str, str]) -> Provenance:
        """A lean copy of `provenance`, sharing its strings and confidence (see `_shared`)."""
        return lean(provenance.model_copy(update=self._shared(provenance, pid, sentences)))

    def _shared(self, provenance: Provenance, pid: str, sentences: dict[str, str]) -> dict:
        """The field values of `provenance`, with shared strings: the paper id, one
        copy of each of the paper's sentences (`sentences`: that paper's so far), the extractor
        name, and one float per confidence value."""
        values = dict(provenance)
        values.update(document=pid if provenance.document == pid else provenance.document,
                      sentence=sentences.setdefault(provenance.sentence, provenance.sentence),
                      extractor=sys.intern(provenance.extractor), confidence=self._float(provenance.confidence))
        return values

    def graph(self) -> KnowledgeGraph:
        """Resolve everything added into a KnowledgeGraph: the resolver's last call.

        The resolver hands its records over to the graph and lets go of the rest step by step, so
        that the two are never both whole in memory; `add` or `graph` afterwards is a KGError.
        """
        if self._done:
            raise KGError("this resolver has made its graph already; start a new one")
        self._done = True
        entities, merge_log, global_ids = self._entities_by_name()
        self._surfaces = self._aliases = self._acronym_targets = self._keys = self._key_numbers = None
        paper_ids = self.papers.column("id")
        links = self._count_entities(entities, global_ids, paper_ids)
        self._entities = self._first_row = None
        entities = Entities(entities)  # the records go, before the relations come
        names = dict(zip(entities.column("id"), entities.column("name")))
        relations = self._resolve_relations(global_ids, names, paper_ids)
        self._relations = self._evidence = None
        results = Results()
        self._results.reverse()
        while self._results:  # each result's tuple goes as its record comes
            values, refs = self._results.pop()
            results.append(self._resolve_result(values, refs, global_ids))
        papers, self.papers = self.papers, Papers()
        return KnowledgeGraph(papers=papers, entities=entities, relations=relations, results=results,
                              links=links, merge_log=merge_log)

    def _entities_by_name(self) -> tuple[list[Entity], list[MergeRecord], list[str]]:
        """The canonical entities and the merge log, from the name keys and the aliases that link
        them; and the canonical entity id of each key number."""
        keys = sorted(self._surfaces, key=lambda k: (k[0].value, k[1]))
        parent = {k: k for k in keys}

        def find(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        merge_reasons: dict[Key, str] = {}
        for (key, alias_key), paper in self._aliases.items():
            if len(self._acronym_targets.get(alias_key, ())) > 1:
                continue  # an acronym with several meanings across papers merges nothing
            ra, rb = find(key), find(alias_key)
            if ra != rb:
                first, second = sorted((ra, rb), key=lambda k: (k[0].value, k[1]))
                parent[second] = first
            merge_reasons.setdefault(alias_key, f"given as an alias of {key[1]!r} in paper {paper}")

        clusters: dict[Key, list[Key]] = defaultdict(list)
        for key in keys:
            clusters[find(key)].append(key)

        entities: list[Entity] = []
        merge_log: list[MergeRecord] = []
        key_to_id: dict[Key, str] = {}
        for root in sorted(clusters, key=lambda k: (k[0].value, k[1])):
            surfaces: Counter = Counter()
            for key in clusters[root]:
                surfaces.update(self._surfaces[key])
                for surface in self._surfaces[key]:
                    surfaces.setdefault(surface, 0)
            name = max(surfaces, key=lambda s: (surfaces[s], not _is_acronym(s), len(s), s))
            cluster_id = entity_id(root[0], name)
            aliases = sorted(s for s in surfaces if s != name)
            entities.append(lean(Entity(id=cluster_id, type=root[0], name=name, aliases=aliases)))
            for key in clusters[root]:
                key_to_id[key] = cluster_id
                for surface in sorted(self._surfaces[key]):
                    if entity_id(root[0], surface) == cluster_id:
                        continue  # differs from the name in case or punctuation only
                    if compact_key(surface) == compact_key(name):
                        reason = "same name once case, spaces, hyphens and plural are ignored"
                    else:
                        reason = merge_reasons.get(key, "same name once case, spaces and hyphens are ignored")
                    merge_log.append(lean(MergeRecord(into=cluster_id, merged=entity_id(root[0], surface),
                                                      name=surface, reason=reason)))

        return entities, merge_log, [key_to_id[key] for key in self._keys]

    def _count_entities(self, entities: list[Entity], global_ids: list[str], paper_ids: list[str]) -> PaperLinks:
        """Fill in each entity's papers, support, confidence and role from the entity rows; the
        paper links."""
        links, papers_of = self._paper_links(global_ids, paper_ids)
        miss: dict[str, float] = {}  # product of (1 - confidence) over the entity's rows, in row order
        sentences: Counter = Counter()
        proposed: set[str] = set()
        proposes = _LINK_TYPES.index(PaperLinkType.PROPOSES)
        for k, link, confidence, n_sentences in self._entities:
            global_id = global_ids[k]
            miss[global_id] = miss.get(global_id, 1.0) * (1.0 - confidence)
            sentences[global_id] += n_sentences
            if link == proposes:
                proposed.add(global_id)
        for entity in entities:
            entity.papers = papers_of.get(entity.id, [])
            entity.support_papers = len(entity.papers)
            entity.support_sentences = sentences[entity.id]
            entity.confidence = _noisy_or_of_miss(miss[entity.id]) if entity.id in miss else 0.0
            if entity.type in (EntityType.METHOD, EntityType.DATASET) and entity.id in miss:
                entity.role = Role.PROPOSED if entity.id in proposed else Role.USED
            else:
                entity.role = None
        return links

    def _paper_links(self, global_ids: list[str], paper_ids: list[str]) -> tuple[PaperLinks, dict[str, list[str]]]:
        """The paper links, sorted by paper, entity and type, and each entity's papers (sorted).

        Papers are taken in id order, each with only its own rows at hand (the papers that share an
        id together), so no table of every link is ever built; the links go into their columns
        without a record being made.
        """
        links = PaperLinks()
        papers_of: dict[str, list[str]] = defaultdict(list)
        key, link, confidence = (self._entities.columns[c] for c in ("key", "link", "confidence"))
        order = sorted(range(len(paper_ids)), key=paper_ids.__getitem__)
        at = 0
        while at < len(order):
            pid = paper_ids[order[at]]
            best: dict[tuple[str, PaperLinkType], float] = {}
            while at < len(order) and paper_ids[order[at]] == pid:
                i = order[at]
                for row in range(self._first_row[i], self._first_row[i + 1]):
                    link_key = (global_ids[key[row]], _LINK_TYPES[link[row]])
                    best[link_key] = max(best.get(link_key, 0.0), confidence[row])
                at += 1
            for (global_id, link_type), value in sorted(best.items(), key=lambda i: (i[0][0], i[0][1].value)):
                links.add(pid, global_id, link_type, value)
                if not papers_of[global_id] or papers_of[global_id][-1] != pid:
                    papers_of[global_id].append(pid)
        return links, papers_of

    def _resolve_relations(self, global_ids: list[str], names: dict[str, str], paper_ids: list[str]) -> Relations:
        grouped: dict[tuple, list[int]] = defaultdict(list)  # (type, head, tail) -> relation rows
        for row, (_, rtype, head_key, tail_key, _, _) in enumerate(self._relations):
            if head_key == _UNKNOWN or tail_key == _UNKNOWN:
                continue
            head, tail = global_ids[head_key], global_ids[tail_key]
            if head != tail:
                grouped[(_RELATION_TYPES[rtype], head, tail)].append(row)
        paper, confidence, end = (self._relations.columns[c] for c in ("paper", "confidence", "evidence_end"))
        relations = Relations()
        for (rtype, head, tail), rows in sorted(grouped.items(),
                                                key=lambda kv: (kv[0][0].value, kv[0][1], kv[0][2])):
            relations.append(Relation(
                type=rtype, head=names[head], tail=names[tail], head_id=head, tail_id=tail,
                confidence=noisy_or(confidence[row] for row in rows),
                evidence=self._evidence.select((end[row - 1] if row else 0, end[row]) for row in rows),
                support_papers=len({paper_ids[paper[row]] for row in rows})))
        return relations

    @staticmethod
    def _resolve_result(values: tuple, refs: tuple[Optional[int], ...], global_ids: list[str]) -> Result:
        fields = dict(zip(_RESULT_KEYS, values))
        fields.update({f"{field}_id": None if k == _UNKNOWN else global_ids[k]
                       for field, k in zip(_RESULT_FIELDS, refs) if k is not None})
        return lean(Result.model_validate(fields))


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
