"""KnowledgeGraph -> a stream of RDF quads, the one source of every RDF format kg writes.

What a graph becomes (terms from ontology/kg.ttl, IRIs from `rdf_terms`):

- a paper: `kg:Paper` with dcterms:identifier/title/abstract/issued and kg:author/venue/doi/...,
  and its links to entities (kg:proposes, kg:paperUses, kg:paperAddresses, kg:mentions);
- an entity: `kg:Method` (Dataset, Metric, Task) with skos:prefLabel (canonical name),
  skos:altLabel (aliases), kg:normalizedName, kg:confidence, kg:supportPapers/supportSentences;
- a relation: the direct triple `head kg:evaluatedOn tail`, and a `kg:Statement` node that
  reifies it (rdf:subject/predicate/object) with kg:confidence, kg:supportPapers and
  prov:wasDerivedFrom one `kg:Evidence` node per provenance record;
- a result: a `kg:Result` n-ary node (kg:value xsd:decimal, kg:unit, kg:kind, kg:asWritten,
  kg:metric/method/dataset/baseline, kg:reportedIn, kg:confidence, prov:wasDerivedFrom evidence);
- evidence: `kg:Evidence` with prov:wasQuotedFrom the paper, kg:sentence, kg:sentenceIndex,
  kg:start, kg:end, kg:extractor and kg:confidence.

With `named_graphs`, each paper's statements go in the named graph `{base}graph/{paper id}`: the
paper and its links, the entities it mentions (type and names), the relations it gives evidence
for (direct triple, statement node, its evidence) and its results. A statement two papers support
is in both graphs, so dropping one paper's graph leaves it asserted. The default graph holds the
corpus-level aggregates (confidence, support counts) and whatever no paper supports. Without
named graphs every statement is written once.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator, Optional

from kg.export import ExportOptions
from kg.export.rdf_terms import INTEGER, Iris, Quad, any_uri, decimal, integer, text, year
from kg.graph import entity_support, relation_support, result_node, select
from kg.model import (Document, Entity, EntityType, KnowledgeGraph, PaperLink, Provenance,
                      Relation, Result)
from kg.names import normalize, stable_id
from kg.vocab import (DCTERMS, ENTITY_CLASSES, KG, PAPER_LINK_PROPERTIES, PROV, RDF,
                      RELATION_PROPERTIES, SKOS)

# Vocabulary terms as plain strings (the quad stream carries str, not rdflib terms).
TYPE = str(RDF.type)
SUBJECT, PREDICATE, OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
PREF_LABEL, ALT_LABEL = str(SKOS.prefLabel), str(SKOS.altLabel)
IDENTIFIER, TITLE = str(DCTERMS.identifier), str(DCTERMS.title)
ABSTRACT, ISSUED = str(DCTERMS.abstract), str(DCTERMS.issued)
DERIVED_FROM, QUOTED_FROM = str(PROV.wasDerivedFrom), str(PROV.wasQuotedFrom)
CLASS = {t: str(iri) for t, iri in ENTITY_CLASSES.items()}
RELATION = {t: str(iri) for t, iri in RELATION_PROPERTIES.items()}
LINK = {t: str(iri) for t, iri in PAPER_LINK_PROPERTIES.items()}
PAPER, STATEMENT, RESULT, EVIDENCE = str(KG.Paper), str(KG.Statement), str(KG.Result), str(KG.Evidence)
(CONFIDENCE, SUPPORT_PAPERS, SUPPORT_SENTENCES, NORMALIZED_NAME, VALUE, UNIT, KIND, AS_WRITTEN,
 METRIC, METHOD, DATASET, BASELINE, BASELINE_LABEL, REPORTED_IN, SENTENCE, SENTENCE_INDEX, START,
 END, EXTRACTOR, AUTHOR, VENUE, DOI, ARXIV_ID, URL) = (str(t) for t in (
    KG.confidence, KG.supportPapers, KG.supportSentences, KG.normalizedName, KG.value, KG.unit,
    KG.kind, KG.asWritten, KG.metric, KG.method, KG.dataset, KG.baseline, KG.baselineLabel,
    KG.reportedIn, KG.sentence, KG.sentenceIndex, KG.start, KG.end, KG.extractor, KG.author,
    KG.venue, KG.doi, KG.arxivId, KG.url))

_CHUNK = 4096

RESULT_ROLES = (("metric", METRIC), ("method", METHOD), ("dataset", DATASET))
#: The entities a result refers to, with the type each must have.
RESULT_REFS = {"metric": EntityType.METRIC, "method": EntityType.METHOD,
               "dataset": EntityType.DATASET, "baseline": EntityType.METHOD}


def quads(graph: KnowledgeGraph, options: Optional[ExportOptions] = None, *,
          named_graphs: bool = False) -> Iterator[Quad]:
    """Every statement of `graph` that `options` keep, as (s, p, o, graph) quads, streamed."""
    for chunk in chunks(graph, options, named_graphs=named_graphs):
        yield from chunk


def chunks(graph: KnowledgeGraph, options: Optional[ExportOptions] = None, *,
           named_graphs: bool = False) -> Iterator[list[Quad]]:
    """The same quads in lists of a few thousand (what the writers consume: faster)."""
    return _Writer(graph, options or ExportOptions()).chunks(named_graphs)


class _Writer:
    """Holds the selected records and mints their quads."""

    def __init__(self, graph: KnowledgeGraph, options: ExportOptions) -> None:
        self.options = options
        self.iris = Iris(options.base_iri)
        self._out: list[Quad] = []
        if _filters(options):
            part = select(graph, min_support=options.min_support, types=options.types,
                          min_confidence=options.min_confidence, top=options.top)
            papers, links = part.papers, part.links
        else:
            # Nothing to cut: take the records as they are (select() would copy every one of
            # them), and export every paper, also those nothing was extracted from.
            part, papers, links = graph, graph.papers, graph.links
        self.papers = _unique(papers, lambda p: p.id)
        self.entities = _unique(part.entities, lambda e: e.id)
        self.entity_ids = {e.id for e in self.entities}
        by_name = _NameIndex(self.entities)
        self.relations = _unique(self._resolved(part.relations, by_name), lambda r: r.id)
        cut = options.min_confidence
        self.kept_evidence = {r.id: [e for e in r.evidence if e.confidence >= cut] if cut > 0
                              else r.evidence for r in self.relations}
        self.links = self._links(links) if options.include_papers else []
        self.results = []
        if options.include_results:
            for result in _unique(part.results, result_node):
                refs = {role: self._ref(result, role, by_name) for role in RESULT_REFS}
                if refs["metric"] or refs["method"] or refs["dataset"]:
                    self.results.append((result, refs))

    def _resolved(self, relations: Iterable[Relation], by_name: "_NameIndex") -> Iterator[Relation]:
        """The relations between exported entities, with head and tail ids (looked up by name
        where resolution left them out) and an id."""
        for relation in relations:
            head = relation.head_id or by_name.get(relation.head)
            tail = relation.tail_id or by_name.get(relation.tail)
            if head not in self.entity_ids or tail not in self.entity_ids:
                continue
            if head != relation.head_id or tail != relation.tail_id or not relation.id:
                relation = relation.model_copy(update={"head_id": head, "tail_id": tail})
                relation.id = relation.id or _relation_id(relation)
            yield relation

    def _ref(self, result: Result, role: str, by_name: "_NameIndex") -> Optional[str]:
        """The id of the entity a result names in `role`, if it is exported."""
        ref = getattr(result, f"{role}_id")
        if not ref:
            name = getattr(result, role)
            ref = by_name.get(name, RESULT_REFS[role]) if name else None
        return ref if ref in self.entity_ids else None

    def _links(self, links: Iterable[PaperLink]) -> list[tuple[str, str, str]]:
        """(paper, entity, link type) of each paper link, and MENTIONS for every paper an entity
        lists that no link covers."""
        rows = dict.fromkeys((link.paper, link.entity, link.type.value) for link in links
                             if link.entity in self.entity_ids)
        covered = {(paper, entity) for paper, entity, _ in rows}
        for entity in self.entities:
            for paper in entity.papers:
                if (paper, entity.id) not in covered:
                    covered.add((paper, entity.id))
                    rows[(paper, entity.id, "MENTIONS")] = None
        return list(rows)

    # -- the stream -------------------------------------------------------------------------
    #
    # Records append their quads to a list that is handed on in chunks: a generator per record
    # would cost more than the quads themselves.

    def chunks(self, named_graphs: bool) -> Iterator[list[Quad]]:
        """The quads, in lists of a few thousand."""
        self._out = []
        for _ in (self._by_paper() if named_graphs else self._once()):
            if len(self._out) >= _CHUNK:
                yield self._out
                self._out = []
        if self._out:
            yield self._out

    def _once(self) -> Iterator[None]:
        """Every statement once: papers, entities (with their relations), statements, results."""
        if self.options.include_papers:
            links = _group(self.links, lambda link: link[0])
            for paper in self.papers:
                self.paper(paper, links.pop(paper.id, ()), None)
                yield
            for paper_links in links.values():
                self.paper_links(paper_links, None)
                yield
        outgoing = _group(self.relations, lambda r: r.head_id)
        for entity in self.entities:
            self.entity(entity, None)
            self.entity_stats(entity, None)
            for relation in outgoing.get(entity.id, ()):  # in the entity's block
                self.direct(relation, None)
            yield
        for relation in self.relations:
            self.statement(relation, None)
            self.relation_stats(relation, None)
            self.relation_evidence(relation, self.kept_evidence[relation.id], None)
            yield
        for result, refs in self.results:
            self.result(result, refs, None)
            yield

    def _by_paper(self) -> Iterator[None]:
        """The default graph first (aggregates, unattributed records), then one graph per paper."""
        entities = defaultdict(list)
        for entity in self.entities:
            for paper in dict.fromkeys(entity.papers):
                entities[paper].append(entity)
        relations: dict[str, dict[str, list[Provenance]]] = defaultdict(dict)
        for relation in self.relations:
            for evidence in self.kept_evidence[relation.id]:
                relations[evidence.document].setdefault(relation.id, []).append(evidence)
        by_id = {r.id: r for r in self.relations}
        results = _group(self.results, lambda item: _result_paper(item[0]))
        links = _group(self.links, lambda link: link[0])
        for entity in self.entities:
            if not entity.papers:
                self.entity(entity, None)
            self.entity_stats(entity, None)
            yield
        for relation in self.relations:
            if not self.kept_evidence[relation.id]:
                self.relation(relation, None)
            self.relation_stats(relation, None)
            yield
        for result, refs in results.pop(None, ()):
            self.result(result, refs, None)
            yield
        papers = {p.id: p for p in self.papers} if self.options.include_papers else {}
        order = dict.fromkeys([*papers, *links, *entities, *relations, *results])
        for paper_id in order:
            g = self.iris.graph(paper_id)
            if paper_id in papers:
                self.paper(papers[paper_id], links.get(paper_id, ()), g)
            else:
                self.paper_links(links.get(paper_id, ()), g)
            for entity in entities.get(paper_id, ()):
                self.entity(entity, g)
            for relation_id, evidence in relations.get(paper_id, {}).items():
                self.relation(by_id[relation_id], g)
                self.relation_evidence(by_id[relation_id], evidence, g)
            for result, refs in results.get(paper_id, ()):
                self.result(result, refs, g)
            yield

    # -- records: each appends its quads to self._out ------------------------------------------

    def paper(self, paper: Document, links: Iterable[tuple], g: Optional[str]) -> None:
        add = self._out.append
        s = self.iris.paper(paper.id)
        add((s, TYPE, PAPER, g))
        add((s, IDENTIFIER, text(paper.id), g))
        if paper.title:
            add((s, TITLE, text(paper.title), g))
        if paper.abstract:
            add((s, ABSTRACT, text(paper.abstract), g))
        if paper.year is not None and (issued := year(paper.year)):
            add((s, ISSUED, issued, g))
        for author in dict.fromkeys(paper.authors):
            add((s, AUTHOR, text(author), g))
        for predicate, value in ((VENUE, paper.venue), (DOI, paper.doi), (ARXIV_ID, paper.arxiv_id)):
            if value:
                add((s, predicate, text(value), g))
        if paper.url and (url := any_uri(paper.url)):
            add((s, URL, url, g))
        self.paper_links(links, g)

    def paper_links(self, links: Iterable[tuple], g: Optional[str]) -> None:
        add = self._out.append
        entity, paper_iri = self.iris.entity, self.iris.paper
        for paper, target, kind in links:
            add((paper_iri(paper), LINK[kind], entity(target), g))

    def entity(self, entity: Entity, g: Optional[str]) -> None:
        add = self._out.append
        s = self.iris.entity(entity.id)
        add((s, TYPE, CLASS[entity.type.value], g))
        add((s, PREF_LABEL, text(entity.name), g))
        for alias in dict.fromkeys(entity.aliases):
            if alias != entity.name:
                add((s, ALT_LABEL, text(alias), g))
        add((s, NORMALIZED_NAME, text(normalize(entity.name)), g))

    def entity_stats(self, entity: Entity, g: Optional[str]) -> None:
        add = self._out.append
        s = self.iris.entity(entity.id)
        add((s, CONFIDENCE, decimal(entity.confidence), g))
        add((s, SUPPORT_PAPERS, integer(entity_support(entity)), g))
        add((s, SUPPORT_SENTENCES, integer(entity.support_sentences), g))

    def relation(self, relation: Relation, g: Optional[str]) -> None:
        """The direct triple and the statement node that reifies it."""
        self.direct(relation, g)
        self.statement(relation, g)

    def direct(self, relation: Relation, g: Optional[str]) -> None:
        add = self._out.append
        add((self.iris.entity(relation.head_id), RELATION[relation.type.value],
             self.iris.entity(relation.tail_id), g))

    def statement(self, relation: Relation, g: Optional[str]) -> None:
        add = self._out.append
        head, tail = self.iris.entity(relation.head_id), self.iris.entity(relation.tail_id)
        predicate = RELATION[relation.type.value]
        s = self.iris.statement(relation.id)
        add((s, TYPE, STATEMENT, g))
        add((s, SUBJECT, head, g))
        add((s, PREDICATE, predicate, g))
        add((s, OBJECT, tail, g))

    def relation_stats(self, relation: Relation, g: Optional[str]) -> None:
        add = self._out.append
        s = self.iris.statement(relation.id)
        add((s, CONFIDENCE, decimal(relation.confidence), g))
        add((s, SUPPORT_PAPERS, integer(relation_support(relation)), g))

    def relation_evidence(self, relation: Relation, evidence: list[Provenance],
                          g: Optional[str]) -> None:
        add = self._out.append
        s = self.iris.statement(relation.id)
        for node, record in self._evidence(relation.id, evidence).items():
            add((s, DERIVED_FROM, node, g))
            self.evidence(node, record, g)

    def _evidence(self, owner: str, records: list[Provenance]) -> dict[str, Provenance]:
        """Evidence nodes by IRI (one per distinct record: the most confident one)."""
        nodes: dict[str, Provenance] = {}
        for record in records:
            node = self.iris.evidence(owner, record.document, record.sentence_index, record.start,
                                      record.end, record.extractor)
            if node not in nodes or record.confidence > nodes[node].confidence:
                nodes[node] = record
        return nodes

    def evidence(self, node: str, record: Provenance, g: Optional[str]) -> None:
        add = self._out.append
        add((node, TYPE, EVIDENCE, g))
        add((node, QUOTED_FROM, self.iris.paper(record.document), g))
        if record.sentence:
            add((node, SENTENCE, text(record.sentence), g))
        add((node, SENTENCE_INDEX, (str(record.sentence_index), INTEGER), g))
        add((node, START, (str(record.start), INTEGER), g))
        add((node, END, (str(record.end), INTEGER), g))
        if record.extractor:
            add((node, EXTRACTOR, text(record.extractor), g))
        add((node, CONFIDENCE, decimal(record.confidence), g))

    def result(self, result: Result, refs: dict[str, Optional[str]],
               g: Optional[str]) -> None:
        add = self._out.append
        result_id = result_node(result)
        s = self.iris.result(result_id)
        add((s, TYPE, RESULT, g))
        add((s, VALUE, decimal(result.value, record=result_id), g))
        if result.unit:
            add((s, UNIT, text(result.unit), g))
        if result.kind is not None:
            add((s, KIND, text(result.kind.value), g))
        if result.text:
            add((s, AS_WRITTEN, text(result.text), g))
        for role, predicate in RESULT_ROLES:
            if refs[role]:
                add((s, predicate, self.iris.entity(refs[role]), g))
        if refs["baseline"]:
            add((s, BASELINE, self.iris.entity(refs["baseline"]), g))
        elif result.baseline:
            add((s, BASELINE_LABEL, text(result.baseline), g))
        paper = _result_paper(result)
        if paper is not None:
            add((s, REPORTED_IN, self.iris.paper(paper), g))
        add((s, CONFIDENCE, decimal(result.confidence), g))
        if result.provenance is not None and result.provenance.confidence >= self.options.min_confidence:
            for node, record in self._evidence(result_id, [result.provenance]).items():
                add((s, DERIVED_FROM, node, g))
                self.evidence(node, record, g)


def _filters(options: ExportOptions) -> bool:
    """Whether the options cut the graph down (otherwise every paper stays)."""
    return (options.min_confidence > 0 or options.min_support > 1 or bool(options.types)
            or options.top is not None)


def _relation_id(relation: Relation) -> str:
    return stable_id("rel", relation.type.value, relation.head_id, relation.tail_id)


def _result_paper(result: Result) -> Optional[str]:
    if result.paper:
        return result.paper
    return result.provenance.document if result.provenance else None


class _NameIndex:
    """Entity ids by name or alias (per type, and without a type where the name is unambiguous);
    built on first use, as a resolved graph never needs it."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.index: Optional[dict] = None

    def get(self, name: str, entity_type: Optional[EntityType] = None) -> Optional[str]:
        if self.index is None:
            self.index = {}
            ids: dict[str, set[str]] = defaultdict(set)
            for entity in self.entities:
                for label in (entity.name, *entity.aliases):
                    self.index.setdefault((label, entity.type), entity.id)
                    ids[label].add(entity.id)
            for label, found in ids.items():
                if len(found) == 1:
                    self.index[(label, None)] = next(iter(found))
        return self.index.get((name, entity_type))


def _unique(records, key) -> list:
    """The records with distinct keys, the first of each kept, in order."""
    seen: dict = {}
    for record in records:
        seen.setdefault(key(record), record)
    return list(seen.values())


def _group(records, key) -> dict:
    groups: dict = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    return groups
