"""RDF export of a small hand-made graph with hostile names: formats, IRIs, results, evidence, SHACL."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph
import pyshacl
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from kg.errors import ExportError
from kg.export import REGISTRY, SUFFIXES, ExportOptions, export
from kg.export.rdf import FORMATS, ONTOLOGY_FILE, SHAPES_FILE, to_rdflib
from kg.export.rdf_terms import decimal, segment
from kg.model import (Document, Entity, EntityType, KnowledgeGraph, PaperLink, PaperLinkType,
                      Provenance, Relation, RelationType, Result, ResultKind)
from kg import vocab
from kg.vocab import DCTERMS, KG, PROV, RDF, SKOS

# rdflib's own TriG, N-Quads and JSON-LD parsers still call its deprecated ConjunctiveGraph API.
pytestmark = [pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")]

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/kg/"
OX_FORMATS = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
              "jsonld": pyoxigraph.RdfFormat.JSON_LD, "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
              "trig": pyoxigraph.RdfFormat.TRIG, "nq": pyoxigraph.RdfFormat.N_QUADS}

HOSTILE = 'Say "hi" <script>alert(1)</script> & \\ done'
SLASHED = "a/b c/../d?q=1#frag"
UNICODE = "ünïcödé 模型 🚀 Ω-Net"
CONTROL = "ctrl\x00\x07\x0bchar"
P1, P2, P3, P4, P5 = "cond-mat/0412498", "https://openalex.org/W1", "seed 000 <script>", ".", "ü/%41"


def ent(type_: EntityType, name: str, papers: list[str], aliases=(), confidence=0.9) -> Entity:
    return Entity(type=type_, name=name, aliases=list(aliases), papers=papers,
                  support_papers=len(papers), support_sentences=2 * len(papers),
                  confidence=confidence)


def prov(doc: str, sentence: str, start: int, end: int, confidence: float = 0.8) -> Provenance:
    return Provenance(document=doc, sentence=sentence, sentence_index=1, start=start, end=end,
                      extractor="rules-1", confidence=confidence)


def hand_graph() -> KnowledgeGraph:
    """Five papers with awkward ids, every entity type, every relation type, hostile names."""
    bert = ent(EntityType.METHOD, "BERT", [P1, P2],
               ["Bidirectional Encoder Representations from Transformers"])
    legal = ent(EntityType.METHOD, "LEGAL-BERT", [P1], ["LegalBERT"])
    hostile = ent(EntityType.METHOD, HOSTILE, [P3],
                  [SLASHED, UNICODE, CONTROL, "line\r\nbreak", "it's", "tab\there"])
    weak = ent(EntityType.METHOD, "weak method", [P3], confidence=0.2)
    imagenet = ent(EntityType.DATASET, "ImageNet", [P2], ["ImageNet-1k"])
    kinetics = ent(EntityType.DATASET, "Kinetics-400", [P5])
    top1 = ent(EntityType.METRIC, "top-1 accuracy", [P2], ["acc@1", "Top-1"])
    f1 = ent(EntityType.METRIC, "F1", [P1])
    classification = ent(EntityType.TASK, "image classification", [P2])
    legal_nlp = ent(EntityType.TASK, "legal NLP", [P1])
    entities = [bert, legal, hostile, weak, imagenet, kinetics, top1, f1, classification, legal_nlp]

    def rel(type_, head, tail, evidence, confidence=0.7):
        return Relation(type=type_, head=head.name, tail=tail.name, head_id=head.id,
                        tail_id=tail.id, evidence=evidence, confidence=confidence,
                        support_papers=len({e.document for e in evidence}))

    relations = [
        rel(RelationType.BASED_ON, legal, bert,
            [prov(P1, "LEGAL-BERT adapts BERT to law.", 10, 40, 0.9)]),
        rel(RelationType.USES, legal, bert, [prov(P1, "LEGAL-BERT adapts BERT to law.", 10, 40)]),
        rel(RelationType.ADDRESSES, legal, legal_nlp, [prov(P1, "For legal NLP.", 41, 55)]),
        rel(RelationType.EVALUATED_ON, bert, imagenet,
            [prov(P1, "BERT on ImageNet.", 60, 77), prov(P2, "We test BERT on ImageNet.", 5, 30),
             prov(P2, "We test BERT on ImageNet.", 5, 30, 0.6)]),
        rel(RelationType.OUTPERFORMS, hostile, bert,
            [prov(P3, f"{HOSTILE} beats BERT.\r\nReally.", 0, 52)]),
        rel(RelationType.OUTPERFORMS, weak, bert, [prov(P3, "weak beats BERT", 60, 75)], 0.3),
        rel(RelationType.BENCHMARK_FOR, imagenet, classification, []),
        rel(RelationType.MEASURED_BY, classification, top1, [prov(P2, "Top-1 for it.", 80, 92)]),
        rel(RelationType.MEASURED_BY, imagenet, top1, [prov(P2, "Top-1 for it.", 80, 92)]),
    ]
    results = [
        Result(id="result-bert-imagenet", value=91.5, unit="%", kind=ResultKind.ABSOLUTE,
               metric=top1.name, metric_id=top1.id, method=bert.name, method_id=bert.id,
               dataset=imagenet.name, dataset_id=imagenet.id, paper=P2, text="91.5%",
               confidence=0.9, provenance=prov(P2, "BERT reaches 91.5% top-1.", 100, 105, 0.9)),
        Result(id="result-legal-imagenet", value=88.25, unit="%", kind=ResultKind.ABSOLUTE,
               metric_id=top1.id, method_id=legal.id, dataset_id=imagenet.id, paper=P1,
               text="88.25%", confidence=0.8),
        Result(id="result-legal-delta", value=0.8, unit="points", kind=ResultKind.DELTA,
               metric_id=top1.id, method_id=legal.id, baseline=bert.name, baseline_id=bert.id,
               paper=P1, text="+0.8", confidence=0.7,
               provenance=prov(P1, "LEGAL-BERT gains +0.8 over BERT.", 120, 124)),
        Result(id="result-hostile-ratio", value=4.5, unit="x", kind=ResultKind.RATIO,
               method_id=hostile.id, baseline="the previous value", paper=P3, text="4.5x",
               confidence=0.6),
        Result(id="result-tiny", value=1e-7, metric_id=f1.id, method_id=bert.id, paper=P1,
               confidence=0.5),
        Result(id="result-nothing", value=3.0, unit="GPUs", paper=P1, confidence=0.9),
    ]
    papers = [
        Document(id=P1, title='LEGAL-BERT: "The Muppets" go to law', abstract="We propose LEGAL-BERT."),
        Document(id=P2, title="BERT on images", abstract="An abstract.", year=2020,
                 authors=["Ada Lovelace", "Alan Turing"], venue="NeurIPS", doi="10.1/xyz",
                 arxiv_id="2001.00001", url="https://example.org/p?a=1&b=2"),
        Document(id=P3, title=HOSTILE, abstract="Line one.\r\nLine two \x0b with a vertical tab."),
        Document(id=P4, title="Dot", abstract="A paper whose id is a dot segment."),
        Document(id=P5, title="Unicode id", abstract="Kinetics.", url="not a url"),
    ]
    links = [PaperLink(paper=P1, entity=legal.id, type=PaperLinkType.PROPOSES),
             PaperLink(paper=P1, entity=bert.id, type=PaperLinkType.USES),
             PaperLink(paper=P1, entity=legal_nlp.id, type=PaperLinkType.ADDRESSES),
             PaperLink(paper=P2, entity=imagenet.id, type=PaperLinkType.USES),
             PaperLink(paper=P3, entity=hostile.id, type=PaperLinkType.PROPOSES, confidence=0.5)]
    return KnowledgeGraph(papers=papers, entities=entities, relations=relations, results=results,
                          links=links)


# -- helpers --------------------------------------------------------------------------------------

def union(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def named_graphs(dataset: rdflib.Dataset) -> dict[str, set]:
    """Graph name ('' for the default graph) -> its triples."""
    graphs: dict[str, set] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, rdflib.Graph) else g
        key = "" if name is None or name == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else str(name)
        graphs.setdefault(key, set()).add((s, p, o))
    return graphs


def from_ox(term):
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.datatype.value == str(vocab.XSD.string):
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise AssertionError(f"unexpected term {term!r} (blank nodes are never written)")


def parse_rdflib(path: Path, fmt: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(path, format=FORMATS[fmt][1])
    return dataset


def parse_oxigraph(path: Path, fmt: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    for quad in pyoxigraph.parse(path=str(path), format=OX_FORMATS[fmt]):
        triple = (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
        if isinstance(quad.graph_name, pyoxigraph.DefaultGraph):
            dataset.default_graph.add(triple)
        else:
            dataset.graph(rdflib.URIRef(quad.graph_name.value)).add(triple)
    return dataset


def assert_same(expected: rdflib.Dataset, got: rdflib.Dataset, with_graphs: bool) -> None:
    assert isomorphic(union(expected), union(got))
    if with_graphs:
        want, have = named_graphs(expected), named_graphs(got)
        assert set(want) == set(have)
        for name in want:
            assert want[name] == have[name], name


def conforms(graph: rdflib.Graph) -> tuple[bool, str]:
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    ok, _, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    return ok, text


def declared_terms() -> set:
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE)
    return {s for s, _, o in ontology.triples((None, RDF.type, None))
            if isinstance(s, rdflib.URIRef) and o in (rdflib.OWL.Class, rdflib.OWL.ObjectProperty,
                                                     rdflib.OWL.DatatypeProperty,
                                                     rdflib.OWL.AnnotationProperty)}


def undeclared_terms(graph: rdflib.Graph) -> set:
    """Predicates, classes, relation properties and datatypes the ontology does not declare."""
    used = set()
    for _, p, o in graph:
        used.add(p)
        if p in (RDF.type, RDF.predicate):
            used.add(o)
        if isinstance(o, rdflib.Literal) and o.datatype is not None:
            if not str(o.datatype).startswith(str(vocab.XSD)):
                used.add(o.datatype)
    return used - declared_terms() - {RDF.type}


def cookbook() -> dict[str, str]:
    """The queries of docs/sparql.md by their `# cookbook:` name."""
    text = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", text, flags=re.S)
    return {re.search(r"# cookbook: (\S+)", b).group(1): b for b in blocks}


def rows(graph, query: str) -> list[dict]:
    return [{str(k): v for k, v in row.asdict().items()} for row in graph.query(query)]


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return hand_graph()


@pytest.fixture(scope="module")
def exported(graph, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rdf")
    return {fmt: export(graph, fmt, out / f"graph{FORMATS[fmt][0]}") for fmt in FORMATS}


@pytest.fixture(scope="module")
def expected(graph) -> dict[bool, rdflib.Dataset]:
    return {False: to_rdflib(graph), True: to_rdflib(graph, named_graphs=True)}


@pytest.fixture(scope="module")
def triples(expected) -> rdflib.Graph:
    return union(expected[False])


# -- formats --------------------------------------------------------------------------------------

def test_every_rdf_format_is_registered_with_its_suffix():
    for fmt, (suffix, _, _) in FORMATS.items():
        assert REGISTRY[fmt] == ("kg.export.rdf", f"export_{fmt}")
        assert SUFFIXES[fmt] == suffix
    assert SUFFIXES["rdfxml"] == ".rdf" and SUFFIXES["ttl"] == ".ttl"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_parses_back_to_the_same_graph_with_rdflib_and_pyoxigraph(
        fmt, exported, expected):
    with_graphs = FORMATS[fmt][2]
    want = expected[with_graphs]
    assert_same(want, parse_rdflib(exported[fmt], fmt), with_graphs)
    assert_same(want, parse_oxigraph(exported[fmt], fmt), with_graphs)


def test_the_export_is_byte_for_byte_stable(graph, exported, tmp_path):
    for fmt in FORMATS:
        again = export(graph, fmt, tmp_path / f"again{FORMATS[fmt][0]}")
        assert again.read_bytes() == exported[fmt].read_bytes(), fmt


def test_turtle_uses_prefixed_names_and_jsonld_reads_naturally(exported, graph):
    turtle = exported["ttl"].read_text(encoding="utf-8")
    bert = graph.entities[0]
    assert f"entity:{bert.id} a kg:Method" in turtle
    assert "kg:evaluatedOn" in turtle and "@prefix kg: <https://w3id.org/kg/ontology#>" in turtle
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    nodes = {node["id"]: node for node in document["@graph"]}
    node = nodes[f"entity:{bert.id}"]
    assert node["type"] == "Method" and node["prefLabel"] == "BERT"
    assert node["confidence"] == "0.9" and node["supportPapers"] == 2
    result = nodes["result:result-bert-imagenet"]
    assert result["value"] == "91.5" and result["unit"] == "%" and result["type"] == "Result"
    assert result["metric"].startswith("entity:metric-")


# -- IRIs and literals ----------------------------------------------------------------------------

def test_hostile_names_survive_every_format_exactly(exported):
    for fmt in FORMATS:
        dataset = parse_oxigraph(exported[fmt], fmt)
        labels = {str(o) for o in union(dataset).objects(None, SKOS.altLabel)}
        names = {str(o) for o in union(dataset).objects(None, SKOS.prefLabel)}
        assert HOSTILE in names, fmt
        assert {SLASHED, UNICODE, "line\nbreak", "it's", "tab\there", "ctrl\ufffd\ufffd\ufffdchar"} <= labels


def test_paper_ids_become_valid_distinct_iris(triples):
    papers = {str(s): str(o) for s, o in triples.subject_objects(DCTERMS.identifier)}
    assert set(papers.values()) == {P1, P2, P3, P4, P5}
    for iri, paper_id in papers.items():
        pyoxigraph.NamedNode(iri)  # raises on an invalid IRI
        assert iri.startswith(BASE + "paper/")
        assert re.fullmatch(r"(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+", iri[len(BASE + "paper/"):])
        assert unquote(iri[len(BASE + "paper/"):]) == paper_id
    assert BASE + "paper/%2E" in papers and BASE + "paper/cond-mat%2F0412498" in papers


@given(st.text(max_size=40), st.text(max_size=40))
def test_segments_are_injective_and_safe(a, b):
    sa, sb = segment(a), segment(b)
    assert re.fullmatch(r"(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*", sa)
    assert sa not in (".", "..")
    assert (sa == sb) == (a == b)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=30), st.text(max_size=30))
def test_any_name_and_paper_id_round_trip_through_n_triples(name, paper_id):
    entity = Entity(type=EntityType.TASK, name=name, papers=[paper_id])
    graph = KnowledgeGraph(papers=[Document(id=paper_id, abstract=name)], entities=[entity],
                           links=[PaperLink(paper=paper_id, entity=entity.id,
                                            type=PaperLinkType.ADDRESSES)])
    data = "".join(_nt_text(graph)).encode()
    parsed = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    labels = [q.object.value for q in parsed if q.predicate.value == str(SKOS.prefLabel)]
    ids = [q.object.value for q in parsed if q.predicate.value == str(DCTERMS.identifier)]
    clean = re.sub("\r\n?", "\n", name)
    clean = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "\ufffd", clean)
    assert labels == [clean]
    assert len(ids) == 1


def _nt_text(graph):
    from kg.export.rdf_quads import chunks
    from kg.export.rdf_write import NTriplesSpelling, nt_text

    return nt_text(chunks(graph, spelling=NTriplesSpelling()), with_graphs=False)


def test_entity_iris_are_the_kg_ids_under_the_base(graph, triples):
    for entity in graph.entities:
        assert (rdflib.URIRef(BASE + "entity/" + entity.id), RDF.type, None) in triples


def test_the_base_iri_is_configurable_and_checked(graph, tmp_path):
    options = ExportOptions(base_iri="http://example.org/kg")
    dataset = to_rdflib(graph, options)
    subjects = {str(s) for s in union(dataset).subjects()}
    assert subjects and all(s.startswith("http://example.org/kg/") for s in subjects)
    for bad in ("not an iri", "http://example.org/a b/", "http://example.org/<x>/", ""):
        with pytest.raises(ExportError):
            export(graph, "ttl", tmp_path / "bad.ttl", ExportOptions(base_iri=bad))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_base_iri_with_markup_characters_round_trips_in_every_format(fmt, graph, tmp_path):
    options = ExportOptions(base_iri="http://example.org/a&b'c;d=1/")  # & and ' need escapes in XML
    path = export(graph, fmt, tmp_path / f"graph{FORMATS[fmt][0]}", options)
    want = to_rdflib(graph, options, named_graphs=FORMATS[fmt][2])
    assert_same(want, parse_rdflib(path, fmt), FORMATS[fmt][2])
    assert_same(want, parse_oxigraph(path, fmt), FORMATS[fmt][2])


def test_decimals_are_canonical():
    assert decimal(91.5) == ("91.5", str(vocab.XSD.decimal))
    assert decimal(4.0)[0] == "4.0" and decimal(-0.0)[0] == "0.0"
    assert decimal(1e-7)[0] == "0.0000001" and decimal(1e20)[0] == "100000000000000000000.0"
    with pytest.raises(ExportError):
        decimal(float("nan"))


# -- what the statements say ----------------------------------------------------------------------

def test_a_result_is_an_nary_node_with_a_decimal_value(triples, graph):
    index = {e.name: rdflib.URIRef(BASE + "entity/" + e.id) for e in graph.entities}
    result = rdflib.URIRef(BASE + "result/result-legal-delta")
    assert (result, RDF.type, KG.Result) in triples
    value = triples.value(result, KG.value)
    assert value.datatype == vocab.XSD.decimal and str(value) == "0.8"
    assert triples.value(result, KG.kind) == rdflib.Literal("delta")
    assert triples.value(result, KG.unit) == rdflib.Literal("points")
    assert triples.value(result, KG.metric) == index["top-1 accuracy"]
    assert triples.value(result, KG.method) == index["LEGAL-BERT"]
    assert triples.value(result, KG.baseline) == index["BERT"]
    assert triples.value(result, KG.reportedIn) == rdflib.URIRef(BASE + "paper/" + segment(P1))
    evidence = triples.value(result, PROV.wasDerivedFrom)
    assert str(triples.value(evidence, KG.sentence)) == "LEGAL-BERT gains +0.8 over BERT."
    ratio = rdflib.URIRef(BASE + "result/result-hostile-ratio")
    assert triples.value(ratio, KG.baselineLabel) == rdflib.Literal("the previous value")
    assert str(triples.value(rdflib.URIRef(BASE + "result/result-tiny"), KG.value)) == "0.0000001"
    # A result without metric, method and dataset says nothing checkable: it is left out.
    assert (rdflib.URIRef(BASE + "result/result-nothing"), None, None) not in triples


def test_a_relation_is_asserted_and_reified_with_its_evidence(triples, graph):
    index = {e.name: rdflib.URIRef(BASE + "entity/" + e.id) for e in graph.entities}
    bert, imagenet = index["BERT"], index["ImageNet"]
    assert (bert, KG.evaluatedOn, imagenet) in triples
    statements = list(triples.subjects(RDF.predicate, KG.evaluatedOn))
    assert len(statements) == 1
    statement = statements[0]
    assert (statement, RDF.type, KG.Statement) in triples
    assert triples.value(statement, RDF.subject) == bert
    assert triples.value(statement, RDF.object) == imagenet
    assert str(triples.value(statement, KG.confidence)) == "0.7"
    assert triples.value(statement, KG.supportPapers).toPython() == 2
    evidence = list(triples.objects(statement, PROV.wasDerivedFrom))
    assert len(evidence) == 2  # the repeated record of the second paper is one node
    by_paper = {str(triples.value(e, PROV.wasQuotedFrom)): e for e in evidence}
    second = by_paper[BASE + "paper/" + segment(P2)]
    assert str(triples.value(second, KG.sentence)) == "We test BERT on ImageNet."
    assert (triples.value(second, KG.start).toPython(), triples.value(second, KG.end).toPython()) == (5, 30)
    assert str(triples.value(second, KG.confidence)) == "0.8"  # the most confident duplicate
    assert str(triples.value(second, KG.extractor)) == "rules-1"


def test_papers_carry_metadata_and_links(triples, graph):
    paper = rdflib.URIRef(BASE + "paper/" + segment(P2))
    assert (paper, RDF.type, KG.Paper) in triples
    assert triples.value(paper, DCTERMS.issued) == rdflib.Literal("2020", datatype=vocab.XSD.gYear)
    assert {str(a) for a in triples.objects(paper, KG.author)} == {"Ada Lovelace", "Alan Turing"}
    assert triples.value(paper, KG.url) == rdflib.Literal("https://example.org/p?a=1&b=2",
                                                          datatype=vocab.XSD.anyURI)
    # An unusable URL is left out rather than written as an invalid anyURI.
    assert (rdflib.URIRef(BASE + "paper/" + segment(P5)), KG.url, None) not in triples
    first = rdflib.URIRef(BASE + "paper/" + segment(P1))
    legal = next(e for e in graph.entities if e.name == "LEGAL-BERT")
    assert (first, KG.proposes, rdflib.URIRef(BASE + "entity/" + legal.id)) in triples
    f1 = next(e for e in graph.entities if e.name == "F1")
    assert (first, KG.mentions, rdflib.URIRef(BASE + "entity/" + f1.id)) in triples


def test_two_links_between_a_paper_and_an_entity_are_both_kept(graph):
    bert = next(e for e in graph.entities if e.name == "BERT")
    extra = graph.model_copy(update={"links": [
        *graph.links, PaperLink(paper=P1, entity=bert.id, type=PaperLinkType.PROPOSES)]})
    triples = union(to_rdflib(extra))
    paper, node = rdflib.URIRef(BASE + "paper/" + segment(P1)), rdflib.URIRef(BASE + "entity/" + bert.id)
    assert {p for p in triples.predicates(paper, node)} == {KG.paperUses, KG.proposes}


def test_min_confidence_drops_weak_statements_and_what_depends_on_them(graph):
    weak = next(e for e in graph.entities if e.name == "weak method")
    triples = union(to_rdflib(graph, ExportOptions(min_confidence=0.65)))
    assert (rdflib.URIRef(BASE + "entity/" + weak.id), None, None) not in triples
    hostile = next(e for e in graph.entities if e.name == HOSTILE)
    outperforms = list(triples.subjects(RDF.predicate, KG.outperforms))  # 0.7 stays, 0.3 goes
    assert [triples.value(s, RDF.subject) for s in outperforms] == [
        rdflib.URIRef(BASE + "entity/" + hostile.id)]
    confidences = [o.toPython() for o in triples.objects(None, KG.confidence)]
    assert confidences and min(confidences) >= 0.65
    assert (rdflib.URIRef(BASE + "result/result-hostile-ratio"), None, None) not in triples


def test_types_and_top_cut_the_graph_and_it_still_conforms(graph):
    only = union(to_rdflib(graph, ExportOptions(types=[EntityType.METHOD, EntityType.DATASET])))
    assert (None, RDF.type, KG.Task) not in only and (None, RDF.type, KG.Metric) not in only
    assert (None, KG.evaluatedOn, None) in only and (None, KG.measuredBy, None) not in only
    result = rdflib.URIRef(BASE + "result/result-bert-imagenet")
    assert (result, KG.method, None) in only and (result, KG.metric, None) not in only
    ok, text = conforms(only)
    assert ok, text
    top = union(to_rdflib(graph, ExportOptions(top=2)))
    # BERT has most support; the ties after it go by sentences, then name.
    assert {str(o) for o in top.objects(None, SKOS.prefLabel)} == {"BERT", "F1"}


def test_include_papers_and_include_results_leave_them_out(graph):
    without_papers = union(to_rdflib(graph, ExportOptions(include_papers=False)))
    assert (None, RDF.type, KG.Paper) not in without_papers
    assert (None, KG.proposes, None) not in without_papers
    assert (None, RDF.type, KG.Result) in without_papers
    ok, text = conforms(without_papers)
    assert ok, text
    without_results = union(to_rdflib(graph, ExportOptions(include_results=False)))
    assert (None, RDF.type, KG.Result) not in without_results
    assert (None, RDF.type, KG.Paper) in without_results


def test_each_paper_has_a_named_graph_that_can_be_dropped(graph, expected):
    graphs = named_graphs(expected[True])
    assert set(graphs) == {""} | {BASE + "graph/" + segment(p.id) for p in graph.papers}
    index = {e.name: rdflib.URIRef(BASE + "entity/" + e.id) for e in graph.entities}
    evaluated = (index["BERT"], KG.evaluatedOn, index["ImageNet"])
    based_on = (index["LEGAL-BERT"], KG.basedOn, index["BERT"])
    first, second = (graphs[BASE + "graph/" + segment(p)] for p in (P1, P2))
    assert evaluated in first and evaluated in second and based_on in first
    # Drop the first paper: what only it supported goes, what the second also supports stays.
    rest = set().union(*(t for name, t in graphs.items() if name != BASE + "graph/" + segment(P1)))
    assert evaluated in rest and based_on not in rest
    assert (index["LEGAL-BERT"], SKOS.prefLabel, rdflib.Literal("LEGAL-BERT")) not in rest
    # Corpus-level aggregates sit in the default graph.
    assert (index["BERT"], KG.supportPapers, rdflib.Literal(2)) in graphs[""]


# -- ontology and shapes --------------------------------------------------------------------------

def test_the_export_uses_only_terms_the_ontology_declares(triples):
    assert undeclared_terms(triples) == set()


def test_the_export_conforms_to_the_shapes(triples):
    ok, text = conforms(triples)
    assert ok, text


def _break_value(g):
    g.remove((rdflib.URIRef(BASE + "result/result-bert-imagenet"), KG.value, None))


def _string_value(g):
    node = rdflib.URIRef(BASE + "result/result-bert-imagenet")
    g.set((node, KG.value, rdflib.Literal("91.5")))


def _unlinked_result(g):
    node = rdflib.URIRef(BASE + "result/result-tiny")
    g.remove((node, KG.metric, None))
    g.remove((node, KG.method, None))


def _evaluated_on_task(g):
    head = next(g.subjects(KG.evaluatedOn, None))
    task = next(g.subjects(RDF.type, KG.Task))
    g.add((head, KG.evaluatedOn, task))


def _two_names(g):
    g.add((next(g.subjects(RDF.type, KG.Method)), SKOS.prefLabel, rdflib.Literal("second name")))


def _two_types(g):
    g.add((next(g.subjects(RDF.type, KG.Method)), RDF.type, KG.Dataset))


def _unasserted_statement(g):
    statement = next(g.subjects(RDF.predicate, KG.basedOn))
    g.remove((g.value(statement, RDF.subject), KG.basedOn, g.value(statement, RDF.object)))


def _offsets_reversed(g):
    evidence = next(g.subjects(RDF.type, KG.Evidence))
    g.set((evidence, KG.start, rdflib.Literal(999)))


def _link_to_nothing(g):
    paper = next(g.subjects(RDF.type, KG.Paper))
    g.add((paper, KG.mentions, rdflib.URIRef(BASE + "entity/nobody")))


def _confidence_above_one(g):
    statement = next(g.subjects(RDF.type, KG.Statement))
    g.set((statement, KG.confidence, rdflib.Literal("1.5", datatype=vocab.XSD.decimal)))


@pytest.mark.parametrize("breakage", [_break_value, _string_value, _unlinked_result,
                                      _evaluated_on_task, _two_names, _two_types,
                                      _unasserted_statement, _offsets_reversed, _link_to_nothing,
                                      _confidence_above_one])
def test_a_broken_graph_does_not_conform(breakage, triples):
    broken = rdflib.Graph()
    for triple in triples:
        broken.add(triple)
    breakage(broken)
    ok, _ = conforms(broken)
    assert not ok


# -- the SPARQL cookbook --------------------------------------------------------------------------

def test_the_cookbook_has_the_promised_queries():
    assert {"methods-on-dataset", "leaderboard", "proposed-based-on", "metrics-per-task",
            "aliases", "provenance", "statements-per-paper"} <= set(cookbook())


def test_cookbook_queries_answer_on_the_hand_made_graph(exported):
    g = rdflib.Graph().parse(exported["ttl"])
    queries = cookbook()
    found = rows(g, queries["methods-on-dataset"])
    assert [(str(r["name"]), r["papers"].toPython()) for r in found] == [("BERT", 2)]
    board = rows(g, queries["leaderboard"])
    assert [(str(r["method_name"]), r["value"].toPython()) for r in board] == [
        ("BERT", __import__("decimal").Decimal("91.5")),
        ("LEGAL-BERT", __import__("decimal").Decimal("88.25"))]
    assert str(board[0]["dataset_name"]) == "ImageNet" and str(board[0]["title"]) == "BERT on images"
    proposed = rows(g, queries["proposed-based-on"])
    assert [(str(r["paper"]), str(r["name"])) for r in proposed] == [
        (BASE + "paper/cond-mat%2F0412498", "LEGAL-BERT")]
    metrics = {str(r["task_name"]): str(r["metrics"]) for r in rows(g, queries["metrics-per-task"])}
    assert metrics == {"image classification": "top-1 accuracy"}
    aliases = rows(g, queries["aliases"])
    assert {str(r["alias"]) for r in aliases} == {"acc@1", "Top-1"}
    assert {str(r["name"]) for r in aliases} == {"top-1 accuracy"}
    provenance = rows(g, queries["provenance"])
    assert len(provenance) == 1
    assert str(provenance[0]["sentence"]) == "LEGAL-BERT adapts BERT to law."
    assert (provenance[0]["start"].toPython(), provenance[0]["end"].toPython()) == (10, 40)
    assert str(provenance[0]["paper"]) == BASE + "paper/cond-mat%2F0412498"
    dataset = rdflib.Dataset()
    dataset.parse(exported["trig"], format="trig")
    per_paper = rows(dataset, queries["statements-per-paper"])
    assert {str(r["graph"]) for r in per_paper} == {
        BASE + "graph/" + segment(p) for p in (P1, P2, P3, P4, P5)}
