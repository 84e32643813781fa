"""The loaders API: load(), LoadReport, rejects, strict mode, dedupe, gzip, stdin, detection."""

from __future__ import annotations

import gzip
import io
import json
import logging
import sys
from pathlib import Path

import pytest

from kg.errors import LoadError
from kg.model import Document
from loaders import FORMATS, LoadReport, Reject, detect_format, load

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loaders"


def fx(name: str) -> str:
    return str(FIXTURES / name)


def test_formats_are_the_twelve_promised():
    assert FORMATS == ["trending", "jsonl", "json", "csv", "tsv", "arxiv-atom", "arxiv-oai",
                       "arxiv-snapshot", "openalex", "s2", "pubmed", "bibtex"]


@pytest.mark.parametrize(("name", "expected"), [
    ("papers.jsonl", "jsonl"),
    ("papers.json", "json"),
    ("wrapped.json", "json"),
    ("broken.json", "json"),
    ("papers.csv", "csv"),
    ("papers.tsv", "tsv"),
    ("trending.txt", "trending"),
    ("atom.xml", "arxiv-atom"),
    ("atom-wrapped.json", "arxiv-atom"),
    ("bad.xml", "arxiv-atom"),
    ("oai.xml", "arxiv-oai"),
    ("snapshot.jsonl", "arxiv-snapshot"),
    ("openalex.jsonl", "openalex"),
    ("openalex-api.json", "openalex"),
    ("s2-search.json", "s2"),
    ("pubmed.xml", "pubmed"),
    ("papers.bib", "bibtex"),
])
def test_detect_format_of_each_fixture(name, expected):
    assert detect_format(fx(name)) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("papers.csv", "csv"),        # header with an abstract column and commas
    ("papers.tsv", "tsv"),        # ... and tabs
    ("papers.bib", "bibtex"),     # "% comment" lines then "@string{"
    ("trending.txt", "trending"),  # other text
    ("pubmed.xml", "pubmed"),
    ("openalex.jsonl", "openalex"),
])
def test_detect_format_from_content_when_the_name_says_nothing(tmp_path, source, expected):
    target = tmp_path / "data"
    target.write_bytes((FIXTURES / source).read_bytes())
    assert detect_format(target) == expected


def test_content_wins_over_a_misleading_extension(tmp_path):
    target = tmp_path / "really-pubmed.json"
    target.write_bytes((FIXTURES / "pubmed.xml").read_bytes())
    assert detect_format(target) == "pubmed"


def test_detect_format_sees_through_gzip_by_magic_bytes(tmp_path):
    plain = (FIXTURES / "oai.xml").read_bytes()
    hidden = tmp_path / "harvest.dat"  # no .gz in the name
    hidden.write_bytes(gzip.compress(plain))
    assert detect_format(hidden) == "arxiv-oai"


@pytest.mark.parametrize("content", [b"<html><body>hi</body></html>", b"\x00\x01\x02binary\x00"])
def test_detect_format_refuses_unknown_content(tmp_path, content):
    target = tmp_path / "mystery"
    target.write_bytes(content)
    with pytest.raises(LoadError, match="unknown"):
        detect_format(target)


def test_missing_file_is_a_load_error_not_a_reject():
    with pytest.raises(LoadError, match="cannot open") as err:
        list(load("no/such/file.jsonl"))
    assert err.value.source == "no/such/file.jsonl"


def test_unknown_format_and_unknown_field_names_fail_at_call_time():
    with pytest.raises(LoadError, match="unknown format"):
        load(fx("papers.jsonl"), format="yaml")
    with pytest.raises(LoadError, match="unknown field"):
        load(fx("papers.jsonl"), fields={"summary": "abstract"})


def test_load_yields_documents_and_reports_every_reject():
    report = LoadReport()
    docs = list(load(fx("papers.jsonl"), report=report))
    assert all(isinstance(d, Document) for d in docs)
    assert [d.id for d in docs] == ["toy-001", "toy-002", docs[2].id]
    assert docs[2].id.startswith("doc-")
    rejects = [(r.source, r.line, r.record, r.reason) for r in report.rejects]
    name = fx("papers.jsonl")
    assert rejects == [
        (name, 4, "toy-003", "missing abstract"),
        (name, 5, None, "invalid JSON: Expecting ',' delimiter"),
        (name, 6, None, "not a JSON object: list"),
        (name, 7, "toy-001", f"duplicate id toy-001 (first at {name}:1)"),
        (name, 9, None, "undecodable bytes (utf-8)"),
    ]
    assert report.read == 8 == report.loaded + len(report.rejects)
    counts = report.files[name]
    assert (counts.format, counts.read, counts.loaded, counts.rejected) == ("jsonl", 8, 3, 5)


