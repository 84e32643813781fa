"""The RDF export of the real graph of ../shared/corpus/trending-papers.txt.

The graph is built once for the module; each format is written once and parsed back with rdflib
and with pyoxigraph, compared (rdflib.compare) with the statements the exporter meant to write,
validated against ontology/shapes.ttl and queried with the cookbook of docs/sparql.md.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
import rdflib
from rdflib.compare import to_isomorphic

from kg.export import ExportOptions, export
from kg.export.rdf import FORMATS, ONTOLOGY_FILE, SHAPES_FILE, to_rdflib
from kg.model import KnowledgeGraph, RelationType
from kg.vocab import KG, RDF, SKOS

pytestmark = [pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")]

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "trending-papers.txt"
STRING = "http://www.w3.org/2001/XMLSchema#string"
OX_FORMATS = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
              "jsonld": pyoxigraph.RdfFormat.JSON_LD, "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
              "trig": pyoxigraph.RdfFormat.TRIG, "nq": pyoxigraph.RdfFormat.N_QUADS}


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    from kg.pipeline import build_graph

    return build_graph([str(CORPUS)])


@pytest.fixture(scope="module")
def exported(graph, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("trending")
    return {fmt: export(graph, fmt, out / f"graph{FORMATS[fmt][0]}") for fmt in FORMATS}


@pytest.fixture(scope="module")
def expected(graph) -> dict:
    """Per format kind: the statements meant, as canonical graphs (union, and graph by graph)."""
    triples = to_rdflib(graph)
    quads = to_rdflib(graph, named_graphs=True)
    return {False: (to_isomorphic(_union(triples)), None),
            True: (to_isomorphic(_union(quads)), _by_graph(quads))}


@pytest.fixture(scope="module")
def triples(exported) -> rdflib.Graph:
    return rdflib.Graph().parse(exported["ttl"])


def _union(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _by_graph(dataset: rdflib.Dataset) -> dict[str, frozenset]:
    graphs: dict[str, set] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, rdflib.Graph) else g
        key = "" if name is None or name == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else str(name)
        graphs.setdefault(key, set()).add((s, p, o))
    return {k: frozenset(v) for k, v in graphs.items()}


def _from_ox(term):
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if term.datatype.value == STRING:
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _parse_oxigraph(path: Path, fmt: str) -> dict[str, frozenset]:
    """Graph name ('' for the default graph) -> its triples, as rdflib terms."""
    graphs: dict[str, set] = {}
    for quad in pyoxigraph.parse(path=str(path), format=OX_FORMATS[fmt]):
        name = "" if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, set()).add(
            (_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)))
    return {k: frozenset(v) for k, v in graphs.items()}


def _parse_rdflib(path: Path, fmt: str):
    """A Dataset for the formats with named graphs, else a Graph."""
    parsed = rdflib.Dataset() if FORMATS[fmt][2] else rdflib.Graph()
    parsed.parse(path, format=FORMATS[fmt][1])
    return parsed


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_trending_graph_parses_back_isomorphic_in_every_format(fmt, exported, expected):
    with_graphs = FORMATS[fmt][2]
    canonical, graphs = expected[with_graphs]
    assert len(canonical) > 5000
    parsed = _parse_rdflib(exported[fmt], fmt)
    if with_graphs:
        assert _by_graph(parsed) == graphs
        parsed = _union(parsed)
    assert to_isomorphic(parsed) == canonical  # what rdflib.compare.isomorphic does
    # The export has no blank nodes, so isomorphic means equal: pyoxigraph's parse is compared
    # statement by statement (and graph by graph), which is stricter and quicker.
    by_oxigraph = _parse_oxigraph(exported[fmt], fmt)
    assert frozenset().union(*by_oxigraph.values()) == frozenset(canonical)
    if with_graphs:
        assert by_oxigraph == graphs


def test_trig_has_one_named_graph_per_paper(graph, expected):
    _, graphs = expected[True]
    papers = {p.id for p in graph.papers}
    assert len(graphs) - 1 == len(papers)  # plus the default graph
    assert all(graphs.values())


def test_the_trending_graph_conforms_to_the_shapes(triples):
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    ok, _, text = pyshacl.validate(triples, shacl_graph=shapes, inference="none")
    assert ok, text


def test_the_trending_graph_uses_only_ontology_terms(triples):
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE)
    declared = set(ontology.subjects(RDF.type, None))
    used = set(triples.predicates()) | set(triples.objects(None, RDF.type))
    used |= set(triples.objects(None, RDF.predicate))
    used |= {o.datatype for o in triples.objects() if isinstance(o, rdflib.Literal) and o.datatype
             and not str(o.datatype).startswith("http://www.w3.org/2001/XMLSchema#")}
    assert used - declared - {RDF.type} == set()


def _cookbook() -> dict[str, str]:
    text = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", text, flags=re.S)
    return {re.search(r"# cookbook: (\S+)", b).group(1): b for b in blocks}


def _with_values(query: str, values: str) -> str:
    """The query with its VALUES parameter line replaced."""
    return re.sub(r"VALUES [^\n]*", values, query, count=1)


def _store(path: Path, fmt: str) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(path), format=OX_FORMATS[fmt])
    return store


def _rows(store: pyoxigraph.Store, query: str) -> list[dict]:
    """The solutions of a query, run by pyoxigraph (rdflib runs them on the hand-made graph)."""
    solutions = store.query(query)
    names = [v.value for v in solutions.variables]
    return [{name: _from_ox(row[name]) for name in names if row[name] is not None}
            for row in solutions]


def test_cookbook_queries_give_sensible_rows_on_the_trending_graph(graph, exported):
    queries = _cookbook()
    triples = _store(exported["ttl"], "ttl")
    entities = graph.entity_index()
    names = {e.id: e.key for e in graph.entities}

    # 1. The dataset most methods are evaluated on.
    evaluated = [r for r in graph.relations if r.type is RelationType.EVALUATED_ON]
    assert evaluated
    top = max({r.tail_id for r in evaluated}, key=lambda d: sum(r.tail_id == d for r in evaluated))
    rows = _rows(triples, _with_values(queries["methods-on-dataset"],
                                       f'VALUES ?dataset_name {{ "{names[top]}" }}'))
    heads = {entities[r.head_id].name for r in evaluated if r.tail_id == top}
    assert {str(r["name"]) for r in rows} == heads
    assert all(r["papers"].toPython() >= 1 for r in rows)

    # 2. A leaderboard of the metric with most results: values in decreasing order.
    scored = [r for r in graph.results if r.metric_id and r.method_id and
              (r.kind is None or r.kind.value == "absolute")]
    if scored:
        metric = max({r.metric_id for r in scored}, key=lambda m: sum(r.metric_id == m for r in scored))
        rows = _rows(triples, _with_values(queries["leaderboard"],
                                           f'VALUES ?metric_name {{ "{names[metric]}" }}'))
        values = [r["value"].toPython() for r in rows]
        assert values and all(isinstance(v, Decimal) for v in values)
        assert values == sorted(values, reverse=True)

    # 3. Papers proposing a method based on some method (BERT is not among this corpus's bases).
    based = [r for r in graph.relations if r.type is RelationType.BASED_ON]
    proposed = {(link.paper, link.entity) for link in graph.links if link.type.value == "PROPOSES"}
    pairs = [(p, r) for r in based for p, e in proposed if e == r.head_id]
    for bert_like in sorted({names[r.tail_id] for _, r in pairs} or {"bert"})[:3]:
        rows = _rows(triples, _with_values(queries["proposed-based-on"],
                                           f'VALUES ?base_name {{ "{bert_like}" }}'))
        want = {entities[r.head_id].name for _, r in pairs if names[r.tail_id] == bert_like}
        assert want <= {str(r["name"]) for r in rows}

    # 4. Metrics per task: counts match the MEASURED_BY relations of tasks.
    rows = _rows(triples, queries["metrics-per-task"])
    measured = [r for r in graph.relations if r.type is RelationType.MEASURED_BY
                and entities[r.head_id].type.value == "Task"]
    assert sum(r["count"].toPython() for r in rows) == len({(r.head_id, r.tail_id) for r in measured})

    # 5. Aliases: look an entity up by one alias, get its name and all its aliases.
    entity = next(e for e in graph.entities if len(set(e.aliases) - {e.name}) >= 1)
    alias = sorted(set(entity.aliases) - {entity.name})[0]
    rows = _rows(triples, _with_values(queries["aliases"], f'VALUES ?label {{ "{alias}" }}'))
    assert str(entity.name) in {str(r["name"]) for r in rows}
    assert set(entity.aliases) - {entity.name} <= {str(r["alias"]) for r in rows}

    # 6. Provenance of the first relation with evidence: the sentence and offsets it came from.
    relation = next(r for r in graph.relations if r.evidence)
    prop = f"kg:{_local(relation.type)}"
    rows = _rows(triples, _with_values(
        queries["provenance"],
        f'VALUES (?head_name ?relation ?tail_name) {{ ("{names[relation.head_id]}" {prop} '
        f'"{names[relation.tail_id]}") }}'))
    sentences = {str(r["sentence"]) for r in rows}
    assert relation.evidence[0].sentence in sentences
    assert all(r["start"].toPython() <= r["end"].toPython() for r in rows)

    # 7. Statements per paper, over the TriG export.
    rows = _rows(_store(exported["trig"], "trig"), queries["statements-per-paper"])
    assert len(rows) == len(graph.papers)
    assert all(r["statements"].toPython() > 3 for r in rows)


def _local(relation_type: RelationType) -> str:
    from kg.vocab import RELATION_PROPERTIES

    return str(RELATION_PROPERTIES[relation_type.value]).split("#")[1]


def test_base_iri_and_filters_apply_to_the_real_graph(graph):
    options = ExportOptions(base_iri="http://example.org/corpus/", min_confidence=0.6)
    triples = _union(to_rdflib(graph, options))
    assert all(str(s).startswith("http://example.org/corpus/") for s in triples.subjects())
    assert min(o.toPython() for o in triples.objects(None, KG.confidence)) >= Decimal("0.6")
    assert (None, SKOS.prefLabel, None) in triples
