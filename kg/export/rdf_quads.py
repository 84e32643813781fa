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
from kg.export.rdf_terms import Iris, Quad, decimal, integer, text, year, any_uri
from kg.graph import entity_support, relation_support, result_node, select
from kg.model import Document, Entity, KnowledgeGraph, PaperLink, Provenance, Relation, Result
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

RESULT_ROLES = (("metric", METRIC), ("method", METHOD), ("dataset", DATASET))


def quads(graph: KnowledgeGraph, options: Optional[ExportOptions] = None, *,
          named_graphs: bool = False) -> Iterator[Quad]:
    """Every statement of `graph` that `options` keep, as (s, p, o, graph) quads, streamed."""
    return _Writer(graph, options or ExportOptions()).quads(named_graphs)


class _Writer:
    """Holds the selected records and mints their quads."""

    def __init__(self, graph: KnowledgeGraph, options: ExportOptions) -> None:
        self.options = options
        self.iris = Iris(options.base_iri)
        part = select(graph, min_support=options.min_support,
                      min_confidence=options.min_confidence, types=options.types, top=options.top)
        # Without filters every paper is exported, also those nothing was extracted from.
        self.papers = _unique(part.papers if _filters(options) else graph.papers, lambda p: p.id)
        self.entities = _unique(part.entities, lambda e: e.id)
        self.relations = _unique((r if r.id else r.model_copy(update={"id": _relation_id(r)})
                                  for r in part.relations), lambda r: r.id)
        cut = options.min_confidence
        self.kept_evidence = {r.id: [e for e in r.evidence if e.confidence >= cut] for r in self.relations}
        self.links = part.links if options.include_papers else []
        self.results = ([r for r in _unique(part.results, result_node)
                         if r.metric_id or r.method_id or r.dataset_id]
                        if options.include_results else [])

    # -- the stream -------------------------------------------------------------------------

    def quads(self, named_graphs: bool) -> Iterator[Quad]:
        if named_graphs:
            yield from self._by_paper()
            return
        if self.options.include_papers:
            links = _group(self.links, lambda link: link.paper)
            for paper in self.papers:
                yield from self.paper(paper, links.pop(paper.id, ()), None)
            for paper_links in links.values():
                yield from self.paper_links(paper_links, None)
        outgoing = _group(self.relations, lambda r: r.head_id)
        for entity in self.entities:
            yield from self.entity(entity, None)
            yield from self.entity_stats(entity, None)
            for relation in outgoing.get(entity.id, ()):  # in the entity's block
                yield from self.direct(relation, None)
        for relation in self.relations:
            yield from self.statement(relation, None)
            yield from self.relation_stats(relation, None)
            yield from self.relation_evidence(relation, self.kept_evidence[relation.id], None)
        for result in self.results:
            yield from self.result(result, None)

    def _by_paper(self) -> Iterator[Quad]:
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
        results = _group(self.results, _result_paper)
        links = _group(self.links, lambda link: link.paper)
        for entity in self.entities:
            if not entity.papers:
                yield from self.entity(entity, None)
            yield from self.entity_stats(entity, None)
        for relation in self.relations:
            if not self.kept_evidence[relation.id]:
                yield from self.relation(relation, None)
            yield from self.relation_stats(relation, None)
        for result in results.pop(None, ()):
            yield from self.result(result, None)
        papers = {p.id: p for p in self.papers} if self.options.include_papers else {}
        order = dict.fromkeys([*papers, *links, *entities, *relations, *results])
        for paper_id in order:
            g = self.iris.graph(paper_id)
            if paper_id in papers:
                yield from self.paper(papers[paper_id], links.get(paper_id, ()), g)
            else:
                yield from self.paper_links(links.get(paper_id, ()), g)
            for entity in entities.get(paper_id, ()):
                yield from self.entity(entity, g)
            for relation_id, evidence in relations.get(paper_id, {}).items():
                yield from self.relation(by_id[relation_id], g)
                yield from self.relation_evidence(by_id[relation_id], evidence, g)
            for result in results.get(paper_id, ()):
                yield from self.result(result, g)

    # -- records ----------------------------------------------------------------------------

    def paper(self, paper: Document, links: Iterable[PaperLink], g: Optional[str]) -> Iterator[Quad]:
        s = self.iris.paper(paper.id)
        yield s, TYPE, PAPER, g
        yield s, IDENTIFIER, text(paper.id), g
        if paper.title:
            yield s, TITLE, text(paper.title), g
        if paper.abstract:
            yield s, ABSTRACT, text(paper.abstract), g
        if paper.year is not None and (issued := year(paper.year)):
            yield s, ISSUED, issued, g
        for author in dict.fromkeys(paper.authors):
            yield s, AUTHOR, text(author), g
        for predicate, value in ((VENUE, paper.venue), (DOI, paper.doi), (ARXIV_ID, paper.arxiv_id)):
            if value:
                yield s, predicate, text(value), g
        if paper.url and (url := any_uri(paper.url)):
            yield s, URL, url, g
        yield from self.paper_links(links, g)

    def paper_links(self, links: Iterable[PaperLink], g: Optional[str]) -> Iterator[Quad]:
        entity = self.iris.entity
        for link in links:
            yield self.iris.paper(link.paper), LINK[link.type.value], entity(link.entity), g

    def entity(self, entity: Entity, g: Optional[str]) -> Iterator[Quad]:
        s = self.iris.entity(entity.id)
        yield s, TYPE, CLASS[entity.type.value], g
        yield s, PREF_LABEL, text(entity.name), g
        for alias in dict.fromkeys(entity.aliases):
            if alias != entity.name:
                yield s, ALT_LABEL, text(alias), g
        yield s, NORMALIZED_NAME, text(normalize(entity.name)), g

    def entity_stats(self, entity: Entity, g: Optional[str]) -> Iterator[Quad]:
        s = self.iris.entity(entity.id)
        yield s, CONFIDENCE, decimal(entity.confidence), g
        yield s, SUPPORT_PAPERS, integer(entity_support(entity)), g
        yield s, SUPPORT_SENTENCES, integer(entity.support_sentences), g

    def relation(self, relation: Relation, g: Optional[str]) -> Iterator[Quad]:
        """The direct triple and the statement node that reifies it."""
        yield from self.direct(relation, g)
        yield from self.statement(relation, g)

    def direct(self, relation: Relation, g: Optional[str]) -> Iterator[Quad]:
        yield (self.iris.entity(relation.head_id), RELATION[relation.type.value],
               self.iris.entity(relation.tail_id), g)

    def statement(self, relation: Relation, g: Optional[str]) -> Iterator[Quad]:
        head, tail = self.iris.entity(relation.head_id), self.iris.entity(relation.tail_id)
        predicate = RELATION[relation.type.value]
        s = self.iris.statement(relation.id)
        yield s, TYPE, STATEMENT, g
        yield s, SUBJECT, head, g
        yield s, PREDICATE, predicate, g
        yield s, OBJECT, tail, g

    def relation_stats(self, relation: Relation, g: Optional[str]) -> Iterator[Quad]:
        s = self.iris.statement(relation.id)
        yield s, CONFIDENCE, decimal(relation.confidence), g
        yield s, SUPPORT_PAPERS, integer(relation_support(relation)), g

    def relation_evidence(self, relation: Relation, evidence: list[Provenance],
                          g: Optional[str]) -> Iterator[Quad]:
        s = self.iris.statement(relation.id)
        for node, record in self._evidence(relation.id, evidence).items():
            yield s, DERIVED_FROM, node, g
            yield from self.evidence(node, record, g)

    def _evidence(self, owner: str, records: list[Provenance]) -> dict[str, Provenance]:
        """Evidence nodes by IRI (one per distinct record: the most confident one)."""
        nodes: dict[str, Provenance] = {}
        for record in records:
            node = self.iris.evidence(owner, record.document, record.sentence_index, record.start,
                                      record.end, record.extractor)
            if node not in nodes or record.confidence > nodes[node].confidence:
                nodes[node] = record
        return nodes

    def evidence(self, node: str, record: Provenance, g: Optional[str]) -> Iterator[Quad]:
        yield node, TYPE, EVIDENCE, g
        yield node, QUOTED_FROM, self.iris.paper(record.document), g
        if record.sentence:
            yield node, SENTENCE, text(record.sentence), g
        yield node, SENTENCE_INDEX, integer(record.sentence_index), g
        yield node, START, integer(record.start), g
        yield node, END, integer(record.end), g
        if record.extractor:
            yield node, EXTRACTOR, text(record.extractor), g
        yield node, CONFIDENCE, decimal(record.confidence), g

    def result(self, result: Result, g: Optional[str]) -> Iterator[Quad]:
        result_id = result_node(result)
        s = self.iris.result(result_id)
        yield s, TYPE, RESULT, g
        yield s, VALUE, decimal(result.value, record=result_id), g
        if result.unit:
            yield s, UNIT, text(result.unit), g
        if result.kind is not None:
            yield s, KIND, text(result.kind.value), g
        if result.text:
            yield s, AS_WRITTEN, text(result.text), g
        for role, predicate in RESULT_ROLES:
            target = getattr(result, f"{role}_id")
            if target:
                yield s, predicate, self.iris.entity(target), g
        if result.baseline_id:
            yield s, BASELINE, self.iris.entity(result.baseline_id), g
        elif result.baseline:
            yield s, BASELINE_LABEL, text(result.baseline), g
        paper = _result_paper(result)
        if paper is not None:
            yield s, REPORTED_IN, self.iris.paper(paper), g
        yield s, CONFIDENCE, decimal(result.confidence), g
        if result.provenance is not None and result.provenance.confidence >= self.options.min_confidence:
            for node, record in self._evidence(result_id, [result.provenance]).items():
                yield s, DERIVED_FROM, node, g
                yield from self.evidence(node, record, g)


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
