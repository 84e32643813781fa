"""The loaders on the real sample files in ../shared (counts from each folder's SOURCE.md)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from loaders import LoadReport, detect_format, load

# (path under shared/, format, records, documents)
SAMPLES = [
    ("corpus/trending-papers.txt", "trending", 152, 152),
    ("corpus/abstracts.jsonl", "jsonl", 152, 152),
    ("formats/arxiv-atom/search_query=au:del_maestro.xml", "arxiv-atom", 10, 10),
    ("formats/arxiv-atom/q_testing_s0_m10_bc5a6c384fe9.json", "arxiv-atom", 10, 10),
    ("formats/arxiv-oai-pmh/arxiv-physics-hep-ex.xml", "arxiv-oai", 3, 3),
    ("formats/arxiv-oai-pmh/arxiv-physics-hep-th.xml", "arxiv-oai", 3, 3),
    ("formats/arxiv-kaggle-jsonl/arxiv-metadata-oai-snapshot.json", "arxiv-snapshot", 200, 200),
    ("formats/openalex/part_000", "openalex", 50, 19),
    ("formats/semantic-scholar/Author.json", "s2", 60, 34),
    ("formats/pubmed-xml/test_current_medline.xml.gz", "pubmed", 4, 3),
    ("formats/pubmed-xml/pubmed.xml", "pubmed", 10, 7),
    ("formats/bibtex/BBT_does_not_import_groups_from_JabRef_5.1_1641.bib", "bibtex", 20, 19),
    ("formats/bibtex/biblatex-examples.bib", "bibtex", 92, 6),
    ("formats/csv/embase.csv", "csv", 6, 6),
]


def read(path):
    report = LoadReport()
    docs = list(load(path, report=report))
    return docs, report


@pytest.mark.parametrize(("rel", "fmt", "records", "documents"), SAMPLES)
def test_sample_counts(shared, rel, fmt, records, documents):
    path = shared / rel
    assert detect_format(path) == fmt
    docs, report = read(path)
    assert (report.read, len(docs), len(report.rejects)) == (records, documents, records - documents)
    assert {r.reason for r in report.rejects} <= {"missing abstract"}
    assert all(d.abstract and d.abstract == " ".join(d.abstract.split()) for d in docs)
    assert len({d.id for d in docs}) == len(docs)


def test_trending_page_titles_and_abstracts_match_the_jsonl_corpus(shared):
    docs, report = read(shared / "corpus/trending-papers.txt")
    records = [json.loads(line) for line in (shared / "corpus/abstracts.jsonl").open(encoding="utf-8")]
    assert [d.title for d in docs] == [r["title"] for r in records]
    assert [d.abstract for d in docs] == [" ".join(r["abstract"].split()) for r in records]
    assert docs[0].title == "A Multigrid Method for Efficiently Training Video Models"  # "Subscribe" gone
    assert docs[0].source.endswith("trending-papers.txt:3")
    assert all(d.id.startswith("doc-") for d in docs) and report.rejects == []


def test_arxiv_atom_2016_ids_wrapping_and_latex(shared):
    docs, _ = read(shared / "formats/arxiv-atom/search_query=au:del_maestro.xml")
    by_id = {d.id: d for d in docs}
    assert "1201.4869" in by_id and "cond-mat/0412498" in by_id
    assert all(d.arxiv_id == d.id for d in docs)
    assert all("\n" not in d.title and not d.abstract.startswith(" ") for d in docs)
    assert "R\\'{e}nyi" in by_id["1412.6529"].abstract  # LaTeX in arXiv abstracts kept as written


def test_arxiv_atom_wrapped_paragraph_breaks(shared):
    docs = {d.id: d for d in read(shared / "formats/arxiv-atom/q_testing_s0_m10_bc5a6c384fe9.json")[0]}
    assert "\n" not in docs["1812.11470"].abstract and "  " not in docs["1812.11470"].abstract
    assert docs["1812.11470"].source.endswith("q_testing_s0_m10_bc5a6c384fe9.json:record " +
                                              str(list(docs).index("1812.11470") + 1))


def test_openalex_rebuilds_abstracts_with_gaps(shared):
    docs = {d.id: d for d in read(shared / "formats/openalex/part_000")[0]}
    assert docs["W1612067013"].abstract.startswith("3C have a constant need to manage")
    assert docs["W1612067013"].doi == "10.12927/hcq.2008.19503"
    assert "W1418242521" in docs and "W2773096739" in docs  # the two works with missing positions


def test_semantic_scholar_ligatures_are_normalised(shared):
    raw = (shared / "formats/semantic-scholar/Author.json").read_text(encoding="utf-8")
    assert "\ufb01" in raw or "\\ufb01" in raw
    docs, _ = read(shared / "formats/semantic-scholar/Author.json")
    assert not any(ch in d.abstract for d in docs for ch in "\ufb00\ufb01\ufb02\ufb03\ufb04")


def test_pubmed_structured_abstracts_and_copyright(shared):
    docs = {d.id: d for d in read(shared / "formats/pubmed-xml/test_current_medline.xml.gz")[0]}
    structured = docs["28786991"].abstract
    assert [label for label in ("OBJECTIVE:", "METHODS:", "RESULTS:", "CONCLUSIONS:")
            if label in structured] == ["OBJECTIVE:", "METHODS:", "RESULTS:", "CONCLUSIONS:"]
    assert "11446611" not in docs
    assert "Copyright" not in docs["36400559"].abstract and "©" not in docs["36400559"].abstract
    docs_2019 = {d.id: d for d in read(shared / "formats/pubmed-xml/pubmed.xml")[0]}
    assert "©" not in docs_2019["30576676"].abstract
    assert {"3869727", "5249350", "31690499"}.isdisjoint(docs_2019)


def test_bibtex_samples(shared):
    jabref, report = read(shared / "formats/bibtex/BBT_does_not_import_groups_from_JabRef_5.1_1641.bib")
    assert len({d.abstract for d in jabref}) == 3  # one blurb shared by 17 entries, two own
    assert [r.record for r in report.rejects] == ["Davis2010b"]
    examples, _ = read(shared / "formats/bibtex/biblatex-examples.bib")
    assert sorted(d.id for d in examples) == sorted(
        ["kastenholz", "sigfridsson", "itzhaki", "wassenberg", "laufenberg", "padhye"])
    by_id = {d.id: d for d in examples}
    assert by_id["kastenholz"].title.startswith("Computation of methodology-independent ionic")
    assert "Philippe H. Hünenberger" in by_id["kastenholz"].authors
    assert "  " not in by_id["sigfridsson"].abstract


def test_embase_csv_metadata(shared):
    docs, _ = read(shared / "formats/csv/embase.csv")
    first = docs[0]
    assert first.title == "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound"
    assert (first.year, first.venue, first.authors) == (2014, "Endoscopic Ultrasound", ["Liu R.", "Adler D.G."])


def test_snapshot_first_version_year_and_authors(shared):
    docs = {d.id: d for d in read(shared / "formats/arxiv-kaggle-jsonl/arxiv-metadata-oai-snapshot.json")[0]}
    assert docs["0704.0001"].year == 2007
    assert docs["0704.0001"].authors[0] == "C. Balázs"
    assert Counter(d.year for d in docs.values())[2007] == 200


def test_all_samples_in_one_run_reconcile(shared):
    report = LoadReport()
    docs = list(load([shared / rel for rel, *_ in SAMPLES], report=report, dedupe=False))
    assert report.read == len(docs) + len(report.rejects) == sum(s[2] for s in SAMPLES)
