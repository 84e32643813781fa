"""CSV files for `neo4j-admin database import full`: the bulk path into Neo4j for large graphs.

`kg export EXTRACTION --to neo4j-csv --out DIR` writes, into DIR, node files (papers, entities,
results) and relationship files (relations, paper links, reports, result edges) whose headers
are neo4j-admin's (`id:ID(Entity)`, `:LABEL`, `:START_ID(Paper)`, `:END_ID(Entity)`, `:TYPE`,
`confidence:double`, `aliases:string[]`, ...), plus `import.sh` with the command that imports them:

    neo4j-admin database import full neo4j --array-delimiter=U+001F --multiline-fields=true \
        --nodes=papers.csv --nodes=entities.csv --nodes=results.csv \
        --relationships=relations.csv --relationships=paper_links.csv \
        --relationships=reports.csv --relationships=result_edges.csv

then `kg neo4j schema` creates the constraints and indexes. The rows are those the Bolt writer
sends for a first load (kg/store/rows.py), so the imported graph equals a `kg neo4j load` of the
same extraction into an empty database. Arrays are split on U+001F (the ASCII unit separator),
which text does not contain, so names and sentences may hold `;`, `,`, quotes and newlines. The
whole graph is written: the selection options of `kg export` (--top, --types, ...) do not apply.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable, Sequence

from kg.errors import ExportError
from kg.model import KnowledgeGraph
from kg.store.cypher import ENTITY, PAPER, REPORTS, RESULT
from kg.store.rows import EVIDENCE_FIELDS, GraphRows, entity_properties, graph_rows, relation_properties

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"

#: file -> header; a header field is `name:type`, `:LABEL`, `:TYPE` or `id:ID(space)` etc.
HEADERS: dict[str, tuple[str, ...]] = {
    "papers.csv": ("id:ID(Paper)", ":LABEL", "title", "abstract", "year:long", "authors:string[]", "venue", "doi",
                   "arxiv_id", "url"),
    "entities.csv": ("id:ID(Entity)", ":LABEL", "name", "type", "aliases:string[]", "keys:string[]",
                     "papers:string[]", "support_papers:long", "support_sentences:long", "confidence:double", "role"),
    "results.csv": ("id:ID(Result)", ":LABEL", "value:double", "unit", "kind", "text", "confidence:double",
                    "sentence", "sentence_index:long", "start:long", "end:long", "extractor"),
    "relations.csv": (":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "id", "confidence:double", "papers:string[]",
                      "support_papers:long", "evidence_papers:string[]", "evidence_sentences:string[]",
                      "evidence_sentence_indexes:long[]", "evidence_starts:long[]", "evidence_ends:long[]",
                      "evidence_extractors:string[]", "evidence_confidences:double[]"),
    "paper_links.csv": (":START_ID(Paper)", ":END_ID(Entity)", ":TYPE", "confidence:double"),
    "reports.csv": (":START_ID(Paper)", ":END_ID(Result)", ":TYPE"),
    "result_edges.csv": (":START_ID(Result)", ":END_ID(Entity)", ":TYPE"),
}
NODE_FILES = ("papers.csv", "entities.csv", "results.csv")
RELATIONSHIP_FILES = ("relations.csv", "paper_links.csv", "reports.csv", "result_edges.csv")
assert set(EVIDENCE_FIELDS) <= {h.split(":")[0] for h in HEADERS["relations.csv"]}


def import_command(database: str = "neo4j") -> list[str]:
    """The neo4j-admin arguments that import the files (run in the folder that holds them).

    The database comes before the options: `--nodes` and `--relationships` take several files
    each, so a name after them would be read as one more file.
    """
    return ["neo4j-admin", "database", "import", "full", database, f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
            "--multiline-fields=true", *(f"--nodes={name}" for name in NODE_FILES),
            *(f"--relationships={name}" for name in RELATIONSHIP_FILES)]


IMPORT_SCRIPT = """#!/bin/sh
# Import these CSV files into a new (or --overwrite-destination) Neo4j database with neo4j-admin,
# with the server stopped; then, with the server running: kg neo4j schema
# Usage: sh import.sh [DATABASE [more neo4j-admin options]]   (DATABASE defaults to neo4j)
set -e
cd "$(dirname "$0")"
database="${{1:-neo4j}}"
[ $# -gt 0 ] && shift
exec {command} "$@"
"""


def export_neo4j_csv(graph: KnowledgeGraph, out: Path, options: Any = None) -> None:
    """Write the neo4j-admin import files of `graph` into the folder `out` (created if missing)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ExportError("neo4j-csv writes a folder of CSV files; this path is a file", source=str(out))
    out.mkdir(parents=True, exist_ok=True)
    rows = graph_rows(graph)
    for name, records in _records(rows).items():
        _write(out / name, HEADERS[name], records)
    command = " ".join(import_command('"$database"')).replace(" --", " \\\n    --")
    (out / "import.sh").write_text(IMPORT_SCRIPT.format(command=command), encoding="utf-8")


def _records(rows: GraphRows) -> dict[str, Iterable[dict[str, Any]]]:
    entity_rows = [row for group in rows.entities.values() for row in group]
    return {
        "papers.csv": ({"id": r["id"], ":LABEL": [PAPER], **r["props"]} for r in rows.papers),
        "entities.csv": ({":LABEL": [ENTITY, r["type"]], **entity_properties(r)} for r in entity_rows),
        "results.csv": ({"id": r["id"], ":LABEL": [RESULT], **r["props"]} for r in rows.results),
        "relations.csv": ({":START_ID": r["head"], ":END_ID": r["tail"], ":TYPE": t.value, **relation_properties(r)}
                          for t, group in rows.relations.items() for r in group),
        "paper_links.csv": ({":START_ID": r["paper"], ":END_ID": r["entity"], ":TYPE": t.value,
                             "confidence": r["confidence"]} for t, group in rows.links.items() for r in group),
        "reports.csv": ({":START_ID": r["paper"], ":END_ID": r["id"], ":TYPE": REPORTS} for r in rows.results),
        "result_edges.csv": ({":START_ID": r["result"], ":END_ID": r["entity"], ":TYPE": e.name}
                             for e, group in rows.result_edges.items() for r in group),
    }


def _key(header: str) -> str:
    """The record key of a header field: `aliases:string[]` -> aliases, `:START_ID(Paper)` -> :START_ID."""
    name, _, kind = header.partition(":")
    if not name:
        return ":" + kind.split("(")[0]
    return name


def _write(path: Path, header: Sequence[str], records: Iterable[dict[str, Any]]) -> None:
    keys = [_key(h) for h in header]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for record in records:
            unknown = set(record) - set(keys)
            if unknown:
                raise ExportError(f"no column for {sorted(unknown)}", source=path.name)
            writer.writerow([_cell(record.get(key), path, record) for key in keys])


def _cell(value: Any, path: Path, record: dict[str, Any]) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        items = [_cell(item, path, record) for item in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise ExportError("a list item holds U+001F, the array delimiter", source=path.name,
                              record=str(record.get("id") or record.get(":START_ID")))
        return ARRAY_DELIMITER.join(items)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)
