"""The rows a KnowledgeGraph becomes in Neo4j: what the writer sends and the CSV export writes.

Both the Bolt writer (kg/store/neo4j.py) and `kg export --to neo4j-csv` take their rows from
here, so a graph loaded either way has the same nodes, relationships and properties. A loaded
graph keeps kg's ids: an entity node's `id` is the resolved entity id.

An incremental load first maps the incoming entities onto those already stored
(`match_stored`): an entity whose id is stored keeps it; one whose name, once case, spaces,
hyphens and a plural are ignored, is spelled like exactly one stored entity of its type (its name
or an alias) goes into that entity, and so do the ones whose aliases are. `graph_rows` then
combines what maps onto the same node, so nothing is duplicated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional

from kg.model import EntityType, KnowledgeGraph, PaperLinkType, Provenance, RelationType, Role
from kg.names import normalize, stable_id
from kg.store.cypher import ResultEdge

#: Paper fields stored as node properties (besides `id`).
PAPER_FIELDS = ("title", "abstract", "year", "authors", "venue", "doi", "arxiv_id", "url")

#: The evidence of a relationship: parallel lists, item i of each describing one sentence.
EVIDENCE_FIELDS = ("evidence_papers", "evidence_sentences", "evidence_sentence_indexes", "evidence_starts",
                   "evidence_ends", "evidence_extractors", "evidence_confidences")


def compact_key(name: str) -> str:
    """The normalised name without spaces: `ResNet-50`, `ResNet 50` and `resnet50` agree."""
    return normalize(name).replace(" ", "")


def present(props: Mapping[str, Any]) -> dict[str, Any]:
    """The properties that Neo4j keeps: no None, empty string or empty list (those mean 'absent')."""
    return {k: v for k, v in props.items() if v is not None and v != "" and v != []}


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


@dataclass
class GraphRows:
    """One KnowledgeGraph as parameter rows, grouped by the statement that writes them."""

    papers: list[dict] = field(default_factory=list)
    entities: dict[EntityType, list[dict]] = field(default_factory=dict)
    relations: dict[RelationType, list[dict]] = field(default_factory=dict)
    links: dict[PaperLinkType, list[dict]] = field(default_factory=dict)
    results: list[dict] = field(default_factory=list)
    result_edges: dict[ResultEdge, list[dict]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Rows of each kind: papers, entities, relations, paper links, results, result edges."""
        return {
            "papers": len(self.papers),
            "entities": sum(map(len, self.entities.values())),
            "relations": sum(map(len, self.relations.values())),
            "paper_links": sum(map(len, self.links.values())),
            "results": len(self.results),
            "result_edges": sum(map(len, self.result_edges.values())),
        }

    def relationships(self) -> int:
        """Relationships these rows make: relations, paper links, REPORTS and result edges."""
        counts = self.counts()
        return counts["relations"] + counts["paper_links"] + counts["results"] + counts["result_edges"]


def match_stored(graph: KnowledgeGraph, stored: Iterable[tuple[str, Optional[str], Optional[list[str]]]]
                 ) -> dict[str, str]:
    """Incoming entity id -> stored entity id, for the entities a database already holds.

    `stored` gives (id, type, keys) of each stored entity. An incoming entity whose id is stored
    maps to nothing (it is written under its own id). Otherwise the compact key of its name, else
    of its aliases, must be among the keys of exactly one stored entity of its type.
    """
    ids: set[str] = set()
    index: dict[tuple[Optional[str], str], set[str]] = defaultdict(set)
    for entity_id, entity_type, keys in stored:
        ids.add(entity_id)
        for key in keys or ():
            index[(entity_type, key)].add(entity_id)
    mapping: dict[str, str] = {}
    for entity in graph.entities:
        if entity.id in ids:
            continue
        kind = entity.type.value
        candidates = index.get((kind, compact_key(entity.name)), set())
        if not candidates:
            candidates = set().union(*(index.get((kind, compact_key(a)), set()) for a in entity.aliases))
        if len(candidates) == 1:
            mapping[entity.id] = next(iter(candidates))
    return mapping


