"""Serialise a stream of quads: N-Triples, N-Quads, Turtle, TriG, JSON-LD and RDF/XML.

Every writer streams: it holds one subject's statements at a time, never the graph, so memory
does not grow with the output. The line formats and Turtle/TriG are written here as text (a
subset of each grammar: absolute or prefixed IRIs, quoted or numeric literals, one subject block
per run of statements about it), which is about twice as fast as building pyoxigraph terms for
each triple; RDF/XML goes through pyoxigraph's streaming parser and serialiser. Every format is
checked in the tests by parsing it back with rdflib and pyoxigraph.
"""

from __future__ import annotations

import io
import json
import re
from typing import IO, Iterable, Iterator, Optional

import pyoxigraph

from kg.export.rdf_terms import DECIMAL, INTEGER, KINDS, Iris, Quad, Term
from kg.vocab import JSONLD_CONTEXT, PREFIXES, RDF

TYPE = str(RDF.type)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
#: A local name Turtle can write after a prefix without escapes (RDF 1.1 Turtle PN_LOCAL subset).
_CACHE = 1 << 15
_LOCAL = re.compile(r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_\-.]|%[0-9A-Fa-f]{2})*(?<!\.)")


def nt_text(chunks: Iterable[list[Quad]], *, with_graphs: bool) -> Iterator[str]:
    """N-Triples (or, with graphs, N-Quads), a block of lines per chunk of quads."""
    for chunk in chunks:
        lines = []
        add = lines.append
        for s, p, o, g in chunk:
            if type(o) is str:
                obj = f"<{o}>"
            elif o[1] is None:
                obj = '"' + o[0].translate(_ESCAPES) + '"'
            else:
                obj = f'"{o[0].translate(_ESCAPES)}"^^<{o[1]}>'
            if with_graphs and g is not None:
                add(f"<{s}> <{p}> {obj} <{g}> .\n")
            else:
                add(f"<{s}> <{p}> {obj} .\n")
        yield "".join(lines)


def write_text(blocks: Iterable[str], out: IO[str]) -> None:
    for block in blocks:
        out.write(block)


class _Names:
    """Prefixed names for Turtle, TriG and JSON-LD: vocabulary terms and kg's node IRIs."""

    def __init__(self, iris: Iris) -> None:
        self.prefixes = {**PREFIXES, **iris.prefixes}
        self.vocab: dict[str, str] = {}
        for prefix, namespace in PREFIXES.items():
            for term in _namespace_terms(namespace):
                self.vocab[namespace + term] = f"{prefix}:{term}"
        self.base = iris.base
        self.kinds = frozenset(KINDS)

    def curie(self, iri: str) -> Optional[str]:
        """`prefix:local` for a vocabulary term or a node IRI; None when it has no safe one."""
        name = self.vocab.get(iri)
        if name is not None:
            return name
        if iri.startswith(self.base):
            kind, slash, local = iri[len(self.base):].partition("/")
            if slash and kind in self.kinds and _LOCAL.fullmatch(local):
                return f"{kind}:{local}"
        return None

    def turtle(self, term: Term) -> str:
        if type(term) is str:
            return self.curie(term) or f"<{term}>"
        return self.literal(term)

    def literal(self, term: tuple) -> str:
        lexical, datatype = term
        if datatype is None:
            return '"' + lexical.translate(_ESCAPES) + '"'
        if datatype == DECIMAL or datatype == INTEGER:
            return lexical
        quoted = '"' + lexical.translate(_ESCAPES) + '"'
        return f"{quoted}^^{self.curie(datatype) or f'<{datatype}>'}"

    def iri_renderer(self):
        """A memoised `iri -> Turtle name` (nodes recur: entities, papers, subjects' runs)."""
        cache: dict[str, str] = {}
        curie = self.curie

        def render(iri: str) -> str:
            name = cache.get(iri)
            if name is None:
                if len(cache) >= _CACHE:
                    cache.clear()
                name = cache[iri] = curie(iri) or f"<{iri}>"
            return name

        return render


def _namespace_terms(namespace: str) -> list[str]:
    """Local names of the vocabulary terms kg uses in a namespace (from the generated vocab)."""
    from kg import vocab

    names = []
    for cls_name in vocab.__all__:
        cls = getattr(vocab, cls_name)
        if isinstance(cls, type) and str(cls) == namespace:
            names.extend(getattr(cls, "__annotations__", {}))
    return names