def test_report_to_dict_is_json_ready():
    report = LoadReport()
    list(load([fx("papers.tsv"), fx("trending.txt")], report=report))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["read"] == data["loaded"] + data["rejected"] == 7
    assert data["files"][fx("papers.tsv")] == {"format": "tsv", "read": 2, "loaded": 1, "rejected": 1}
    assert data["rejects"][0]["reason"] == "missing abstract"


def test_rejects_are_logged_as_warnings_naming_file_line_and_reason(caplog):
    with caplog.at_level(logging.WARNING, logger="kg.loaders"):
        list(load(fx("papers.tsv")))
    messages = [r.getMessage() for r in caplog.records if r.name == "kg.loaders"]
    assert messages == [f"{fx('papers.tsv')}:3: missing abstract (record tsv-2)"]
    assert caplog.records[0].levelno == logging.WARNING


@pytest.mark.parametrize(("name", "where", "reason"), [
    ("papers.jsonl", "papers.jsonl:4", "missing abstract"),
    ("broken.json", "broken.json:record 2", "invalid JSON: Expecting ',' delimiter"),
    ("bad.xml", "bad.xml:11", "invalid XML: mismatched tag"),
    ("trending.txt", "trending.txt:7", "title line with no abstract"),
    ("bad-bytes.csv", "bad-bytes.csv:3", "undecodable bytes (utf-8)"),
    ("empty.jsonl", "empty.jsonl", "empty file"),
])
def test_strict_raises_on_the_first_bad_record_naming_where_and_why(name, where, reason):
    seen = []
    with pytest.raises(LoadError) as err:
        for doc in load(fx(name), strict=True):
            seen.append(doc)
    message = str(err.value)
    assert message.startswith(str(FIXTURES / where) + ":") or message.startswith(str(FIXTURES / where) + ",")
    assert reason in message
    # Documents before the bad record were still handed over.
    if name == "bad.xml":
        assert [d.id for d in seen] == ["2301.00001"]


def test_strict_load_error_carries_file_line_and_record():
    with pytest.raises(LoadError) as err:
        list(load(fx("papers.tsv"), strict=True))
    assert (err.value.source, err.value.line, err.value.record) == (fx("papers.tsv"), 3, "tsv-2")
    assert err.value.message == "missing abstract"


def test_strict_load_of_a_clean_file_raises_nothing():
    assert len(list(load(fx("wrapped.json"), strict=True))) == 2


def test_paths_are_read_in_order_and_duplicates_across_files_are_rejected(tmp_path):
    copy = tmp_path / "again.json"
    copy.write_bytes((FIXTURES / "wrapped.json").read_bytes())
    report = LoadReport()
    docs = list(load([fx("wrapped.json"), copy], report=report))
    assert [d.id for d in docs] == ["wrap-1", "wrap-2"]
    assert [(r.source, r.where, r.reason) for r in report.rejects] == [
        (str(copy), f"{copy}:record 1", f"duplicate id wrap-1 (first at {fx('wrapped.json')}:record 1)"),
        (str(copy), f"{copy}:record 2", f"duplicate id wrap-2 (first at {fx('wrapped.json')}:record 2)"),
    ]
    assert report.read == 4 and report.loaded == 2


def test_dedupe_off_keeps_duplicates():
    docs = list(load([fx("wrapped.json"), fx("wrapped.json")], dedupe=False))
    assert [d.id for d in docs] == ["wrap-1", "wrap-2", "wrap-1", "wrap-2"]


def test_fields_map_our_names_to_the_source_names(tmp_path):
    target = tmp_path / "custom.jsonl"
    target.write_text(json.dumps({"paper_id": "c-1", "heading": "Custom Keys",
                                  "Summary": "A summary under another name.", "id": "ignored"}) + "\n")
    [doc] = load(target, fields={"id": "paper_id", "title": "heading", "abstract": "summary"})
    assert (doc.id, doc.title, doc.abstract) == ("c-1", "Custom Keys", "A summary under another name.")


def test_fields_apply_to_csv_columns_case_insensitively(tmp_path):
    target = tmp_path / "custom.csv"
    target.write_text("Ref,Name,Blurb\nr-9,Column Names,Text from the Blurb column.\n")
    [doc] = load(target, fields={"id": "REF", "title": "name", "abstract": "blurb"})
    assert (doc.id, doc.title, doc.abstract) == ("r-9", "Column Names", "Text from the Blurb column.")


