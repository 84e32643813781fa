"""Serialise a stream of quads: N-Triples, N-Quads, Turtle, TriG, JSON-LD and RDF/XML.

Every writer streams: it holds one subject's statements at a time, never the graph, so memory
does not grow with the output. Each format has a `Spelling` that the quad stream uses to make
its terms as the format writes them, once per term (a node's IRI once per node), so that a
writer only joins the strings of each statement. Every format is written here as text (a subset
of each grammar: absolute or prefixed IRIs, quoted or numeric literals, one subject block per run
of statements about it), several times faster than building a pyoxigraph term for each triple
and having pyoxigraph serialise them. Every format is checked in the tests by parsing it back
with rdflib and pyoxigraph.
"""

from __future__ import annotations

import json
import re
from typing import IO, Iterable, Iterator, Optional

from kg.errors import ExportError
from kg.export.rdf_terms import DECIMAL, INTEGER, KINDS, Iris, Quad, Spelling, text
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
            if slash and kind in self.kinds and (_plain(local) or _LOCAL.fullmatch(local)):
                return f"{kind}:{local}"
        return None


def _plain(local: str) -> bool:
    """Whether a local name is ASCII letters, digits and inner hyphens (kg's own ids): a quick
    test that passes only names `_LOCAL` accepts."""
    return (local.isascii() and local.replace("-", "").isalnum() and local[0] != "-")


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
            if with_graphs and g != graph:
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


#: What `JsonLdSpelling` makes of rdf:type (the node object's "type" key).
_JSON_TYPE = ("type", "@type")


class JsonLdSpelling(Spelling):
    """Terms as compact JSON-LD under `jsonld_context` writes them: IRIs compacted
    (`entity:method-...`), predicates as their (key, coercion) in the context, literals as
    (lexical form, compacted datatype or None)."""

    def __init__(self, iris: Iris) -> None:
        self.iris = iris
        self.names = _Names(iris)
        #: full IRI -> (context key, the coercion it declares)
        self.terms: dict[str, tuple[str, Optional[str]]] = {}
        for key, definition in JSONLD_CONTEXT.items():
            if key.startswith("@") or isinstance(definition, str) and definition.startswith("@"):
                continue
            curie, coerce = (definition, None) if isinstance(definition, str) else (
                definition["@id"], definition.get("@type"))
            if ":" in curie and curie.split(":", 1)[0] in PREFIXES and not curie.endswith(":"):
                prefix, local = curie.split(":", 1)
                self.terms[PREFIXES[prefix] + local] = (key, coerce)
        #: compacted IRI -> context key (how a class reads as a "type")
        self.keys = {self.iri(iri): key for iri, (key, _) in self.terms.items()}

    def iri(self, iri: str) -> str:
        return self.names.curie(iri) or iri

    def predicate(self, iri: str) -> tuple[str, Optional[str]]:
        if iri == TYPE:
            return _JSON_TYPE
        return self.terms.get(iri, (iri, None))

    def literal(self, lexical: str, datatype: Optional[str]) -> tuple[str, Optional[str]]:
        return (lexical, None if datatype is None else self.iri(datatype))

    def integer(self, value: int) -> tuple[str, str]:
        return (str(int(value)), "xsd:integer")


def jsonld_text(chunks: Iterable[list[Quad]], spelling: JsonLdSpelling) -> Iterator[str]:
    """A JSON-LD document of quads spelled by `spelling`: the context, then one node object per
    run of same-subject triples."""
    context = jsonld_context(spelling.iris)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    keys = spelling.keys
    yield '{\n"@context": {\n' + ",\n".join(
        f" {json.dumps(key)}: {encode(value)}" for key, value in context.items())
    yield '\n},\n"@graph": ['
    subject, node, separator = None, None, "\n"
    for chunk in chunks:
        parts: list[str] = []
        for s, p, o, _ in chunk:
            if s != subject:
                if node is not None:
                    parts.append(separator + encode(node))
                    separator = ",\n"
                subject, node = s, {"id": s}
            if p is _JSON_TYPE:
                key, value = "type", keys.get(o, o)
            else:
                key, coerce = p
                if type(o) is str:
                    value = o if coerce == "@id" else {"id": o}
                else:
                    value = _json_literal(o, coerce)
            have = node.get(key)
            if have is None:
                node[key] = value
            elif type(have) is list:
                have.append(value)
            else:
                node[key] = [have, value]
        yield "".join(parts)
    if node is not None:
        yield separator + encode(node)
    yield "\n]}\n"


