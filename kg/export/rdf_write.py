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

from kg.export.rdf_terms import DECIMAL, INTEGER, KINDS, Iris, Quad, Spelling, Term, text
from kg.vocab import JSONLD_CONTEXT, PREFIXES, RDF

TYPE = str(RDF.type)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
#: A local name Turtle can write after a prefix without escapes (RDF 1.1 Turtle PN_LOCAL subset).
_LOCAL = re.compile(r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_\-.]|%[0-9A-Fa-f]{2})*(?<!\.)")


def _quoted(value: str) -> str:
    """A string between double quotes, escaped as N-Triples and Turtle want it."""
    if '"' in value or "\\" in value or "\n" in value or "\r" in value:
        value = value.translate(_ESCAPES)
    return f'"{value}"'


class NTriplesSpelling(Spelling):
    """Terms as N-Triples and N-Quads write them: `<iri>`, `"text"`, `"5"^^<...#integer>`."""

    def iri(self, iri: str) -> str:
        return f"<{iri}>"

    def literal(self, lexical: str, datatype: Optional[str]) -> str:
        if datatype is None:
            return _quoted(lexical)
        return f"{_quoted(lexical)}^^<{datatype}>"

    def string(self, value: str) -> str:
        if value.isprintable():  # no line breaks or control characters: only " and \ to escape
            if '"' in value or "\\" in value:
                value = value.translate(_ESCAPES)
            return f'"{value}"'
        return _quoted(text(value)[0])

    def integer(self, value: int) -> str:
        return f'"{value:d}"^^<{INTEGER}>'


def nt_text(chunks: Iterable[list[Quad]], *, with_graphs: bool) -> Iterator[str]:
    """N-Triples (or, with graphs, N-Quads), a block of lines per chunk of quads spelled by
    `NTriplesSpelling`."""
    for chunk in chunks:
        if with_graphs:
            yield "".join([f"{s} {p} {o} .\n" if g is None else f"{s} {p} {o} {g} .\n"
                           for s, p, o, g in chunk])
        else:
            yield "".join([f"{s} {p} {o} .\n" for s, p, o, _ in chunk])


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


class TurtleSpelling(NTriplesSpelling):
    """Terms as Turtle and TriG write them: prefixed names where they are safe, bare numbers."""

    def __init__(self, iris: Iris) -> None:
        self.names = _Names(iris)

    def iri(self, iri: str) -> str:
        return self.names.curie(iri) or f"<{iri}>"

    def predicate(self, iri: str) -> str:
        return "a" if iri == TYPE else self.iri(iri)

    def literal(self, lexical: str, datatype: Optional[str]) -> str:
        if datatype is None:
            return _quoted(lexical)
        if datatype == DECIMAL or datatype == INTEGER:
            return lexical
        return f"{_quoted(lexical)}^^{self.iri(datatype)}"

    def integer(self, value: int) -> str:
        return f"{value:d}"


def _namespace_terms(namespace: str) -> list[str]:
    """Local names of the vocabulary terms kg uses in a namespace (from the generated vocab)."""
    from kg import vocab

    names = []
    for cls_name in vocab.__all__:
        cls = getattr(vocab, cls_name)
        if isinstance(cls, type) and str(cls) == namespace:
            names.extend(getattr(cls, "__annotations__", {}))
    return names


def turtle_text(chunks: Iterable[list[Quad]], spelling: TurtleSpelling, *,
                with_graphs: bool) -> Iterator[str]:
    """Turtle (or, with graphs, TriG) of quads spelled by `spelling`: prefixes, then one block
    per run of same-subject quads (in TriG, inside a block per run of same-graph quads)."""
    yield "".join(f"@prefix {prefix}: <{namespace}> .\n"
                  for prefix, namespace in spelling.names.prefixes.items())
    subject = graph = None
    for chunk in chunks:
        parts: list[str] = []
        add = parts.append
        for s, p, o, g in chunk:
            if g != graph and with_graphs:
                if subject is not None:
                    add(" .\n")
                    subject = None
                if graph is not None:
                    add("}\n")
                graph = g
                if g is not None:
                    add(f"\n{g} {{\n")
            if s == subject:
                add(f" ;\n    {p} {o}")
            elif subject is None:
                subject = s
                add(f"\n{s} {p} {o}")
            else:
                subject = s
                add(f" .\n\n{s} {p} {o}")
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
    """RDF/XML, streamed through pyoxigraph (N-Triples in, RDF/XML out) from quads spelled by
    `NTriplesSpelling`."""
    reader = io.BufferedReader(_TextReader(nt_text(chunks, with_graphs=False)), 1 << 16)
    triples = (quad.triple for quad in pyoxigraph.parse(reader, format=pyoxigraph.RdfFormat.N_TRIPLES))
    pyoxigraph.serialize(triples, out, format=pyoxigraph.RdfFormat.RDF_XML,
                         prefixes={**PREFIXES, **iris.prefixes})
