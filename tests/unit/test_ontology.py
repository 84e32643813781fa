"""The ontology, its SHACL shapes, its JSON-LD context and the generated vocab agree with each other."""

from __future__ import annotations

import json

import pytest
import rdflib
from rdflib import OWL, RDFS
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg import vocab
from kg.export import rdf_codegen
from kg.export.rdf import CONTEXT_FILE, ONTOLOGY_FILE, SHAPES_FILE
from kg.model import RELATION_SIGNATURES, EntityType, PaperLinkType, RelationType

KG = rdflib.Namespace(rdf_codegen.KG_NS)
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
RDF = rdflib.RDF
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
XSD_NS = str(rdflib.XSD)
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
#: Namespaces whose terms need no declaration: RDF, RDFS, OWL and the XSD datatypes.
BUILTIN = (str(RDF), str(RDFS), str(OWL), XSD_NS)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_FILE)


@pytest.fixture(scope="module")
def declared(ontology) -> dict:
    return rdf_codegen.declared_terms(ontology)


def test_the_ontology_parses_and_says_what_it_reuses(ontology):
    header = rdflib.URIRef(rdf_codegen.ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, RDFS.comment)
    text = ONTOLOGY_FILE.read_text(encoding="utf-8")
    for vocabulary in ("ML-Schema", "PROV-O", "SKOS", "DCMI Terms", "FaBiO"):
        assert vocabulary in text.split("@prefix")[0], vocabulary


def test_every_kg_term_has_label_comment_domain_and_range(ontology, declared):
    kg_terms = [t for t in declared if str(t).startswith(str(KG))]
    assert len(kg_terms) > 40
    for term in kg_terms:
        assert ontology.value(term, RDFS.label), term
        assert ontology.value(term, RDFS.comment), term
        if declared[term] != OWL.Class:
            assert ontology.value(term, RDFS.domain) is not None, term
            assert ontology.value(term, RDFS.range) is not None, term


def test_every_class_and_property_has_label_and_comment(ontology):
    for kind in DECLARATIONS:
        for term in ontology.subjects(RDF.type, kind):
            if isinstance(term, rdflib.URIRef):
                assert ontology.value(term, RDFS.label), term
                assert ontology.value(term, RDFS.comment), term


def test_reused_terms_exist_in_their_vocabularies(ontology, declared):
    known = {str(SKOS): SKOS, str(PROV): PROV, str(DCTERMS): DCTERMS, str(RDF): RDF}
    for term in declared:
        if str(term).startswith(str(KG)):
            continue
        assert ontology.value(term, RDFS.isDefinedBy) is not None, term
        for namespace, defined in known.items():
            if str(term).startswith(namespace):
                getattr(defined, str(term)[len(namespace):])  # raises for an unknown term


def test_the_ontology_uses_no_undeclared_term(ontology, declared):
    header = rdflib.URIRef(rdf_codegen.ONTOLOGY_IRI)
    # Besides terms: the ontology itself, its header's annotations and the documents it cites.
    documents = {header, *ontology.predicates(header, None),
                 *(o for o in ontology.objects(header, None) if isinstance(o, rdflib.URIRef)),
                 *ontology.objects(None, RDFS.isDefinedBy)}
    iris = {t for triple in ontology for t in triple if isinstance(t, rdflib.URIRef)}
    undeclared = {t for t in iris
                  if t not in declared and not str(t).startswith(BUILTIN) and t not in documents}
    assert undeclared == set()
    assert not {t for t in documents if str(t).startswith(str(KG))} - {header}


def test_relation_properties_match_the_guideline_signatures(ontology):
    classes = {vocab.ENTITY_CLASSES[t.value]: t for t in EntityType}
    for relation, prop in vocab.RELATION_PROPERTIES.items():
        domain = ontology.value(prop, RDFS.domain)
        heads = ({classes[domain]} if domain in classes else
                 {classes[c] for c in ontology.items(ontology.value(domain, OWL.unionOf))})
        tails = {classes[ontology.value(prop, RDFS.range)]}
        signature = RELATION_SIGNATURES[RelationType(relation)]
        assert {(h, t) for h in heads for t in tails} == set(signature), relation


def test_every_enum_value_has_a_term():
    assert set(vocab.ENTITY_CLASSES) == {t.value for t in EntityType}
    assert set(vocab.RELATION_PROPERTIES) == {t.value for t in RelationType}
    assert set(vocab.PAPER_LINK_PROPERTIES) == {t.value for t in PaperLinkType}


def test_generated_files_are_up_to_date():
    for path, text in rdf_codegen.outputs().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run python -m kg.export.rdf_codegen")


def test_the_generated_namespace_rejects_unknown_terms():
    assert str(vocab.KG.evaluatedOn) == str(KG.evaluatedOn)
    with pytest.raises(AttributeError):
        vocab.KG.evaluatedOnn  # noqa: B018


def test_shapes_use_only_ontology_terms_and_agree_with_its_ranges(ontology, shapes, declared):
    used = set()
    for predicate in (SH.path, SH.targetClass, SH.targetSubjectsOf, SH["class"], SH.targetNode):
        used |= {o for o in shapes.objects(None, predicate) if isinstance(o, rdflib.URIRef)}
    for members in shapes.objects(None, SH["in"]):
        used |= {m for m in shapes.items(members) if isinstance(m, rdflib.URIRef)}
    assert used and not {t for t in used if t not in declared and not str(t).startswith(BUILTIN)}
    assert vocab.KG.Result in used and vocab.KG.Statement in used
    for shape in shapes.subjects(SH.path, None):
        path = shapes.value(shape, SH.path)
        rng = ontology.value(path, RDFS.range)
        if rng is None:
            continue
        datatype, cls = shapes.value(shape, SH.datatype), shapes.value(shape, SH["class"])
        if datatype is not None:
            assert datatype == rng, path
        if cls is not None:
            assert cls == rng or (cls, RDFS.subClassOf, rng) in ontology, path


def test_the_jsonld_context_names_ontology_terms(declared):
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert context == vocab.JSONLD_CONTEXT
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.startswith("http")}
    for key, value in context.items():
        if key in prefixes or key in ("id", "type"):
            continue
        curie = value if isinstance(value, str) else value["@id"]
        prefix, local = curie.split(":", 1)
        assert rdflib.URIRef(prefixes[prefix] + local) in declared, key
    document = {"@context": context, "id": "http://example.org/r", "type": "Result",
                "value": "4.5", "metric": "http://example.org/m", "prefLabel": "x"}
    graph = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    r = rdflib.URIRef("http://example.org/r")
    assert (r, RDF.type, vocab.KG.Result) in graph
    assert (r, vocab.KG.value, rdflib.Literal("4.5", datatype=rdflib.XSD.decimal)) in graph
    assert (r, vocab.KG.metric, rdflib.URIRef("http://example.org/m")) in graph
    assert (r, SKOS.prefLabel, rdflib.Literal("x")) in graph
