"""kg's ontology as data files, installed with the package: the OWL ontology (kg.ttl), the SHACL
shapes every export satisfies (shapes.ttl) and the JSON-LD context (context.jsonld)."""

from pathlib import Path

DIR = Path(__file__).resolve().parent
ONTOLOGY_FILE = DIR / "kg.ttl"
SHAPES_FILE = DIR / "shapes.ttl"
CONTEXT_FILE = DIR / "context.jsonld"
