"""Generate kg/vocab.py and ontology/context.jsonld from the ontology, ontology/kg.ttl.

The ontology is the one definition of kg's RDF terms; the Python namespaces the exporter uses and
the JSON-LD context are derived from it here, so no term can be used that the ontology lacks.
Run `python -m kg.export.rdf_codegen` after editing the ontology (`--check` only compares);
the tests fail when the generated files are out of date.
"""

from __future__ import annotations

import json
import pprint
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = ROOT / "ontology" / "kg.ttl"
VOCAB_FILE = ROOT / "kg" / "vocab.py"
CONTEXT_FILE = ROOT / "ontology" / "context.jsonld"

KG_NS = "https://w3id.org/kg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/kg/ontology"

#: Namespaces rdflib already ships as DefinedNamespace classes: imported, not generated.
BUILTIN = {str(RDF): "RDF", str(RDFS): "RDFS", str(OWL): "OWL", str(XSD): "XSD",
           str(SKOS): "SKOS", str(PROV): "PROV", str(DCTERMS): "DCTERMS"}
#: Python class names of generated namespaces, by prefix.
CLASS_NAMES = {"kg": "KG", "mls": "MLS", "fabio": "FABIO"}
#: Prefixes that the exports declare (in this order), with the namespaces rdflib knows.
EXPORT_PREFIXES = ("kg", "rdf", "rdfs", "xsd", "skos", "dcterms", "prov", "mls", "fabio")

DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
ENUM_VALUE = URIRef(KG_NS + "enumValue")


def load_ontology(path: Path = ONTOLOGY_FILE) -> Graph:
    """The ontology as an rdflib Graph."""
    graph = Graph(bind_namespaces="none")
    graph.parse(path, format="turtle")
    return graph


def declared_terms(graph: Graph) -> dict[URIRef, URIRef]:
    """Every IRI the ontology declares, with its declaration type (owl:Class, owl:...Property)."""
    terms: dict[URIRef, URIRef] = {}
    for kind in DECLARATIONS:
        for term in graph.subjects(RDF.type, kind):
            if isinstance(term, URIRef):
                terms[term] = kind
    return terms


def prefixes(graph: Graph) -> dict[str, str]:
    """Prefix -> namespace of the ontology's prefixes that exports declare."""
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    return {prefix: bound[prefix] for prefix in EXPORT_PREFIXES}


def split(term: URIRef, names: dict[str, str]) -> tuple[str, str]:
    """(prefix, local name) of a term, by the longest matching namespace."""
    best = max((ns for ns in names.values() if str(term).startswith(ns)), key=len, default=None)
    if best is None:
        raise ValueError(f"{term} is in no known namespace")
    prefix = next(p for p, ns in names.items() if ns == best)
    return prefix, str(term)[len(best):]


def enum_maps(graph: Graph) -> dict[str, dict[str, URIRef]]:
    """The kg enums mapped to terms via kg:enumValue: entity classes, relation and link properties."""
    kg = lambda local: URIRef(KG_NS + local)  # noqa: E731
    related, mentions = kg("relatedTo"), kg("mentions")
    maps: dict[str, dict[str, URIRef]] = {"ENTITY_CLASSES": {}, "RELATION_PROPERTIES": {},
                                          "PAPER_LINK_PROPERTIES": {}}
    for term, value in graph.subject_objects(ENUM_VALUE):
        if (term, RDF.type, OWL.Class) in graph:
            table = "ENTITY_CLASSES"
        elif (term, RDFS.subPropertyOf, related) in graph:
            table = "RELATION_PROPERTIES"
        elif term == mentions or (term, RDFS.subPropertyOf, mentions) in graph:
            table = "PAPER_LINK_PROPERTIES"
        else:
            raise ValueError(f"{term} has kg:enumValue but is no entity class, relation or link")
        maps[table][str(value)] = term
    return maps


def jsonld_context(graph: Graph) -> dict:
    """The JSON-LD context: prefixes, and a term for every kg term and reused property.

    Object properties coerce their values to IRIs; kg's datatype properties with a non-string
    range coerce to that datatype (so `"value": "4.5"` reads as an xsd:decimal). Integers stay
    native JSON numbers. Reused classes (mls:, fabio:, ...) never occur in data and get no term.
    """
    names = prefixes(graph)
    context: dict = {prefix: names[prefix] for prefix in EXPORT_PREFIXES}
    context.update({"id": "@id", "type": "@type"})
    terms = declared_terms(graph)
    seen: dict[str, URIRef] = {}
    for term in sorted(terms):
        kind = terms[term]
        prefix, local = split(term, names)
        if term == ENUM_VALUE or (prefix != "kg" and kind == OWL.Class):
            continue
        if local in seen or local in context:
            raise ValueError(f"JSON-LD term {local!r} names both {seen.get(local)} and {term}")
        seen[local] = term
        curie = f"{prefix}:{local}"
        if kind == OWL.ObjectProperty:
            context[local] = {"@id": curie, "@type": "@id"}
            continue
        rng = graph.value(term, RDFS.range)
        if prefix == "kg" and kind == OWL.DatatypeProperty and rng not in (XSD.string, XSD.integer):
            context[local] = {"@id": curie, "@type": "xsd:" + split(rng, names)[1]}
        else:
            context[local] = curie
    return context


