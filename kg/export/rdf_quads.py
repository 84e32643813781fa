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
from kg.export.rdf_terms import Iris, Quad, Spelling, any_uri, decimal, year
from kg.graph import entity_support, relation_support, result_node, select
from kg.model import (Document, Entity, EntityType, KnowledgeGraph, PaperLink, Provenance,
                      Relation, Result)
from kg.names import normalize, stable_id
from kg.vocab import (DCTERMS, ENTITY_CLASSES, KG, PAPER_LINK_PROPERTIES, PROV, RDF,
                      RELATION_PROPERTIES, SKOS)

_CHUNK = 4096
#: Distinct numbers whose spelled literal is kept (confidences recur; values mostly do not).
_NUMBERS = 1 << 14

#: The entities a result refers to, with the type each must have.
RESULT_REFS = {"metric": EntityType.METRIC, "method": EntityType.METHOD,
               "dataset": EntityType.DATASET, "baseline": EntityType.METHOD}


class _Vocabulary:
    """The ontology terms the stream writes, spelled once per export."""

    def __init__(self, spelling: Spelling) -> None:
        iri, predicate = spelling.iri, spelling.predicate
        self.type = predicate(str(RDF.type))
        self.subject, self.predicate, self.object = (
            predicate(str(t)) for t in (RDF.subject, RDF.predicate, RDF.object))
        self.pref_label, self.alt_label = predicate(str(SKOS.prefLabel)), predicate(str(SKOS.altLabel))
        self.identifier, self.title, self.abstract, self.issued = (
            predicate(str(t)) for t in (DCTERMS.identifier, DCTERMS.title, DCTERMS.abstract,
                                        DCTERMS.issued))
        self.derived_from = predicate(str(PROV.wasDerivedFrom))
        self.quoted_from = predicate(str(PROV.wasQuotedFrom))
        (self.confidence, self.support_papers, self.support_sentences, self.normalized_name,
         self.value, self.unit, self.kind, self.as_written, self.metric, self.method, self.dataset,
         self.baseline, self.baseline_label, self.reported_in, self.sentence, self.sentence_index,
         self.start, self.end, self.extractor, self.author, self.venue, self.doi, self.arxiv_id,
         self.url) = (predicate(str(t)) for t in (
            KG.confidence, KG.supportPapers, KG.supportSentences, KG.normalizedName, KG.value,
            KG.unit, KG.kind, KG.asWritten, KG.metric, KG.method, KG.dataset, KG.baseline,
            KG.baselineLabel, KG.reportedIn, KG.sentence, KG.sentenceIndex, KG.start, KG.end,
            KG.extractor, KG.author, KG.venue, KG.doi, KG.arxivId, KG.url))
        self.Paper, self.Statement, self.Result, self.Evidence = (
            iri(str(t)) for t in (KG.Paper, KG.Statement, KG.Result, KG.Evidence))
        self.entity_class = {t: iri(str(c)) for t, c in ENTITY_CLASSES.items()}
        self.relation = {t: predicate(str(p)) for t, p in RELATION_PROPERTIES.items()}
        self.relation_iri = {t: iri(str(p)) for t, p in RELATION_PROPERTIES.items()}  # as an object
        self.link = {t: predicate(str(p)) for t, p in PAPER_LINK_PROPERTIES.items()}
        self.result_roles = (("metric", self.metric), ("method", self.method),
                             ("dataset", self.dataset))


def quads(graph: KnowledgeGraph, options: Optional[ExportOptions] = None, *,
          named_graphs: bool = False, spelling: Optional[Spelling] = None) -> Iterator[Quad]:
    """Every statement of `graph` that `options` keep, as (s, p, o, graph) quads, streamed."""
    for chunk in chunks(graph, options, named_graphs=named_graphs, spelling=spelling):
        yield from chunk


def chunks(graph: KnowledgeGraph, options: Optional[ExportOptions] = None, *,
           named_graphs: bool = False, spelling: Optional[Spelling] = None) -> Iterator[list]:
    """The same quads in lists of a few thousand (what the writers consume: faster), their terms
    spelled by `spelling` (by default IRIs as str and literals as (lexical, datatype) tuples)."""
    return _Writer(graph, options or ExportOptions(), spelling or Spelling()).chunks(named_graphs)


