"""IRIs and literal forms of the RDF export: one IRI per record, derived from kg's own ids.

IRI scheme, under a configurable base (default `https://w3id.org/kg/`):

    {base}entity/{entity id}        a Method, Dataset, Metric or Task (`method-5fb93a97d4c15c3e`)
    {base}paper/{paper id}          a paper, by the input's own id
    {base}statement/{relation id}   the reified relation (kg:Statement)
    {base}result/{result id}        a result (kg:Result)
    {base}evidence/{evidence id}    a sentence a statement or result was derived from
    {base}graph/{paper id}          the named graph of a paper (TriG, N-Quads)

Every id is percent-encoded as one path segment: characters outside RFC 3986's unreserved set are
written as %XX of their UTF-8 bytes (`cond-mat/0412498` -> `cond-mat%2F0412498`, `%` -> `%25`),
so any string gives a valid IRI and different ids never give the same IRI.

A term is a plain `str` (an IRI) or a `(lexical form, datatype IRI or None)` tuple (a literal;
None is xsd:string), as `Spelling` writes them; the text formats have spellings of their own (in
`rdf_write`) that give each term as the file writes it. Literal text drops the characters no RDF
syntax can carry everywhere (XML 1.0 forbids most control characters; lone surrogates cannot be
UTF-8), so every format holds the same.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Optional, Union
from urllib.parse import quote

from kg.errors import ExportError
from kg.names import stable_id
from kg.vocab import XSD

Literal = tuple[str, Optional[str]]
Term = Union[str, Literal]
#: (subject, predicate, object, graph IRI or None for the default graph)
Quad = tuple[str, str, Term, Optional[str]]

DECIMAL = str(XSD.decimal)
INTEGER = str(XSD.integer)
GYEAR = str(XSD.gYear)
ANYURI = str(XSD.anyURI)

#: The kinds of node IRIs, each also the prefix name exports declare for it.
KINDS = ("entity", "paper", "statement", "result", "evidence", "graph")

_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\\x7f-\x9f]*")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile("\r\n?")
_UNRESERVED = re.compile(r"[A-Za-z0-9_~-](?:[A-Za-z0-9._~-]*[A-Za-z0-9_~-])?")


def segment(identifier: str) -> str:
    """An id as one IRI path segment: UTF-8 percent-encoding of all but unreserved characters."""
    if _UNRESERVED.fullmatch(identifier):  # kg's own ids: nothing to encode
        return identifier
    encoded = quote(identifier, safe="")
    if encoded in (".", ".."):  # dot segments would be removed by IRI normalisation
        encoded = encoded.replace(".", "%2E")
    return encoded


def normalize_base(base: str) -> str:
    """The base IRI, checked to be absolute and ending in `/` or `#` (a `/` is added if not)."""
    if not _ABSOLUTE_IRI.fullmatch(base or ""):
        raise ExportError(f"the base IRI {base!r} is not an absolute IRI")
    return base if base.endswith(("/", "#")) else base + "/"


class Iris:
    """Mints the IRI of every record under one base."""

    def __init__(self, base: str) -> None:
        self.base = normalize_base(base)
        self.prefixes = {kind: f"{self.base}{kind}/" for kind in KINDS}
        self._entity = self.prefixes["entity"]
        self._paper = self.prefixes["paper"]
        self._statement = self.prefixes["statement"]
        self._result = self.prefixes["result"]
        self._evidence = self.prefixes["evidence"]
        self._graph = self.prefixes["graph"]

    def entity(self, entity_id: str) -> str:
        return self._entity + segment(entity_id)

    def paper(self, paper_id: str) -> str:
        return self._paper + segment(paper_id)

    def statement(self, relation_id: str) -> str:
        return self._statement + segment(relation_id)

    def result(self, result_id: str) -> str:
        return self._result + segment(result_id)

    def graph(self, paper_id: str) -> str:
        return self._graph + segment(paper_id)

    def evidence(self, owner: str, document: str, sentence_index: int, start: int, end: int,
                 extractor: str) -> str:
        """The evidence node of one provenance record of one statement or result."""
        return self._evidence + stable_id("evidence", owner, document, sentence_index, start, end,
                                          extractor)


class Spelling:
    """How a quad stream writes its terms: this one, IRIs as `str` and literals as tuples.

    The stream spells each term once where it is made (a node's IRI once per node), so that a
    writer whose spelling is its file syntax only joins the strings of each statement.
    """

    def iri(self, iri: str) -> Term:
        """A node or class IRI (subject, object or graph name)."""
        return iri

    def predicate(self, iri: str) -> Term:
        return self.iri(iri)

    def literal(self, lexical: str, datatype: Optional[str]) -> Term:
        """A literal whose lexical form is already valid (from `text`, `decimal`, `year`, ...)."""
        return (lexical, datatype)

    def string(self, value: str) -> Term:
        """A string literal of any text (cleaned as by `text`)."""
        return text(value)

    def integer(self, value: int) -> Term:
        return self.literal(str(int(value)), INTEGER)


def text(value: str) -> Literal:
    """A string literal, with line breaks as LF and characters XML cannot hold replaced by U+FFFD."""
    if value.isprintable():  # no control characters, no surrogates: nothing to replace
        return (value, None)
    if "\r" in value:
        value = _NEWLINES.sub("\n", value)
    return (_NOT_IN_XML.sub("\ufffd", value), None)


def decimal(value: float, *, record: str = "") -> Literal:
    """An xsd:decimal literal in canonical form (no exponent, at least one digit after the point)."""
    lexical = repr(float(value))
    if "e" not in lexical and "n" not in lexical:  # plain digits: canonical but for -0.0
        return ("0.0" if lexical == "-0.0" else lexical, DECIMAL)
    if not math.isfinite(value):
        raise ExportError(f"{value!r} is not a finite number", record=record or None)
    lexical = format(Decimal(lexical), "f")
    whole, _, fraction = lexical.partition(".")
    fraction = fraction.rstrip("0") or "0"
    if whole == "-0" and fraction == "0":
        whole = "0"
    return (f"{whole}.{fraction}", DECIMAL)


def integer(value: int) -> Literal:
    return (str(int(value)), INTEGER)


def year(value: int) -> Optional[Literal]:
    """An xsd:gYear literal, or None when the year has no four-digit form."""
    return (f"{value:04d}", GYEAR) if 0 < value <= 9999 else None


def any_uri(value: str) -> Optional[Literal]:
    """An xsd:anyURI literal, or None when the value is not an absolute IRI."""
    value = value.strip()
    return (value, ANYURI) if _ABSOLUTE_IRI.fullmatch(value) else None
