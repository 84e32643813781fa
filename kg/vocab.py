"""The kg ontology's terms as rdflib namespaces, and kg's enums mapped to them.

Generated from ontology/kg.ttl by `python -m kg.export.rdf_codegen`: do not edit by hand.
Reused terms come from rdflib's own namespaces (DCTERMS, PROV, RDF, SKOS, XSD).
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace, DCTERMS, PROV, RDF, SKOS, XSD
from rdflib.term import URIRef

__all__ = [
    "ONTOLOGY", "FABIO", "KG", "MLS", "DCTERMS", "PROV", "RDF", "SKOS", "XSD", "PREFIXES",
    "ENTITY_CLASSES", "RELATION_PROPERTIES", "PAPER_LINK_PROPERTIES", "JSONLD_CONTEXT",
]

ONTOLOGY = URIRef("https://w3id.org/kg/ontology")


class KG(DefinedNamespace):
    """kg ontology: https://w3id.org/kg/ontology#"""

    _NS = Namespace("https://w3id.org/kg/ontology#")
    _fail = True

    Dataset: URIRef  # Dataset
    Evidence: URIRef  # Evidence
    Method: URIRef  # Method
    Metric: URIRef  # Metric
    Paper: URIRef  # Paper
    ResearchEntity: URIRef  # Research entity
    Result: URIRef  # Result
    Statement: URIRef  # Statement
    Task: URIRef  # Task
    addresses: URIRef  # addresses
    arxivId: URIRef  # arXiv id
    asWritten: URIRef  # as written
    author: URIRef  # author
    basedOn: URIRef  # based on
    baseline: URIRef  # baseline
    baselineLabel: URIRef  # baseline label
    benchmarkFor: URIRef  # benchmark for
    confidence: URIRef  # confidence
    dataset: URIRef  # dataset
    doi: URIRef  # DOI
    end: URIRef  # end offset
    enumValue: URIRef  # enum value
    evaluatedOn: URIRef  # evaluated on
    extractor: URIRef  # extractor
    kind: URIRef  # kind
    measuredBy: URIRef  # measured by
    mentions: URIRef  # mentions
    method: URIRef  # method
    metric: URIRef  # metric
    normalizedName: URIRef  # normalized name
    outperforms: URIRef  # outperforms
    paperAddresses: URIRef  # paper addresses
    paperUses: URIRef  # paper uses
    proposes: URIRef  # proposes
    relatedTo: URIRef  # related to
    reportedIn: URIRef  # reported in
    sentence: URIRef  # sentence
    sentenceIndex: URIRef  # sentence index
    start: URIRef  # start offset
    supportPapers: URIRef  # support (papers)
    supportSentences: URIRef  # support (sentences)
    unit: URIRef  # unit
    url: URIRef  # URL
    uses: URIRef  # uses
    value: URIRef  # value
    venue: URIRef  # venue


class FABIO(DefinedNamespace):
    """fabio: http://purl.org/spar/fabio/"""

    _NS = Namespace("http://purl.org/spar/fabio/")
    _fail = True

    ResearchPaper: URIRef  # research paper


class MLS(DefinedNamespace):
    """mls: http://www.w3.org/ns/mls#"""

    _NS = Namespace("http://www.w3.org/ns/mls#")
    _fail = True

    Algorithm: URIRef  # algorithm
    Dataset: URIRef  # dataset (ML-Schema)
    EvaluationMeasure: URIRef  # evaluation measure
    Implementation: URIRef  # implementation
    ModelEvaluation: URIRef  # model evaluation
    Task: URIRef  # task (ML-Schema)
    hasValue: URIRef  # has value
    specifiedBy: URIRef  # specified by


#: Prefix -> namespace that every export declares.
PREFIXES: dict[str, str] = {
    "kg": "https://w3id.org/kg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "mls": "http://www.w3.org/ns/mls#",
    "fabio": "http://purl.org/spar/fabio/",
}

#: EntityType value -> class.
ENTITY_CLASSES: dict[str, URIRef] = {
    "Dataset": KG.Dataset,
    "Method": KG.Method,
    "Metric": KG.Metric,
    "Task": KG.Task,
}

#: RelationType value -> property between entities.
RELATION_PROPERTIES: dict[str, URIRef] = {
    "ADDRESSES": KG.addresses,
    "BASED_ON": KG.basedOn,
    "BENCHMARK_FOR": KG.benchmarkFor,
    "EVALUATED_ON": KG.evaluatedOn,
    "MEASURED_BY": KG.measuredBy,
    "OUTPERFORMS": KG.outperforms,
    "USES": KG.uses,
}