class _Writer:
    """Holds the selected records and mints their quads."""

    def __init__(self, graph: KnowledgeGraph, options: ExportOptions, spelling: Spelling) -> None:
        self.options = options
        self.iris = Iris(options.base_iri)
        self._out: list = []
        if _filters(options):
            part = select(graph, min_support=options.min_support, types=options.types,
                          min_confidence=options.min_confidence, top=options.top)
            papers, links = part.papers, part.links
        else:
            # Nothing to cut: take the records as they are (select() would copy every one of
            # them), and export every paper, also those nothing was extracted from.
            part, papers, links = graph, graph.papers, graph.links
        self.papers = _unique(papers)
        self.entities = _unique(part.entities)
        self.entity_ids = {e.id for e in self.entities}
        by_name = _NameIndex(self.entities)
        self.relations = _unique(self._resolved(part.relations, by_name))
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
        # Terms, spelled once: the vocabulary, every exported entity, papers as they come.
        self.v = _Vocabulary(spelling)
        self.iri, self.string, self.integer = spelling.iri, spelling.string, spelling.integer
        self.literal = spelling.literal
        self.entity_terms = {e.id: self.iri(self.iris.entity(e.id)) for e in self.entities}
        self.paper_terms: dict[str, object] = {}
        self.decimals: dict[float, object] = {}

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

    # -- terms ------------------------------------------------------------------------------

    def paper_term(self, paper_id: str):
        term = self.paper_terms.get(paper_id)
        if term is None:
            term = self.paper_terms[paper_id] = self.iri(self.iris.paper(paper_id))
        return term

    def decimal(self, value: float, record: str = ""):
        """An xsd:decimal literal (spelled once per distinct value, up to a bound)."""
        term = self.decimals.get(value)
        if term is None:
            if len(self.decimals) >= _NUMBERS:
                self.decimals.clear()
            term = self.decimals[value] = self.literal(*decimal(value, record=record))
        return term

    # -- the stream -------------------------------------------------------------------------
    #
    # Records append their quads to a list that is handed on in chunks: a generator per record
    # would cost more than the quads themselves.

    def chunks(self, named_graphs: bool) -> Iterator[list]:
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
            s = self.statement(relation, None)
            self.relation_stats(s, relation, None)
            self.relation_evidence(s, relation, self.kept_evidence[relation.id], None)
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
                self.direct(relation, None)
                s = self.statement(relation, None)
            else:
                s = self.iri(self.iris.statement(relation.id))
            self.relation_stats(s, relation, None)
            yield
        for result, refs in results.pop(None, ()):
            self.result(result, refs, None)
            yield
        papers = {p.id: p for p in self.papers} if self.options.include_papers else {}
        order = dict.fromkeys([*papers, *links, *entities, *relations, *results])
        for paper_id in order:
            g = self.iri(self.iris.graph(paper_id))
            if paper_id in papers:
                self.paper(papers[paper_id], links.get(paper_id, ()), g)
            else:
                self.paper_links(links.get(paper_id, ()), g)
            for entity in entities.get(paper_id, ()):
                self.entity(entity, g)
            for relation_id, evidence in relations.get(paper_id, {}).items():
                relation = by_id[relation_id]
                self.direct(relation, g)
                s = self.statement(relation, g)
                self.relation_evidence(s, relation, evidence, g)
            for result, refs in results.get(paper_id, ()):
                self.result(result, refs, g)
            yield

    # -- records: each appends its quads to self._out ------------------------------------------

    def paper(self, paper: Document, links: Iterable[tuple], g) -> None:
        add, v, string = self._out.append, self.v, self.string
        s = self.paper_term(paper.id)
        add((s, v.type, v.Paper, g))
        add((s, v.identifier, string(paper.id), g))
        if paper.title:
            add((s, v.title, string(paper.title), g))
        if paper.abstract:
            add((s, v.abstract, string(paper.abstract), g))
        if paper.year is not None and (issued := year(paper.year)):
            add((s, v.issued, self.literal(*issued), g))
        for author in dict.fromkeys(paper.authors):
            add((s, v.author, string(author), g))
        for predicate, value in ((v.venue, paper.venue), (v.doi, paper.doi),
                                 (v.arxiv_id, paper.arxiv_id)):
            if value:
                add((s, predicate, string(value), g))
        if paper.url and (url := any_uri(paper.url)):
            add((s, v.url, self.literal(*url), g))
        self.paper_links(links, g)

    def paper_links(self, links: Iterable[tuple], g) -> None:
        add, link, entity, paper_term = self._out.append, self.v.link, self.entity_terms, self.paper_term
        for paper, target, kind in links:
            add((paper_term(paper), link[kind], entity[target], g))

    def entity(self, entity: Entity, g) -> None:
        add, v, string = self._out.append, self.v, self.string
        s = self.entity_terms[entity.id]
        add((s, v.type, v.entity_class[entity.type.value], g))
        add((s, v.pref_label, string(entity.name), g))
        for alias in dict.fromkeys(entity.aliases):
            if alias != entity.name:
                add((s, v.alt_label, string(alias), g))
        add((s, v.normalized_name, string(normalize(entity.name)), g))

    def entity_stats(self, entity: Entity, g) -> None:
        add, v, integer = self._out.append, self.v, self.integer
        s = self.entity_terms[entity.id]
        add((s, v.confidence, self.decimal(entity.confidence), g))
        add((s, v.support_papers, integer(entity_support(entity)), g))
        add((s, v.support_sentences, integer(entity.support_sentences), g))

    def direct(self, relation: Relation, g) -> None:
        """The relation as a triple between its entities."""
        self._out.append((self.entity_terms[relation.head_id],
                          self.v.relation[relation.type.value],
                          self.entity_terms[relation.tail_id], g))

    def statement(self, relation: Relation, g):
        """The statement node that reifies the relation; returns the node."""
        v, entity = self.v, self.entity_terms
        s = self.iri(self.iris.statement(relation.id))
        self._out += ((s, v.type, v.Statement, g),
                      (s, v.subject, entity[relation.head_id], g),
                      (s, v.predicate, v.relation_iri[relation.type.value], g),
                      (s, v.object, entity[relation.tail_id], g))
        return s

    def relation_stats(self, s, relation: Relation, g) -> None:
        v = self.v
        self._out += ((s, v.confidence, self.decimal(relation.confidence), g),
                      (s, v.support_papers, self.integer(relation_support(relation)), g))

    def relation_evidence(self, s, relation: Relation, evidence: list[Provenance], g) -> None:
        add, derived_from = self._out.append, self.v.derived_from
        for node, record in self._evidence(relation.id, evidence).items():
            add((s, derived_from, node, g))
            self.evidence(node, record, g)

    def _evidence(self, owner: str, records: list[Provenance]) -> dict:
        """Evidence nodes by term (one per distinct record: the most confident one)."""
        nodes: dict = {}
        for record in records:
            node = self.iri(self.iris.evidence(owner, record.document, record.sentence_index,
                                               record.start, record.end, record.extractor))
            if node not in nodes or record.confidence > nodes[node].confidence:
                nodes[node] = record
        return nodes

    def evidence(self, node, record: Provenance, g) -> None:
        add, v, integer = self._out.append, self.v, self.integer
        add((node, v.type, v.Evidence, g))
        add((node, v.quoted_from, self.paper_term(record.document), g))
        if record.sentence:
            add((node, v.sentence, self.string(record.sentence), g))
        add((node, v.sentence_index, integer(record.sentence_index), g))
        add((node, v.start, integer(record.start), g))
        add((node, v.end, integer(record.end), g))
        if record.extractor:
            add((node, v.extractor, self.string(record.extractor), g))
        add((node, v.confidence, self.decimal(record.confidence), g))

    def result(self, result: Result, refs: dict[str, Optional[str]], g) -> None:
        add, v, string, entity = self._out.append, self.v, self.string, self.entity_terms
        result_id = result_node(result)
        s = self.iri(self.iris.result(result_id))
        add((s, v.type, v.Result, g))
        add((s, v.value, self.literal(*decimal(result.value, record=result_id)), g))
        if result.unit:
            add((s, v.unit, string(result.unit), g))
        if result.kind is not None:
            add((s, v.kind, string(result.kind.value), g))
        if result.text:
            add((s, v.as_written, string(result.text), g))
        for role, predicate in v.result_roles:
            if refs[role]:
                add((s, predicate, entity[refs[role]], g))
        if refs["baseline"]:
            add((s, v.baseline, entity[refs["baseline"]], g))
        elif result.baseline:
            add((s, v.baseline_label, string(result.baseline), g))
        paper = _result_paper(result)
        if paper is not None:
            add((s, v.reported_in, self.paper_term(paper), g))
        add((s, v.confidence, self.decimal(result.confidence), g))
        if result.provenance is not None and result.provenance.confidence >= self.options.min_confidence:
            for node, record in self._evidence(result_id, [result.provenance]).items():
                add((s, v.derived_from, node, g))
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


def _unique(records, key=None) -> list:
    """The records with distinct keys (by default their ids), the first of each kept, in order."""
    seen: dict = {}
    keep = seen.setdefault
    if key is None:
        for record in records:
            keep(record.id, record)
    else:
        for record in records:
            keep(key(record), record)
    return list(seen.values())


def _group(records, key) -> dict:
    groups: dict = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    return groups