def test_empty_and_blank_files_are_one_reject_each():
    report = LoadReport()
    assert list(load([fx("empty.jsonl"), fx("blank.txt")], report=report)) == []
    assert [(r.source, r.line, r.reason) for r in report.rejects] == [
        (fx("empty.jsonl"), None, "empty file"), (fx("blank.txt"), None, "empty file")]
    assert report.read == 2


def test_a_file_with_no_records_is_one_reject(tmp_path):
    target = tmp_path / "none.json"
    target.write_text('{"meta": {"count": 0}, "results": []}')
    report = LoadReport()
    assert list(load(target, report=report)) == []
    assert [r.reason for r in report.rejects] == ["no records found"]
    assert report.read == 1


@pytest.mark.parametrize("name", ["papers.jsonl", "pubmed.xml", "papers.bib", "papers.csv",
                                  "trending.txt", "atom.xml", "s2-search.json"])
def test_gzip_is_transparent_whatever_the_file_is_called(tmp_path, name):
    raw = (FIXTURES / name).read_bytes()
    packed = gzip.compress(raw)
    suffix = Path(name).suffix
    as_gz = tmp_path / f"copy{suffix}.gz"
    as_gz.write_bytes(packed)
    disguised = tmp_path / f"disguised{suffix}"
    disguised.write_bytes(packed)

    def summary(path):
        report = LoadReport()
        docs = [(d.id, d.title, d.abstract) for d in load(path, report=report)]
        return docs, [(r.line, r.record, r.reason.replace(str(path), "<file>"))
                      for r in report.rejects]

    expected = summary(fx(name))
    assert expected[0]
    assert summary(as_gz) == expected
    assert summary(disguised) == expected


def test_truncated_gzip_ends_the_file_with_a_reject(tmp_path):
    lines = [json.dumps({"id": f"n{i}", "title": f"Paper {i}", "abstract": f"Abstract {i * 7919}."})
             for i in range(5000)]
    packed = gzip.compress("\n".join(lines).encode())
    target = tmp_path / "cut.jsonl.gz"
    target.write_bytes(packed[: len(packed) // 2])
    report = LoadReport()
    docs = list(load(target, report=report))
    assert 100 < len(docs) < 5000  # what came before the cut is kept
    assert [d.id for d in docs[:3]] == ["n0", "n1", "n2"]
    assert report.rejects[-1].reason.startswith("unreadable data")
    assert report.read == report.loaded + len(report.rejects)


def test_gzip_cut_before_any_data_is_one_reject(tmp_path):
    target = tmp_path / "cut.gz"
    target.write_bytes(gzip.compress(b'{"id": "x", "abstract": "y"}\n')[:12])
    report = LoadReport()
    assert list(load(target, report=report)) == []
    assert [r.reason.split(":")[0] for r in report.rejects] == ["unreadable data"]


def test_stdin_is_read_as_json_lines(monkeypatch):
    data = (FIXTURES / "papers.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    report = LoadReport()
    docs = list(load("-", report=report))
    assert [d.id for d in docs][:2] == ["toy-001", "toy-002"]
    assert docs[0].source == "-:1"
    assert report.files["-"].format == "jsonl" and report.read == 8


def test_stdin_may_be_gzipped(monkeypatch):
    data = gzip.compress((FIXTURES / "wrapped.json").read_bytes())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert [d.id for d in load("-", format="json")] == ["wrap-1", "wrap-2"]


def test_load_is_lazy():
    docs = load([fx("wrapped.json"), "no/such/file"])
    assert next(docs).id == "wrap-1"  # the missing second file is not touched yet
    assert next(docs).id == "wrap-2"
    with pytest.raises(LoadError):
        next(docs)


def test_invariant_holds_over_every_fixture():
    report = LoadReport()
    names = sorted(p.name for p in FIXTURES.iterdir())
    docs = list(load([fx(n) for n in names], report=report, dedupe=False))
    assert report.read == len(docs) + len(report.rejects)
    for name in names:
        counts = report.files[fx(name)]
        assert counts.read == counts.loaded + counts.rejected, name
    assert all(isinstance(r, Reject) and r.reason for r in report.rejects)


def test_documents_carry_their_source_position():
    docs = {d.id: d for d in load([fx("papers.jsonl"), fx("pubmed.xml"), fx("papers.json")])}
    assert docs["toy-002"].source == f"{fx('papers.jsonl')}:2"
    assert docs["90000003"].source == f"{fx('pubmed.xml')}:36"
    assert docs["arr-3"].source == f"{fx('papers.json')}:record 3"
