"""KnowledgeGraph -> networkx: the one place that knows networkx.

Three steps, each usable alone:

- `select` cuts a KnowledgeGraph down to what a view should show: entities with enough support
  and confidence, of the chosen types, or only the `top` N by support, together with the
  relations, papers and results that link them. It returns a KnowledgeGraph, so every exporter
  can share it.
- `to_networkx` turns the records into a `MultiDiGraph` with flat, consistently typed node and
  edge attributes (str, int, float; an attribute without a value is left out), which GraphML and
  GEXF can declare and which networkx reads back unchanged.
- `layout` places the nodes (deterministically) for views that draw them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Iterable, Optional

import networkx as nx

from kg.model import (Document, Entity, EntityType, KnowledgeGraph, PaperLink, PaperLinkType,
                      Relation, Result)
from kg.names import stable_id

#: Node kinds, the value of the `kind` node attribute.
ENTITY, PAPER, RESULT = "entity", "paper", "result"
#: The `type` of paper and result nodes (entities carry their EntityType value).
PAPER_TYPE, RESULT_TYPE = "Paper", "Result"
#: Every node type a view may show, in legend order.
NODE_TYPES: tuple[str, ...] = tuple(t.value for t in EntityType) + (PAPER_TYPE, RESULT_TYPE)
#: Edge kinds, the value of the `kind` edge attribute.
RELATION, PAPER_LINK, RESULT_LINK = "relation", "paper_link", "result_link"
#: Relation names of the edges around a result node.
REPORTS = "REPORTS"
RESULT_ROLES = ("method", "dataset", "metric", "baseline")

#: Attribute name -> Python type of every node attribute `to_networkx` may set.
NODE_ATTRIBUTES: dict[str, type] = {
    "label": str, "kind": str, "type": str, "support": int, "support_sentences": int,
    "confidence": float, "aliases": str, "role": str, "papers": str, "year": int,
    "first_year": int, "title": str, "authors": str, "venue": str, "doi": str, "url": str,
    "value": float, "unit": str, "result_kind": str, "text": str, "metric": str, "method": str,
    "dataset": str, "baseline": str, "paper": str, "sentence": str,
}
#: Attribute name -> Python type of every edge attribute `to_networkx` may set.
EDGE_ATTRIBUTES: dict[str, type] = {
    "label": str, "kind": str, "relation": str, "confidence": float, "support": int,
    "evidence_count": int, "papers": str, "first_year": int, "sentence": str,
}

#: Separator of multi-valued attributes (aliases, paper ids) flattened to one string.
SEP = "; "


def entity_support(entity: Entity) -> int:
    """How many papers support an entity: resolution's count, else its papers; at least 1."""
    return max(entity.support_papers, len(set(entity.papers)), 1)


def relation_support(relation: Relation) -> int:
    """How many papers support a relation: resolution's count, else its evidence documents."""
    return max(relation.support_papers, len({p.document for p in relation.evidence}), 1)


def select(
    graph: KnowledgeGraph,
    *,
    min_support: int = 1,
    min_confidence: float = 0.0,
    types: Optional[Iterable[EntityType]] = None,
    top: Optional[int] = None,
) -> KnowledgeGraph:
    """The part of `graph` a view shows, as a new KnowledgeGraph.

    Entities are kept when their support (papers) is at least `min_support`, their confidence at
    least `min_confidence` and their type among `types` (all types when None); `top` then keeps
    only the N kept entities with most support (ties: more sentences, then name, then id).
    Relations, paper links and results are kept when they reach `min_confidence` and touch kept
    entities only (a result needs at least one kept entity; references to dropped ones are
    cleared); papers are kept when a kept link or result points at them.
    """
    wanted = set(types) if types else set(EntityType)
    entities = [e for e in graph.entities
                if e.type in wanted and entity_support(e) >= min_support
                and e.confidence >= min_confidence]
    if top is not None:
        entities.sort(key=lambda e: (-entity_support(e), -e.support_sentences, e.name, e.id))
        entities = entities[:top]
    kept = {e.id for e in entities}
    by_name = _names_to_ids(entities)
    relations = []
    for relation in graph.relations:
        head = relation.head_id or by_name.get((relation.head, None), "")
        tail = relation.tail_id or by_name.get((relation.tail, None), "")
        if head in kept and tail in kept and relation.confidence >= min_confidence:
            relations.append(relation.model_copy(update={"head_id": head, "tail_id": tail}))
    links = [link for link in _paper_links(graph)
             if link.entity in kept and link.confidence >= min_confidence]
    results = []
    for result in graph.results:
        if result.confidence < min_confidence:
            continue
        update = {}
        for role in RESULT_ROLES:
            ref = _result_ref(result, role, by_name)
            update[f"{role}_id"] = ref if ref in kept else None
        if any(update.values()):
            results.append(result.model_copy(update=update))
    paper_ids = {link.paper for link in links} | {r.paper for r in results if r.paper}
    papers = [p for p in graph.papers if p.id in paper_ids]
    entities.sort(key=lambda e: e.id)
    return KnowledgeGraph(papers=papers, entities=entities, relations=relations,
                          results=results, links=links, merge_log=[])