def graph_rows(graph: KnowledgeGraph, mapping: Optional[Mapping[str, str]] = None) -> GraphRows:
    """The rows of `graph`, with entity ids replaced as `mapping` says (and merged rows combined)."""
    mapping = mapping or {}

    def node(entity_id: Optional[str]) -> Optional[str]:
        return mapping.get(entity_id, entity_id) if entity_id is not None else None

    rows = GraphRows()
    rows.papers = [{"id": p.id, "props": present({f: getattr(p, f) for f in PAPER_FIELDS})} for p in graph.papers]

    entities: dict[str, dict] = {}
    for entity in graph.entities:
        target = node(entity.id)
        row = entities.get(target)
        if row is None:
            row = entities[target] = {"id": target, "name": entity.name, "type": entity.type.value, "aliases": [],
                                      "keys": [], "role": None, "confidence": 0.0, "papers": [],
                                      "support_sentences": 0}
        forms = [entity.name, *entity.aliases]
        row["aliases"] = _unique([*row["aliases"], *(f for f in forms if f != row["name"])])
        row["keys"] = _unique([*row["keys"], *(k for k in map(compact_key, forms) if k)])
        row["papers"] = sorted(set(row["papers"]) | set(entity.papers))
        row["support_sentences"] += entity.support_sentences
        row["confidence"] = max(row["confidence"], entity.confidence)
        if entity.role is Role.PROPOSED or row["role"] == Role.PROPOSED.value:
            row["role"] = Role.PROPOSED.value
        elif entity.role is not None:
            row["role"] = entity.role.value
    for row in entities.values():
        rows.entities.setdefault(EntityType(row["type"]), []).append(row)

    relations: dict[tuple[RelationType, str, str], dict] = {}
    for relation in graph.relations:
        head, tail = node(relation.head_id), node(relation.tail_id)
        if not head or not tail or head == tail:
            continue
        key = (relation.type, head, tail)
        row = relations.get(key)
        if row is None:
            rel_id = relation.id if (head, tail) == (relation.head_id, relation.tail_id) else \
                stable_id("rel", relation.type.value, head, tail)
            row = relations[key] = {"id": rel_id, "head": head, "tail": tail, "confidence": 0.0,
                                    "support_papers": 0, "evidence": {}}
        row["confidence"] = max(row["confidence"], relation.confidence)
        row["support_papers"] = max(row["support_papers"], relation.support_papers)
        for evidence in relation.evidence:
            row["evidence"].setdefault((evidence.document, evidence.start, evidence.end), evidence)
    for (rel_type, _, _), row in relations.items():
        rows.relations.setdefault(rel_type, []).append(_relation_row(row))

    links: dict[tuple[PaperLinkType, str, str], float] = {}
    for link in graph.links:
        key = (link.type, link.paper, node(link.entity))
        links[key] = max(links.get(key, 0.0), link.confidence)
    for (link_type, paper, entity_id), confidence in links.items():
        rows.links.setdefault(link_type, []).append({"paper": paper, "entity": entity_id, "confidence": confidence})

    for result in graph.results:
        if not result.paper:
            continue
        rows.results.append({"id": result.id, "paper": result.paper, "props": result_properties(result)})
        for edge in ResultEdge:
            target = node(getattr(result, edge.value))
            if target:
                rows.result_edges.setdefault(edge, []).append({"result": result.id, "entity": target})
    return rows


def _relation_row(row: dict) -> dict:
    evidence: list[Provenance] = list(row.pop("evidence").values())
    papers = sorted({e.document for e in evidence})
    row["papers"] = papers
    row["support_papers"] = len(papers) if papers else row["support_papers"]
    row["evidence_papers"] = [e.document for e in evidence]
    row["evidence_sentences"] = [e.sentence for e in evidence]
    row["evidence_sentence_indexes"] = [e.sentence_index for e in evidence]
    row["evidence_starts"] = [e.start for e in evidence]
    row["evidence_ends"] = [e.end for e in evidence]
    row["evidence_extractors"] = [e.extractor for e in evidence]
    row["evidence_confidences"] = [e.confidence for e in evidence]
    return row


def result_properties(result) -> dict[str, Any]:
    """A Result node's properties: value, unit, kind, the number as written, and where it was said."""
    provenance = result.provenance
    return present({
        "value": result.value, "unit": result.unit, "kind": result.kind.value if result.kind else None,
        "text": result.text, "confidence": result.confidence,
        "sentence": provenance.sentence if provenance else None,
        "sentence_index": provenance.sentence_index if provenance else None,
        "start": provenance.start if provenance else None, "end": provenance.end if provenance else None,
        "extractor": provenance.extractor if provenance else None,
    })


def entity_properties(row: dict) -> dict[str, Any]:
    """The properties an entity row gives a node that did not exist before."""
    return present({
        "id": row["id"], "name": row["name"], "type": row["type"], "aliases": row["aliases"],
        "keys": row["keys"], "papers": row["papers"], "support_papers": len(row["papers"]),
        "support_sentences": row["support_sentences"], "confidence": row["confidence"], "role": row["role"],
    })


def relation_properties(row: dict) -> dict[str, Any]:
    """The properties a relation row gives a relationship that did not exist before."""
    props = {"id": row["id"], "confidence": row["confidence"], "papers": row["papers"],
             "support_papers": row["support_papers"]}
    if row["evidence_papers"]:
        props.update({name: row[name] for name in EVIDENCE_FIELDS})
    return present(props)

