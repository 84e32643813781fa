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
    for link in graph.links:
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


def layout(g: nx.Graph, *, seed: int = 7, scale: float = 1000.0) -> dict[str, tuple[float, float]]:
    """Deterministic 2-D positions of every node, spread over about `scale` units per axis.

    A force-directed layout per connected component (components are packed in a grid, largest
    first), so small islands do not get flung to the edge of the picture.
    """
    if g.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(g.to_undirected(as_view=True))
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    positions: dict[str, tuple[float, float]] = {}
    # Cell sizes proportional to sqrt(component size); pack row by row.
    sizes = [math.sqrt(len(c)) for c in components]
    width = math.sqrt(sum(s * s for s in sizes)) * 1.3
    x = y = row_height = 0.0
    for component, size in zip(components, sizes):
        sub = simple.subgraph(component)
        if len(component) == 1:
            local = {next(iter(component)): (0.0, 0.0)}
        elif len(component) <= SMALL_COMPONENT:
            local = nx.spring_layout(sub, seed=seed, iterations=60, scale=1.0)
        else:
            local = _force_layout(sub, seed=seed)
        if x > 0 and x + size > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + size / 2, y + size / 2
        for node, (px, py) in local.items():
            positions[node] = (cx + float(px) * size * 0.45, cy + float(py) * size * 0.45)
        x += size
        row_height = max(row_height, size)
    span = max(width, y + row_height, 1e-9)
    factor = scale / span
    return {n: (round(px * factor, 2), round(py * factor, 2)) for n, (px, py) in positions.items()}


#: Components up to this size use networkx's spring layout; larger ones `_force_layout`.
SMALL_COMPONENT = 300
#: Distance (in edge lengths) under which `_force_layout` computes repulsion pair by pair.
NEAR = 2.0


def _force_layout(g: nx.Graph, *, seed: int, iterations: int = 90) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold in O(n log n) a step, for large components; positions in [-1, 1].

    Near pairs (closer than NEAR edge lengths, found with a k-d tree) repel exactly; far nodes
    repel as the centroids of a coarse grid of cells; edges attract; a weak pull to the centre
    keeps loose ends close. Seeded, so the same graph gives the same picture.
    """
    import numpy as np
    from scipy.spatial import cKDTree

    nodes = list(g)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in g.edges() if u != v], dtype=np.int64)
    edges = edges.reshape(-1, 2)
    src, dst = edges[:, 0], edges[:, 1]
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, (n, 2)) * math.sqrt(n)
    temperature = math.sqrt(n) / 2
    cooling = 0.01 ** (1.0 / iterations)
    cells = max(2, min(12, int(math.sqrt(n) / 4)))
    rows = np.arange(n)

    def scatter(at, fx, fy):  # sum forces per node (np.bincount is much faster than add.at)
        return np.stack([np.bincount(at, fx, n), np.bincount(at, fy, n)], 1)

    for _ in range(iterations):
        disp = -0.02 * pos
        pairs = cKDTree(pos).query_pairs(r=NEAR, output_type="ndarray")
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            f = d / ((d * d).sum(1) + 1e-6)[:, None]
            disp += scatter(pairs[:, 0], f[:, 0], f[:, 1]) - scatter(pairs[:, 1], f[:, 0], f[:, 1])
        low = pos.min(0)
        span = float((pos.max(0) - low).max()) + 1e-9
        cell = np.minimum(((pos - low) / span * cells).astype(np.int64), cells - 1)
        cid = cell[:, 0] * cells + cell[:, 1]
        count = np.bincount(cid, minlength=cells * cells)
        used = np.flatnonzero(count)
        slot = np.full(cells * cells, -1)
        slot[used] = np.arange(len(used))
        cx = np.bincount(cid, pos[:, 0], cells * cells)[used] / count[used]
        cy = np.bincount(cid, pos[:, 1], cells * cells)[used] / count[used]
        dx = pos[:, 0, None] - cx[None, :]
        dy = pos[:, 1, None] - cy[None, :]
        dist2 = dx * dx + dy * dy + 1e-6
        weight = np.where(dist2 > NEAR * NEAR, count[used][None, :] / dist2, 0.0)
        weight[rows, slot[cid]] = 0.0
        disp[:, 0] += (weight * dx).sum(1)
        disp[:, 1] += (weight * dy).sum(1)
        if len(edges):
            d = pos[src] - pos[dst]
            f = d * np.sqrt((d * d).sum(1))[:, None]
            disp += scatter(dst, f[:, 0], f[:, 1]) - scatter(src, f[:, 0], f[:, 1])
        length = np.sqrt((disp * disp).sum(1)) + 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature *= cooling
    pos -= pos.mean(0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos)}


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