def _names_to_ids(entities: Iterable[Entity]) -> dict[tuple[str, Optional[EntityType]], str]:
    """(name or alias, type) -> entity id, and (name, None) where the name is unambiguous."""
    index: dict[tuple[str, Optional[EntityType]], str] = {}
    seen: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for name in [entity.name, *entity.aliases]:
            index.setdefault((name, entity.type), entity.id)
            seen[name].add(entity.id)
    for name, ids in seen.items():
        if len(ids) == 1:
            index[(name, None)] = next(iter(ids))
    return index


_ROLE_TYPES = {"method": EntityType.METHOD, "dataset": EntityType.DATASET,
               "metric": EntityType.METRIC, "baseline": EntityType.METHOD}


def _result_ref(result: Result, role: str, by_name: dict) -> Optional[str]:
    ref = getattr(result, f"{role}_id")
    if ref:
        return ref
    name = getattr(result, role)
    return by_name.get((name, _ROLE_TYPES[role])) if name else None


def _paper_links(graph: KnowledgeGraph) -> list[PaperLink]:
    """The graph's paper links, plus MENTIONS for every entity paper no link covers."""
    links = list(graph.links)
    covered = {(link.paper, link.entity) for link in links}
    for entity in graph.entities:
        for paper in dict.fromkeys(entity.papers):
            if (paper, entity.id) not in covered:
                covered.add((paper, entity.id))
                links.append(PaperLink(paper=paper, entity=entity.id, type=PaperLinkType.MENTIONS,
                                       confidence=entity.confidence))
    return links


def paper_node(paper_id: str) -> str:
    """The node id of a paper (prefixed, so it cannot collide with an entity id)."""
    return f"paper:{paper_id}"


def relation_key(relation: Relation) -> str:
    """The edge key of a relation: its id, else the id the model would derive."""
    return relation.id or stable_id("rel", relation.type.value, relation.head_id, relation.tail_id)


def result_node(result: Result) -> str:
    """The node id of a result: its own id, else one derived from what it states."""
    if result.id:
        return result.id
    return stable_id("result", result.paper, result.text, result.value, result.metric,
                     result.method, result.dataset)


