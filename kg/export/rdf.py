"""RDF exporters: Turtle, N-Triples, JSON-LD, RDF/XML, TriG and N-Quads, all from one quad stream.

Terms come from the kg ontology (`ontology/kg.ttl`, as `kg.vocab`); what a graph becomes is told
in `kg.export.rdf_quads`, the IRI scheme in `kg.export.rdf_terms`. TriG and N-Quads put each
paper's statements in a named graph of its own; the triple formats write every statement once.

For small graphs and for queries, `to_rdflib` gives the same statements as an rdflib Dataset.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import rdflib

from kg.errors import ExportError
from kg.export import ExportOptions
from kg.export.rdf_quads import chunks, quads
from kg.export.rdf_terms import Iris
from kg.export.rdf_write import (JsonLdSpelling, NTriplesSpelling, RdfXmlSpelling, TurtleSpelling,
                                 jsonld_text, nt_text, rdfxml_text, turtle_text, write_text)
from kg.model import KnowledgeGraph

from ontology import CONTEXT_FILE, DIR as ONTOLOGY_DIR, ONTOLOGY_FILE, SHAPES_FILE  # noqa: E402  (installed data)

#: Format name -> (file suffix, rdflib parser name, whether it holds named graphs).
FORMATS: dict[str, tuple[str, str, bool]] = {
    "ttl": (".ttl", "turtle", False),
    "nt": (".nt", "nt", False),
    "jsonld": (".jsonld", "json-ld", False),
    "rdfxml": (".rdf", "xml", False),
    "trig": (".trig", "trig", True),
    "nq": (".nq", "nquads", True),
}


def export_rdf(graph: KnowledgeGraph, out: Path, options: ExportOptions, fmt: str) -> None:
    """Write `graph` to `out` in the RDF format `fmt` (a key of FORMATS)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown RDF format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    iris = Iris(options.base_iri)
    named = FORMATS[fmt][2]
    try:
        with _collector_paused(), open(out, "w", encoding="utf-8", newline="\n") as handle:
            if fmt in ("nt", "nq"):
                stream = chunks(graph, options, named_graphs=named, spelling=NTriplesSpelling())
                blocks = nt_text(stream, with_graphs=named)
            elif fmt in ("ttl", "trig"):
                spelling = TurtleSpelling(iris)
                stream = chunks(graph, options, named_graphs=named, spelling=spelling)
                blocks = turtle_text(stream, spelling, with_graphs=named)
            elif fmt == "rdfxml":
                spelling = RdfXmlSpelling(iris)
                blocks = rdfxml_text(chunks(graph, options, spelling=spelling), spelling)
            else:
                spelling = JsonLdSpelling(iris)
                blocks = jsonld_text(chunks(graph, options, spelling=spelling), spelling)
            write_text(blocks, handle)
    except OSError as error:
        raise ExportError(f"cannot write {out}: {error}", source=str(out)) from error


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for an export. The export allocates a tuple per
    statement and makes no reference cycles, so a collection finds nothing to free, but each one
    walks every record of the graph: about a fifth of a 1M-statement export's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def export_ttl(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """Turtle: every statement once, prefixed names, one block per subject."""
    export_rdf(graph, out, options, "ttl")


def export_nt(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """N-Triples: one statement a line."""
    export_rdf(graph, out, options, "nt")


def export_jsonld(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """JSON-LD with the ontology's context inline (no network needed to read it)."""
    export_rdf(graph, out, options, "jsonld")


def export_rdfxml(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """RDF/XML."""
    export_rdf(graph, out, options, "rdfxml")


def export_trig(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """TriG: aggregates in the default graph, each paper's statements in a named graph."""
    export_rdf(graph, out, options, "trig")


def export_nq(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """N-Quads: as TriG, one statement a line."""
    export_rdf(graph, out, options, "nq")


def to_rdflib(graph: KnowledgeGraph, options: Optional[ExportOptions] = None, *,
              named_graphs: bool = False) -> rdflib.Dataset:
    """The export's statements as an rdflib Dataset (for SHACL, SPARQL and small graphs)."""
    options = options or ExportOptions()
    dataset = rdflib.Dataset()
    for prefix, namespace in {**Iris(options.base_iri).prefixes}.items():
        dataset.bind(prefix, namespace)
    default = dataset.default_graph
    graphs: dict[str, rdflib.Graph] = {}
    terms: dict = {}

    def term(value):
        cached = terms.get(value)
        if cached is None:
            if type(value) is str:
                cached = rdflib.URIRef(value)
            else:
                lexical, datatype = value
                cached = rdflib.Literal(lexical, datatype=rdflib.URIRef(datatype) if datatype else None)
            terms[value] = cached
        return cached

    for s, p, o, g in quads(graph, options, named_graphs=named_graphs):
        target = default
        if g is not None:
            target = graphs.get(g)
            if target is None:
                target = graphs[g] = dataset.graph(rdflib.URIRef(g))
        target.add((term(s), term(p), term(o)))
    return dataset
