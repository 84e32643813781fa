"""End to end: load -> extract -> resolve -> files, with every record accounted for."""

import json

import pytest

from kg.errors import LoadError
from kg.pipeline import build


@pytest.fixture(scope="module")
def trending_build(tmp_path_factory, shared):
    out = tmp_path_factory.mktemp("trending")
    graph, report = build([shared / "corpus" / "trending-papers.txt"], out, formats=("ttl", "graphml"))
    return out, graph, report


def test_trending_page_reconciles(trending_build):
    out, graph, report = trending_build
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["documents"] == {"read": 152, "in_graph": 152, "rejected": 0, "reconciled": True}
    assert len(graph.papers) == 152
    lines = (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 152
    assert data["graph"]["entities"] == len(graph.entities) > 200
    assert sum(data["graph"]["entities_by_type"].values()) == len(graph.entities)
    assert all(data["timings_s"][k] >= 0 for k in ("load_extract", "resolve"))


def test_build_writes_the_files(trending_build):
    out, graph, _ = trending_build
    for name in ("extraction.jsonl", "graph.ttl", "graph.graphml", "report.json"):
        assert (out / name).stat().st_size > 0, name


def test_extraction_records_follow_the_contract(trending_build, shared):
    out, _, _ = trending_build
    titles = [json.loads(l)["title"] for l in (shared / "corpus" / "abstracts.jsonl").open(encoding="utf-8")]
    records = [json.loads(l) for l in (out / "extraction.jsonl").open(encoding="utf-8")]
    assert [r["title"] for r in records] == titles
    for record in records:
        assert {"id", "title", "abstract", "entities", "relations", "results"} <= set(record)
        names = {e["name"] for e in record["entities"]}
        for relation in record["relations"]:
            assert relation["head"] in names and relation["tail"] in names
            assert relation["evidence"][0]["sentence"]
        for result in record["results"]:
            assert all(result[f] is None or result[f] in names for f in ("metric", "method", "dataset", "baseline"))


def test_two_runs_are_byte_identical(tmp_path, shared):
    source = shared / "corpus" / "abstracts.jsonl"
    build([source], tmp_path / "a", formats=("ttl",), jobs=1)
    build([source], tmp_path / "b", formats=("ttl",), jobs=2)
    for name in ("extraction.jsonl", "graph.ttl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_bad_records_are_reported_not_lost(tmp_path):
    source = tmp_path / "papers.jsonl"
    source.write_text("\n".join([
        json.dumps({"id": "ok1", "title": "FooNet", "abstract": "We propose FooNet for image classification on MNIST."}),
        "{not json",
        json.dumps({"id": "noabs", "title": "No abstract here"}),
        json.dumps({"id": "ok2", "title": "Bar", "abstract": "BarNet reaches 91.0% accuracy on CIFAR-10."}),
    ]) + "\n", encoding="utf-8")
    graph, report = build([source], tmp_path / "out", formats=())
    data = report.to_dict()
    assert data["documents"] == {"read": 4, "in_graph": 2, "rejected": 2, "reconciled": True}
    lines = {(r["line"], r["reason"].split(":")[0]) for r in data["rejects"]}
    assert (2, "invalid JSON") in lines and any(line == 3 for line, _ in lines)
    assert [p.id for p in graph.papers] == ["ok1", "ok2"]


def test_strict_stops_at_the_first_bad_record(tmp_path):
    source = tmp_path / "papers.jsonl"
    source.write_text('{"id": "a", "abstract": "fine"}\n{broken\n', encoding="utf-8")
    with pytest.raises(LoadError) as err:
        build([source], tmp_path / "out", strict=True, formats=())
    assert f"{source}:2" in str(err.value)


def test_default_export_that_cannot_run_is_a_warning_but_an_asked_one_is_an_error(tmp_path, root, monkeypatch):
    from kg import export
    from kg.errors import ExportError

    monkeypatch.setitem(export.REGISTRY, "html", (__name__, "_broken_exporter"))
    source = root / "examples" / "abstracts.jsonl"
    _, report = build([source], tmp_path / "a")
    assert "html" not in report.outputs and "graphml" in report.outputs
    assert report.warnings and "html export skipped" in report.warnings[0]
    with pytest.raises(ExportError):
        build([source], tmp_path / "b", formats=("html",))
    with pytest.raises(ExportError, match="unknown export format"):
        build([source], tmp_path / "c", formats=("docx",))


def _broken_exporter(graph, out, options):
    from kg.errors import ExportError

    raise ExportError("the JS library is missing; run `make setup`")