def _json_literal(literal: tuple[str, Optional[str]], coerce: Optional[str]):
    lexical, datatype = literal
    if datatype is None:
        return lexical if coerce is None else {"@value": lexical}
    if coerce == datatype:
        return lexical
    if datatype == "xsd:integer" and coerce is None:
        return int(lexical)
    return {"@value": lexical, "@type": datatype}


_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;"})


def _xml_text(value: str) -> str:
    if "&" in value or "<" in value or ">" in value:
        return value.translate(_XML_TEXT)
    return value


def _xml_attribute(value: str) -> str:
    if "&" in value or "<" in value or '"' in value:
        return value.translate(_XML_ATTRIBUTE)
    return value


class RdfXmlSpelling(Spelling):
    """Terms as RDF/XML writes them: IRIs escaped for an attribute, predicates as qualified
    names, literals as (the element's datatype attribute or "", its escaped text)."""

    def __init__(self, iris: Iris) -> None:
        self.names = _Names(iris)
        #: a class's escaped IRI -> its qualified name (for typed node elements)
        self.classes = {_xml_attribute(iri): name for iri, name in self.names.vocab.items()}

    def iri(self, iri: str) -> str:
        return _xml_attribute(iri)

    def predicate(self, iri: str) -> str:
        name = self.names.vocab.get(iri)
        if name is None:  # the stream's predicates all come from the ontology's namespaces
            raise ExportError(f"RDF/XML cannot write the predicate <{iri}>: it has no prefix")
        return name

    def literal(self, lexical: str, datatype: Optional[str]) -> tuple[str, str]:
        if datatype is None:
            return ("", _xml_text(lexical))
        return (f' rdf:datatype="{_xml_attribute(datatype)}"', _xml_text(lexical))

    def string(self, value: str) -> tuple[str, str]:
        if not value.isprintable():  # line breaks and characters XML cannot hold
            value = text(value)[0]
        return ("", _xml_text(value))

    def integer(self, value: int) -> tuple[str, str]:
        return (_XML_INTEGER, f"{value:d}")


_XML_INTEGER = f' rdf:datatype="{INTEGER}"'


def rdfxml_text(chunks: Iterable[list[Quad]], spelling: RdfXmlSpelling) -> Iterator[str]:
    """RDF/XML of quads spelled by `spelling`: a node element per run of same-subject triples,
    typed by its class where the run starts with rdf:type, a property element per statement."""
    classes, rdf_type = spelling.classes, spelling.predicate(TYPE)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF' + "".join(
        f'\n    xmlns:{prefix}="{_xml_attribute(namespace)}"'
        for prefix, namespace in PREFIXES.items()) + ">\n"
    subject, element = None, ""
    for chunk in chunks:
        parts: list[str] = []
        add = parts.append
        for s, p, o, _ in chunk:
            if s != subject:
                if subject is not None:
                    add(f"  </{element}>\n")
                subject = s
                if p == rdf_type and o in classes:
                    element = classes[o]
                    add(f'  <{element} rdf:about="{s}">\n')
                    continue
                element = "rdf:Description"
                add(f'  <rdf:Description rdf:about="{s}">\n')
            if type(o) is str:
                add(f'    <{p} rdf:resource="{o}"/>\n')
            else:
                add(f"    <{p}{o[0]}>{o[1]}</{p}>\n")
        yield "".join(parts)
    yield (f"  </{element}>\n" if subject is not None else "") + "</rdf:RDF>\n"
