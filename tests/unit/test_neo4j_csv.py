"""`kg export --to neo4j-csv`: neo4j-admin's header form, arrays, hostile text, the import script.

That neo4j-admin really imports these files into the same graph the Bolt writer makes is tested
against the real tool and server in tests/integration/test_neo4j_faults.py.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ExportError
from kg.export import REGISTRY, SUFFIXES, export
from kg.export.neo4j_csv import (ARRAY_DELIMITER, HEADERS, NODE_FILES, RELATIONSHIP_FILES, export_neo4j_csv,
                                 import_command)
from kg.model import KnowledgeGraph
from kg.store.cypher import NODE_LABELS, RELATIONSHIP_TYPES
from kg.store.rows import entity_properties, graph_rows, relation_properties

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_GRAPH = ROOT / "tests" / "fixtures" / "neo4j" / "hostile-graph.json"

# neo4j-admin database import full: `name:type`, `name:type[]`, `:ID(space)`, `name:ID(space)`,
# `:START_ID(space)`, `:END_ID(space)`, `:LABEL`, `:TYPE` (types as in the Neo4j operations manual).
TYPES = r"(?:int|long|float|double|boolean|byte|short|char|string|point|date|localtime|time|localdatetime|datetime|duration)"
FIELD = re.compile(rf"^(?:\w+(?::{TYPES}(?:\[\])?)?|\w*:ID\(\w+\)|:START_ID\(\w+\)|:END_ID\(\w+\)|:LABEL|:TYPE)$")


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return KnowledgeGraph.model_validate(json.loads(HOSTILE_GRAPH.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def folder(graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("neo4j-csv") / "import"
    export(graph, "neo4j-csv", out)
    return out


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [dict(zip(header, row)) for row in reader]


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header_fields_have_neo4j_admin_form(name):
    for field in HEADERS[name]:
        assert FIELD.match(field), f"{name}: {field!r} is not a neo4j-admin header field"
    fields = HEADERS[name]
    assert len(set(fields)) == len(fields)
    if name in NODE_FILES:
        assert sum(":ID(" in f for f in fields) == 1 and fields.count(":LABEL") == 1
        assert ":TYPE" not in fields
    else:
        assert [f.split("(")[0] for f in fields[:3]] == [":START_ID", ":END_ID", ":TYPE"]


def test_relationship_files_use_the_id_spaces_of_the_node_files():
    spaces = {re.search(r":ID\((\w+)\)", HEADERS[n][0]).group(1) for n in NODE_FILES}
    assert spaces == {"Paper", "Entity", "Result"}
    for name in RELATIONSHIP_FILES:
        used = set(re.findall(r":(?:START|END)_ID\((\w+)\)", ",".join(HEADERS[name])))
        assert used and used <= spaces


def test_files_written_with_their_headers(folder):
    assert sorted(p.name for p in folder.iterdir()) == sorted([*HEADERS, "import.sh"])
    for name, header in HEADERS.items():
        assert read(folder / name)[0] == list(header)


def test_values_and_arrays_read_back_verbatim(folder, graph):
    rows = graph_rows(graph)
    _, entities = read(folder / "entities.csv")
    assert len(entities) == len(graph.entities)
    by_id = {e["id:ID(Entity)"]: e for e in entities}
    for row in (r for group in rows.entities.values() for r in group):
        cells = by_id[row["id"]]
        props = entity_properties(row)
        assert cells["name"] == row["name"]  # quotes, backticks, newlines, spaces and Unicode kept
        assert cells[":LABEL"].split(ARRAY_DELIMITER) == ["Entity", row["type"]]
        assert cells["aliases:string[]"] == ARRAY_DELIMITER.join(props.get("aliases", []))
        assert cells["papers:string[]"].split(ARRAY_DELIMITER) == row["papers"]
        assert float(cells["confidence:double"]) == row["confidence"]
        assert int(cells["support_papers:long"]) == len(row["papers"])
    assert any(e["name"] == "}) DETACH DELETE n //" for e in entities)

    _, relations = read(folder / "relations.csv")
    assert len(relations) == len(graph.relations)
    assert {r[":TYPE"] for r in relations} == {r.type.value for r in graph.relations}
    outperforms = next(r for r in relations if r[":TYPE"] == "OUTPERFORMS")
    expected = relation_properties(rows.relations[next(t for t in rows.relations if t.value == "OUTPERFORMS")][0])
    assert outperforms["evidence_sentences:string[]"].split(ARRAY_DELIMITER) == expected["evidence_sentences"]
    assert [int(x) for x in outperforms["evidence_starts:long[]"].split(ARRAY_DELIMITER)] == expected["evidence_starts"]
    uses = next(r for r in relations if r[":TYPE"] == "USES")
    assert uses["evidence_papers:string[]"] == "" and uses["papers:string[]"] == ""  # no evidence: no property

    _, papers = read(folder / "papers.csv")
    titles = {p["id:ID(Paper)"]: p["title"] for p in papers}
    assert titles == {p.id: p.title for p in graph.papers}
    authors = next(p["authors:string[]"] for p in papers if p["authors:string[]"])
    assert authors.split(ARRAY_DELIMITER) == ["A; B", "C, D", 'E "F"']

    _, results = read(folder / "results.csv")
    assert {float(r["value:double"]) for r in results} == {91.5, 2.0}
    assert {r["unit"] for r in results} == {"%", "x\n`unit`"}
    for name in RELATIONSHIP_FILES:
        _, edges = read(folder / name)
        assert {e[":TYPE"] for e in edges} <= set(RELATIONSHIP_TYPES)
    _, links = read(folder / "paper_links.csv")
    assert len(links) == len(graph.links)
    assert all(label in NODE_LABELS for e in entities for label in e[":LABEL"].split(ARRAY_DELIMITER))


def test_import_script_holds_the_command(folder):
    script = (folder / "import.sh").read_text(encoding="utf-8")
    command = import_command()
    assert command[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    for argument in command[5:]:
        assert argument in script
    assert 'full "$database"' in script
    assert "--array-delimiter=U+001F" in command and "--multiline-fields=true" in command


def test_a_list_item_holding_the_delimiter_is_refused(graph, tmp_path):
    first, *rest = graph.entities  # records read from a graph are copies: the graph is made anew
    bad = graph.model_copy(update={"entities": [first.model_copy(update={"aliases": [*first.aliases, "a\x1fb"]}),
                                                *rest]})
    with pytest.raises(ExportError, match="U\\+001F"):
        export_neo4j_csv(bad, tmp_path / "x")


def test_registered_and_reachable_from_the_command_line(tmp_path, root):
    assert REGISTRY["neo4j-csv"] == ("kg.export.neo4j_csv", "export_neo4j_csv")
    assert SUFFIXES["neo4j-csv"] == "-neo4j-csv"
    extraction = tmp_path / "extraction.jsonl"
    result = CliRunner().invoke(app, ["-q", "extract", str(root / "examples" / "abstracts.jsonl"), "--out",
                                      str(extraction)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "bulk"
    result = CliRunner().invoke(app, ["export", str(extraction), "--to", "neo4j-csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    header, papers = read(out / "papers.csv")
    assert header[0] == "id:ID(Paper)" and len(papers) == 5