def turtle_text(chunks: Iterable[list[Quad]], iris: Iris, *, with_graphs: bool) -> Iterator[str]:
    """Turtle (or, with graphs, TriG): prefixes, then one block per run of same-subject quads."""
    names = _Names(iris)
    yield "".join(f"@prefix {prefix}: <{namespace}> .\n"
                  for prefix, namespace in names.prefixes.items())
    iri, literal = names.iri_renderer(), names.literal
    predicates = {p: ("a" if p == TYPE else iri(p)) for p in names.vocab}
    subject = graph = None
    for chunk in chunks:
        parts: list[str] = []
        add = parts.append
        for s, p, o, g in chunk:
            if not with_graphs:
                g = None
            if g != graph:
                if subject is not None:
                    add(" .\n")
                    subject = None
                if graph is not None:
                    add("}\n")
                graph = g
                if g is not None:
                    add(f"\n{iri(g)} {{\n")
            obj = iri(o) if type(o) is str else literal(o)
            predicate = predicates.get(p) or iri(p)
            if s == subject:
                add(f" ;\n    {predicate} {obj}")
            else:
                if subject is not None:
                    add(" .\n")
                subject = s
                add(f"\n{iri(s)} {predicate} {obj}")
        yield "".join(parts)
    yield (" .\n" if subject is not None else "") + ("}\n" if graph is not None else "")


def jsonld_context(iris: Iris) -> dict:
    """The ontology's JSON-LD context plus a prefix per kind of node IRI under the export's base."""
    context = dict(JSONLD_CONTEXT)
    for kind, namespace in iris.prefixes.items():
        if kind in context:
            raise ValueError(f"JSON-LD term {kind!r} is both a vocabulary term and a node prefix")
        context[kind] = namespace
    return context


class _JsonNodes:
    """Node objects of compact JSON-LD under `jsonld_context`."""

    def __init__(self, iris: Iris) -> None:
        self.names = _Names(iris)
        self.terms: dict[str, tuple[str, Optional[str]]] = {}
        for key, definition in JSONLD_CONTEXT.items():
            if key.startswith("@") or isinstance(definition, str) and definition.startswith("@"):
                continue
            curie, coerce = (definition, None) if isinstance(definition, str) else (
                definition["@id"], definition.get("@type"))
            if ":" in curie and curie.split(":", 1)[0] in PREFIXES and not curie.endswith(":"):
                prefix, local = curie.split(":", 1)
                self.terms[PREFIXES[prefix] + local] = (key, coerce)
        self.xsd = PREFIXES["xsd"]

    def iri(self, iri: str) -> str:
        return self.names.curie(iri) or iri

    def node(self, subject: str, statements: list[tuple[str, Term]]) -> dict:
        node: dict = {"id": self.iri(subject)}
        for p, o in statements:
            if p == TYPE:
                term = self.terms.get(o)
                node.setdefault("type", []).append(term[0] if term else self.iri(o))
                continue
            key, coerce = self.terms.get(p, (p, None))
            node.setdefault(key, []).append(self.value(o, coerce))
        return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in node.items()}

    def value(self, o: Term, coerce: Optional[str]):
        if type(o) is str:
            return self.iri(o) if coerce == "@id" else {"id": self.iri(o)}
        lexical, datatype = o
        if datatype is None:
            return lexical if coerce is None else {"@value": lexical}
        if coerce is not None and coerce == "xsd:" + datatype[len(self.xsd):]:
            return lexical
        if datatype == INTEGER and coerce is None:
            return int(lexical)
        return {"@value": lexical, "@type": self.iri(datatype)}


def jsonld_text(chunks: Iterable[list[Quad]], iris: Iris) -> Iterator[str]:
    """A JSON-LD document: the context, then one node object per run of same-subject triples."""
    nodes = _JsonNodes(iris)
    context = jsonld_context(iris)
    yield '{\n"@context": {\n' + ",\n".join(
        f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in context.items())
    yield '\n},\n"@graph": ['
    subject, statements, separator = None, [], "\n"
    for chunk in chunks:
        parts: list[str] = []
        for s, p, o, _ in chunk:
            if s != subject and subject is not None:
                parts.append(separator + json.dumps(nodes.node(subject, statements),
                                                    ensure_ascii=False))
                separator, statements = ",\n", []
            subject = s
            statements.append((p, o))
        yield "".join(parts)
    if subject is not None:
        yield separator + json.dumps(nodes.node(subject, statements), ensure_ascii=False)
    yield "\n]}\n"


class _TextReader(io.RawIOBase):
    """A binary file object that reads from an iterator of text blocks (pipes them to pyoxigraph)."""

    def __init__(self, blocks: Iterator[str]) -> None:
        self.blocks = blocks
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            block = next(self.blocks, None)
            if block is None:
                return 0
            self.pending = block.encode("utf-8")
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def write_rdfxml(chunks: Iterable[list[Quad]], iris: Iris, out: IO[bytes]) -> None:
    """RDF/XML, streamed through pyoxigraph (N-Triples in, RDF/XML out)."""
    reader = io.BufferedReader(_TextReader(nt_text(chunks, with_graphs=False)), 1 << 16)
    triples = (quad.triple for quad in pyoxigraph.parse(reader, format=pyoxigraph.RdfFormat.N_TRIPLES))
    pyoxigraph.serialize(triples, out, format=pyoxigraph.RdfFormat.RDF_XML,
                         prefixes={**PREFIXES, **iris.prefixes})
