"""Exporters of a KnowledgeGraph to files, by format name.

Each exporter is `function(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None`,
registered below as `format name -> (module, function)` and imported only when used.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable, Optional

from pydantic import BaseModel, Field

from kg.errors import ExportError
from kg.model import EntityType, KnowledgeGraph


class ExportOptions(BaseModel):
    """What to include in an export and how to name it."""

    base_iri: str = "https://w3id.org/kg/"
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    min_support: int = Field(default=1, ge=1)
    types: Optional[list[EntityType]] = None
    top: Optional[int] = Field(default=None, ge=1)
    include_papers: bool = True
    include_results: bool = True


Exporter = Callable[[KnowledgeGraph, Path, ExportOptions], None]

#: format name -> (module, function). Extension modules add their formats here.
REGISTRY: dict[str, tuple[str, str]] = {
    "ttl": ("kg.export.rdf", "export_ttl"),
    "nt": ("kg.export.rdf", "export_nt"),
    "jsonld": ("kg.export.rdf", "export_jsonld"),
    "rdfxml": ("kg.export.rdf", "export_rdfxml"),
    "trig": ("kg.export.rdf", "export_trig"),
    "nq": ("kg.export.rdf", "export_nq"),
    "graphml": ("kg.export.visual", "export_graphml"),
    "gexf": ("kg.export.visual", "export_gexf"),
    "cyjs": ("kg.export.visual", "export_cyjs"),
    "html": ("kg.export.visual", "export_html"),
    "png": ("kg.export.visual", "export_png"),
    "svg": ("kg.export.visual", "export_svg"),
    "neo4j-csv": ("kg.export.neo4j_csv", "export_neo4j_csv"),
}

#: File name suffix of each format, for `kg build` outputs.
SUFFIXES: dict[str, str] = {
    "ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf", "trig": ".trig", "nq": ".nq",
    "graphml": ".graphml", "gexf": ".gexf", "cyjs": ".cyjs", "html": ".html", "png": ".png",
    "svg": ".svg", "neo4j-csv": "-neo4j-csv",
}


def formats() -> list[str]:
    """The names of every export format, sorted."""
    return sorted(REGISTRY)


def get_exporter(name: str) -> Exporter:
    """The exporter function of a format name; ExportError if there is none."""
    try:
        module_name, function_name = REGISTRY[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}; choose one of: {', '.join(formats())}")
    return getattr(importlib.import_module(module_name), function_name)


def export(graph: KnowledgeGraph, fmt: str, out: Path, options: Optional[ExportOptions] = None) -> Path:
    """Write `graph` to `out` in format `fmt` and return the path written."""
    exporter = get_exporter(fmt)
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    exporter(graph, out, options or ExportOptions())
    return out