def to_networkx(
    graph: KnowledgeGraph, *, include_papers: bool = True, include_results: bool = True
) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph; edge keys are relation / link ids.

    Node attributes are those of NODE_ATTRIBUTES, edge attributes those of EDGE_ATTRIBUTES, each
    with one Python type; attributes without a value are left out (GraphML and GEXF have no null).
    Entities get `first_year`, the earliest year among their papers, where papers give years.
    """
    g = nx.MultiDiGraph(name="kg")
    years = {p.id: p.year for p in graph.papers if p.year is not None}
    for entity in graph.entities:
        first = min((years[p] for p in entity.papers if p in years), default=None)
        g.add_node(entity.id, **_clean({
            "label": entity.name, "kind": ENTITY, "type": entity.type.value,
            "support": entity_support(entity), "support_sentences": entity.support_sentences,
            "confidence": float(entity.confidence), "aliases": SEP.join(entity.aliases),
            "role": entity.role.value if entity.role else None,
            "papers": SEP.join(dict.fromkeys(entity.papers)), "first_year": first,
        }))
    for relation in graph.relations:
        if relation.head_id not in g or relation.tail_id not in g:
            continue
        docs = list(dict.fromkeys(p.document for p in relation.evidence))
        first = min((years[d] for d in docs if d in years), default=None)
        g.add_edge(relation.head_id, relation.tail_id, key=relation_key(relation), **_clean({
            "label": relation.type.value, "kind": RELATION, "relation": relation.type.value,
            "confidence": float(relation.confidence), "support": relation_support(relation),
            "evidence_count": len(relation.evidence), "papers": SEP.join(docs),
            "first_year": first,
            "sentence": relation.evidence[0].sentence if relation.evidence else None,
        }))
    if include_papers:
        _add_papers(g, graph)
    if include_results:
        _add_results(g, graph, include_papers)
    return g


def _add_papers(g: nx.MultiDiGraph, graph: KnowledgeGraph) -> None:
    for paper in graph.papers:
        g.add_node(paper_node(paper.id), **_paper_attributes(paper))
    for link in _paper_links(graph):
        source = paper_node(link.paper)
        if source not in g or link.entity not in g:
            continue
        year = g.nodes[source].get("year")
        g.add_edge(source, link.entity, key=stable_id("link", link.type.value, link.paper, link.entity),
                   **_clean({"label": link.type.value, "kind": PAPER_LINK,
                             "relation": link.type.value, "confidence": float(link.confidence),
                             "support": 1, "papers": link.paper, "first_year": year}))


def _paper_attributes(paper: Document) -> dict:
    return _clean({
        "label": paper.title or paper.id, "kind": PAPER, "type": PAPER_TYPE, "support": 1,
        "confidence": 1.0, "year": paper.year, "first_year": paper.year, "title": paper.title,
        "authors": SEP.join(paper.authors), "venue": paper.venue, "doi": paper.doi,
        "url": paper.url, "papers": paper.id,
    })


def _add_results(g: nx.MultiDiGraph, graph: KnowledgeGraph, include_papers: bool) -> None:
    years = {p.id: p.year for p in graph.papers if p.year is not None}
    for result in graph.results:
        node = result_node(result)
        g.add_node(node, **_clean({
            "label": result.text or _number(result.value), "kind": RESULT, "type": RESULT_TYPE,
            "support": 1, "confidence": float(result.confidence), "value": float(result.value),
            "unit": result.unit, "result_kind": result.kind.value if result.kind else None,
            "text": result.text, "metric": result.metric, "method": result.method,
            "dataset": result.dataset, "baseline": result.baseline, "paper": result.paper,
            "papers": result.paper, "first_year": years.get(result.paper),
            "sentence": result.provenance.sentence if result.provenance else None,
        }))
        common = {"kind": RESULT_LINK, "confidence": float(result.confidence), "support": 1,
                  "papers": result.paper, "first_year": years.get(result.paper)}
        for role in RESULT_ROLES:
            target = getattr(result, f"{role}_id")
            if target and target in g:
                name = role.upper()
                g.add_edge(node, target, key=f"{node}/{role}",
                           **_clean({**common, "label": name, "relation": name}))
        if include_papers and result.paper and paper_node(result.paper) in g:
            g.add_edge(paper_node(result.paper), node, key=f"{node}/paper",
                       **_clean({**common, "label": REPORTS, "relation": REPORTS}))


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _clean(attributes: dict) -> dict:
    """Leave out attributes without a value (None or empty string)."""
    return {k: v for k, v in attributes.items() if v is not None and v != ""}


def layout(g: nx.Graph, *, seed: int = 7, unit: float = 60.0) -> dict[str, tuple[float, float]]:
    """Deterministic 2-D positions of every node; a typical edge is about `unit` long.

    Each connected component is placed on its own (force-directed, see kg.layout) and the
    components are tiled in rows, largest first, so small islands sit next to the main graph
    instead of being flung to its edges.
    """
    import numpy as np

    from kg import layout as forces

    if g.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(g)
    simple.add_edges_from((u, v) for u, v in g.edges() if u != v)
    components = sorted((sorted(c) for c in nx.connected_components(simple)),
                        key=lambda c: (-len(c), c[0]))
    blocks = []
    for nodes in components:
        index = {node: i for i, node in enumerate(nodes)}
        # A subgraph view lists its edges in the order of a set of nodes, which changes with the
        # interpreter's hash seed; sorted, the forces add up in the same order in every run.
        pairs = sorted(tuple(sorted((index[u], index[v]))) for u, v in simple.subgraph(nodes).edges())
        edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        if len(nodes) <= 3:
            angles = np.arange(len(nodes)) * 2 * math.pi / 3
            pos = np.stack([np.cos(angles), np.sin(angles)], 1) * (0.6 if len(nodes) > 1 else 0.0)
        else:
            pos = forces.normalise(forces.force_layout(len(nodes), edges, seed=seed), edges)
        blocks.append(pos)
    placed = forces.pack(blocks, gap=1.5)
    return {node: (round(float(x) * unit, 2), round(float(y) * unit, 2))
            for nodes, pos in zip(components, placed) for node, (x, y) in zip(nodes, pos)}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that contains the span [start, end) (a plain punctuation split)."""
    if not text or start < 0 or end > len(text) or start >= end:
        return ""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    newline = text.rfind("\n", 0, start)
    begin = max(begin, newline + 1)
    after = _SENTENCE_END.search(text, end)
    stop = after.start() if after else len(text)
    newline = text.find("\n", end)
    if newline != -1:
        stop = min(stop, newline)
    return text[begin:stop].strip()