#: PaperLinkType value -> property from a paper to an entity.
PAPER_LINK_PROPERTIES: dict[str, URIRef] = {
    "ADDRESSES": KG.paperAddresses,
    "MENTIONS": KG.mentions,
    "PROPOSES": KG.proposes,
    "USES": KG.paperUses,
}

#: The JSON-LD context (also written to ontology/context.jsonld).
JSONLD_CONTEXT: dict = {   'kg': 'https://w3id.org/kg/ontology#',
    'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
    'rdfs': 'http://www.w3.org/2000/01/rdf-schema#',
    'xsd': 'http://www.w3.org/2001/XMLSchema#',
    'skos': 'http://www.w3.org/2004/02/skos/core#',
    'dcterms': 'http://purl.org/dc/terms/',
    'prov': 'http://www.w3.org/ns/prov#',
    'mls': 'http://www.w3.org/ns/mls#',
    'fabio': 'http://purl.org/spar/fabio/',
    'id': '@id',
    'type': '@type',
    'abstract': 'dcterms:abstract',
    'identifier': 'dcterms:identifier',
    'issued': 'dcterms:issued',
    'title': 'dcterms:title',
    'object': {'@id': 'rdf:object', '@type': '@id'},
    'predicate': {'@id': 'rdf:predicate', '@type': '@id'},
    'subject': {'@id': 'rdf:subject', '@type': '@id'},
    'altLabel': 'skos:altLabel',
    'prefLabel': 'skos:prefLabel',
    'hasValue': 'mls:hasValue',
    'specifiedBy': {'@id': 'mls:specifiedBy', '@type': '@id'},
    'wasDerivedFrom': {'@id': 'prov:wasDerivedFrom', '@type': '@id'},
    'wasQuotedFrom': {'@id': 'prov:wasQuotedFrom', '@type': '@id'},
    'Dataset': 'kg:Dataset',
    'Evidence': 'kg:Evidence',
    'Method': 'kg:Method',
    'Metric': 'kg:Metric',
    'Paper': 'kg:Paper',
    'ResearchEntity': 'kg:ResearchEntity',
    'Result': 'kg:Result',
    'Statement': 'kg:Statement',
    'Task': 'kg:Task',
    'addresses': {'@id': 'kg:addresses', '@type': '@id'},
    'arxivId': 'kg:arxivId',
    'asWritten': 'kg:asWritten',
    'author': 'kg:author',
    'basedOn': {'@id': 'kg:basedOn', '@type': '@id'},
    'baseline': {'@id': 'kg:baseline', '@type': '@id'},
    'baselineLabel': 'kg:baselineLabel',
    'benchmarkFor': {'@id': 'kg:benchmarkFor', '@type': '@id'},
    'confidence': {'@id': 'kg:confidence', '@type': 'xsd:decimal'},
    'dataset': {'@id': 'kg:dataset', '@type': '@id'},
    'doi': 'kg:doi',
    'end': 'kg:end',
    'evaluatedOn': {'@id': 'kg:evaluatedOn', '@type': '@id'},
    'extractor': 'kg:extractor',
    'kind': 'kg:kind',
    'measuredBy': {'@id': 'kg:measuredBy', '@type': '@id'},
    'mentions': {'@id': 'kg:mentions', '@type': '@id'},
    'method': {'@id': 'kg:method', '@type': '@id'},
    'metric': {'@id': 'kg:metric', '@type': '@id'},
    'normalizedName': 'kg:normalizedName',
    'outperforms': {'@id': 'kg:outperforms', '@type': '@id'},
    'paperAddresses': {'@id': 'kg:paperAddresses', '@type': '@id'},
    'paperUses': {'@id': 'kg:paperUses', '@type': '@id'},
    'proposes': {'@id': 'kg:proposes', '@type': '@id'},
    'relatedTo': {'@id': 'kg:relatedTo', '@type': '@id'},
    'reportedIn': {'@id': 'kg:reportedIn', '@type': '@id'},
    'sentence': 'kg:sentence',
    'sentenceIndex': 'kg:sentenceIndex',
    'start': 'kg:start',
    'supportPapers': 'kg:supportPapers',
    'supportSentences': 'kg:supportSentences',
    'unit': 'kg:unit',
    'url': {'@id': 'kg:url', '@type': 'xsd:anyURI'},
    'uses': {'@id': 'kg:uses', '@type': '@id'},
    'value': {'@id': 'kg:value', '@type': 'xsd:decimal'},
    'venue': 'kg:venue'}