def render_vocab(graph: Graph) -> str:
    """The source of kg/vocab.py."""
    names = prefixes(graph)
    terms = declared_terms(graph)
    by_prefix: dict[str, list[URIRef]] = defaultdict(list)
    for term in sorted(terms):
        prefix, _ = split(term, names)
        by_prefix[prefix].append(term)
    imports = sorted({BUILTIN[names[p]] for p in by_prefix if names[p] in BUILTIN} | {"XSD"})
    out = [
        '"""The kg ontology\'s terms as rdflib namespaces, and kg\'s enums mapped to them.',
        "",
        "Generated from ontology/kg.ttl by `python -m kg.export.rdf_codegen`: do not edit by hand.",
        "Reused terms come from rdflib's own namespaces (" + ", ".join(imports) + ").",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from rdflib.namespace import " + ", ".join(["DefinedNamespace", "Namespace", *imports]),
        "from rdflib.term import URIRef",
        "",
        "__all__ = [",
        *textwrap.wrap(", ".join(f'"{n}"' for n in _exported(by_prefix, names, imports)) + ",",
                       width=96, initial_indent="    ", subsequent_indent="    "),
        "]",
        "",
        f'ONTOLOGY = URIRef("{ONTOLOGY_IRI}")',
        "",
    ]
    for prefix in ("kg", *sorted(p for p in by_prefix if p != "kg")):
        if names[prefix] in BUILTIN:
            continue
        label = graph.value(URIRef(ONTOLOGY_IRI), RDFS.label) if prefix == "kg" else prefix
        out += ["", f"class {CLASS_NAMES[prefix]}(DefinedNamespace):",
                f'    """{label}: {names[prefix]}"""', "",
                f'    _NS = Namespace("{names[prefix]}")', "    _fail = True", ""]
        for term in by_prefix[prefix]:
            local = split(term, names)[1]
            comment = _one_line(graph.value(term, RDFS.label))
            out.append(f"    {local}: URIRef  # {comment}")
        out.append("")
    out += ["", "#: Prefix -> namespace that every export declares.",
            "PREFIXES: dict[str, str] = {"]
    out += [f'    "{p}": "{names[p]}",' for p in EXPORT_PREFIXES]
    out.append("}")
    for table, mapping in enum_maps(graph).items():
        out += ["", f"#: {_TABLE_DOCS[table]}", f"{table}: dict[str, URIRef] = {{"]
        for value in sorted(mapping):
            prefix, local = split(mapping[value], names)
            out.append(f'    "{value}": {CLASS_NAMES[prefix]}.{local},')
        out.append("}")
    context = pprint.pformat(jsonld_context(graph), indent=4, width=100, sort_dicts=False)
    out += ["", "#: The JSON-LD context (also written to ontology/context.jsonld).",
            f"JSONLD_CONTEXT: dict = {context}", ""]
    return "\n".join(out)


def _exported(by_prefix: dict, names: dict[str, str], imports: list[str]) -> list[str]:
    generated = [CLASS_NAMES[p] for p in sorted(by_prefix) if names[p] not in BUILTIN]
    return ["ONTOLOGY", *generated, *imports, "PREFIXES", *_TABLE_DOCS, "JSONLD_CONTEXT"]


_TABLE_DOCS = {
    "ENTITY_CLASSES": "EntityType value -> class.",
    "RELATION_PROPERTIES": "RelationType value -> property between entities.",
    "PAPER_LINK_PROPERTIES": "PaperLinkType value -> property from a paper to an entity.",
}


def render_context(graph: Graph) -> str:
    """The text of ontology/context.jsonld."""
    return json.dumps({"@context": jsonld_context(graph)}, indent=2, ensure_ascii=False) + "\n"


def _one_line(text: Literal | None) -> str:
    return " ".join(str(text or "").split())


def outputs(graph: Graph | None = None) -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    graph = graph if graph is not None else load_ontology()
    return {VOCAB_FILE: render_vocab(graph), CONTEXT_FILE: render_context(graph)}


def main(argv: list[str] | None = None) -> int:
    """Write the generated files (or, with --check, report those out of date and return 1)."""
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for path, text in outputs().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if check else 'wrote'}: {path.relative_to(ROOT)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
