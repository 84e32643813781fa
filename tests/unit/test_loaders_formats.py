"""Each reader on small made-up fixtures: the documents it builds and the rejects it reports."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from loaders import LoadReport, load

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loaders"


def run(name: str | Path, **kwargs):
    path = name if isinstance(name, Path) else FIXTURES / name
    report = LoadReport()
    docs = {d.id: d for d in load(path, report=report, **kwargs)}
    rejects = [(r.line, r.record, r.reason) for r in report.rejects]
    assert report.read == len(docs) + len(rejects)
    return docs, rejects


# --- JSON Lines / JSON -------------------------------------------------------------------

def test_jsonl_normalises_text_and_maps_metadata():
    docs, _ = run("papers.jsonl")
    first = docs["toy-001"]
    assert first.abstract == ("We propose GloveNet, a sparse controller for tiny robots. "
                              "It beats DenseHand by 3.1 points on the PalmSet benchmark.")
    assert (first.year, first.authors, first.venue, first.doi) == (
        2021, ["Ada Quill", "Bo Reyes"], "ToyConf", "10.9999/toy.1")
    # `paper_id` and `summary` are aliases; NFKC turns the PDF ligatures into letters.
    second = docs["toy-002"]
    assert second.title == "Efficient Pebble Sorting"
    assert second.abstract.startswith("We study the fine-grained cost")


def test_record_without_id_gets_a_stable_hash_id():
    ids_once = [d for d in run("papers.jsonl")[0] if d.startswith("doc-")]
    ids_again = [d for d in run("papers.jsonl")[0] if d.startswith("doc-")]
    assert ids_once == ids_again and len(ids_once) == 1
    from kg.names import stable_id
    assert ids_once[0] == stable_id("doc", "No Id Here", "A record without an id gets a stable hash id.")


def test_json_array_and_wrapper_records_are_numbered():
    docs, rejects = run("papers.json")
    assert list(docs) == ["arr-1", "arr-3"]
    assert docs["arr-3"].source.endswith("papers.json:record 3")
    assert rejects == [(2, "arr-2", "missing abstract")]
    docs, rejects = run("wrapped.json")
    assert list(docs) == ["wrap-1", "wrap-2"] and rejects == []


def test_broken_json_array_keeps_what_came_before_and_rejects_once():
    docs, rejects = run("broken.json")
    assert list(docs) == ["b-1"]
    assert rejects == [(2, None, "invalid JSON: Expecting ',' delimiter (line 3, column 35)")]


@pytest.mark.parametrize("key", ["data", "results", "papers", "records"])
def test_every_wrapper_key_is_recognised(tmp_path, key):
    target = tmp_path / "w.json"
    target.write_text(f'{{"total": 1, "{key}": [{{"id": "k", "abstract": "Wrapped under {key}."}}]}}')
    docs, rejects = run(target)
    assert docs["k"].abstract == f"Wrapped under {key}." and rejects == []


def test_a_single_pretty_printed_record_is_one_document(tmp_path):
    target = tmp_path / "one.json"
    target.write_text('{\n  "id": "solo",\n  "title": "Alone",\n  "abstract": "Just one record."\n}\n')
    docs, rejects = run(target)
    assert list(docs) == ["solo"] and rejects == []


# --- CSV / TSV ---------------------------------------------------------------------------

def test_csv_matches_vendor_columns_and_keeps_row_start_lines():
    docs, rejects = run("papers.csv")
    first = docs["csv-1"]
    assert first.title == "Pebbles, Stones and Rocks"
    assert first.abstract == "We sort pebbles, stones and rocks. The abstract spans two lines."
    assert (first.year, first.venue, first.authors) == (2017, "Toy Journal", ["Quill A."])
    assert docs["csv-3"].title == 'Third, With Quotes "inside"'
    assert docs["csv-3"].authors == ["Quill A.", "Reyes B."]
    assert docs["csv-3"].source.endswith("papers.csv:6")  # the quoted field spans lines 2-3
    assert rejects == [(4, "csv-2", "missing abstract")]


def test_tsv_and_undecodable_csv_rows():
    docs, rejects = run("papers.tsv")
    assert list(docs) == ["tsv-1"] and docs["tsv-1"].year == 2020
    assert rejects == [(3, "tsv-2", "missing abstract")]
    docs, rejects = run("bad-bytes.csv")
    assert [d.title for d in docs.values()] == ["Good Row"]
    assert rejects == [(3, None, "undecodable bytes (utf-8)")]


# --- trending page -----------------------------------------------------------------------

def test_trending_pairs_titles_with_abstracts_and_drops_chrome():
    docs, rejects = run("trending.txt")
    titles = [d.title for d in docs.values()]
    assert titles == ["GloveNet: Sparse Gloves for Tiny Robots", "Can Pebbles Be Sorted Faster?",
                      "Lanterns for Graphs"]
    assert all(d.id.startswith("doc-") for d in docs.values())
    assert rejects == [(7, "An Orphan Title Line", "title line with no abstract"),
                       (10, "A Title At The End Of The File", "title line with no abstract")]


def test_trending_bad_bytes_reject_the_pair():
    docs, rejects = run("trending-bad-bytes.txt")
    assert [d.title for d in docs.values()] == ["Second Title"]
    assert rejects == [(2, "First Title", "undecodable bytes (utf-8)")]


def test_trending_abstract_with_no_title(tmp_path):
    target = tmp_path / "page.txt"
    target.write_text("This abstract has no title. It runs on for two sentences at least.\n"
                      "A Real Title\nAnd a real abstract. With two sentences.\n")
    docs, rejects = run(target)
    assert [d.title for d in docs.values()] == ["A Real Title"]
    assert [(line, reason) for line, _, reason in rejects] == [(1, "abstract line with no title")]


# --- arXiv -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["atom.xml", "atom-wrapped.json"])
def test_arxiv_atom(name):
    docs, rejects = run(name)
    kite = docs["2301.01234"]
    assert kite.title == "Kite Networks for Cloud Counting"
    # XML entities are decoded exactly once: &gt; -> ">", &amp;lt; -> "&lt;".
    assert kite.abstract == ("We introduce KiteNet, a network for counting clouds. It scores "
                             "F1 > 0.9 on SkySet &lt;v2&gt; and beats CloudCNN.")
    assert (kite.year, kite.authors, kite.doi, kite.arxiv_id, kite.venue) == (
        2023, ["Ada Quill", "Bo Reyes"], "10.9999/kite.2023", "2301.01234", "Toy J. 1 (2023) 1-2")
    assert docs["2302.00002"].doi == "10.9999/prefix"  # matched by namespace, not prefix
    position = 2 if name.endswith(".json") else 19
    assert rejects == [(position, "hep-th/9901001", "missing abstract")]


def test_malformed_xml_is_one_reject_at_the_parser_line():
    docs, rejects = run("bad.xml")
    assert list(docs) == ["2301.00001"]
    assert rejects == [(11, None, "invalid XML: mismatched tag: line 11, column 46")]


def test_arxiv_oai():
    docs, rejects = run("oai.xml")
    moss = docs["2401.00001"]
    assert moss.title == "Moss Detection with Tiny Lanterns"
    assert moss.abstract == "We detect moss with LanternNet. It improves mAP by 2.0 on MossSet."
    assert (moss.year, moss.authors, moss.doi, moss.url) == (
        2023, ["Ada Quill", "Toy Collaboration"], "10.9999/moss", "https://arxiv.org/abs/2401.00001")
    assert rejects == [(20, "oai:arXiv.org:2401.00002", "deleted record"),
                       (26, "math/0101001", "missing abstract")]


def test_arxiv_snapshot():
    docs, rejects = run("snapshot.jsonl")
    doc = docs["2402.00001"]
    assert doc.title == "Lantern Graphs for Moss"
    assert doc.abstract == "We light moss with lanterns. LanternGNN beats MossCNN by 3 points. A second paragraph."
    assert (doc.year, doc.authors, doc.venue) == (2024, ["A. Quill", "R. Bogadóttir II"], "Toy J. 3 (2024)")
    assert rejects == [(2, "math/0301001", "missing abstract")]


# --- OpenAlex, Semantic Scholar ----------------------------------------------------------

def test_openalex_both_index_shapes_and_gaps():
    docs, rejects = run("openalex.jsonl")
    assert docs["W9000000001"].abstract == "We count clouds with kites. Kites see clouds"  # position 8 missing
    assert docs["W9000000001"].doi == "10.9999/KITE"
    assert docs["W9000000001"].venue == "Toy Sky Letters"
    assert docs["W9000000002"].abstract == "FernRank orders ferns."  # flat shape
    assert docs["W9000000002"].title == "Fern Ranking"  # from display_name
    assert docs["W9000000002"].venue == "Fern Journal"  # current schema's primary_location
    assert rejects == [(3, "W9000000003", "missing abstract")]


def test_openalex_api_list_response():
    docs, rejects = run("openalex-api.json")
    assert docs["W9000000004"].abstract == "Moss Maps matter."
    assert rejects == [(2, "W9000000005", "missing abstract")]


def test_semantic_scholar_search_response():
    docs, rejects = run("s2-search.json")
    paper = docs["a" * 40]
    assert paper.abstract == "We revisit efficient pebble sorting. The final method is fast."
    assert (paper.venue, paper.doi, paper.arxiv_id, paper.year) == ("Toy Journal", "10.9999/s2a", "2103.00001", 2021)
    assert rejects == [(2, "b" * 40, "missing abstract")]


# --- PubMed ------------------------------------------------------------------------------

def test_pubmed_structured_abstract_without_copyright():
    docs, rejects = run("pubmed.xml")
    doc = docs["90000001"]
    assert doc.abstract == ("BACKGROUND: Pebbles may help. METHODS: We gave 40 patients pebbles "
                            "(p < 0.05). CONCLUSION: Pebbles helped café owners.")
    assert "Copyright" not in doc.abstract
    assert doc.title == "Pebble therapy for toy patients—a trial."
    assert (doc.year, doc.authors, doc.venue, doc.doi) == (
        2020, ["Ada Quill", "Toy Pebble Group"], "Journal of Made-up Medicine", "10.9999/pebble")
    assert docs["90000003"].abstract == "An unlabelled abstract with 2 superscript."
    assert docs["90000003"].doi == "10.9999/oneline"
    book = docs["90000010"]  # a <PubmedBookArticle>
    assert (book.title, book.abstract, book.venue, book.year, book.doi) == (
        "Pebbles in Practice", "A chapter on pebbles.", "Toy Handbook", 2015, "10.9999/book")
    assert rejects == [(27, "90000002", "missing abstract")]


def test_pubmed_gzip(tmp_path):
    target = tmp_path / "updates.xml.gz"
    target.write_bytes(gzip.compress((FIXTURES / "pubmed.xml").read_bytes()))
    docs, rejects = run(target)
    assert sorted(docs) == ["90000001", "90000003", "90000010"] and len(rejects) == 1


# --- BibTeX ------------------------------------------------------------------------------

def test_bibtex_entries_strings_and_tex():
    docs, rejects = run("papers.bib")
    glove = docs["quill2020gloves"]
    assert glove.title == "GloveNet: Sparse Gloves for Tiny Robots"
    assert glove.abstract == ("We propose GloveNet, a sparse controller for tiny robots. It reaches "
                              "91 % on PalmSet v2 with $\\alpha = 0.5$. A second paragraph follows.")
    assert glove.authors == ["Ada Quill", "Rüna Bogadóttir", "Toy and Sons Lab"]
    assert (glove.venue, glove.year, glove.doi) == ("Journal of Toy Studies", 2020, "10.9999/glove")
    stone = docs["stone2021"]
    assert (stone.title, stone.abstract) == ("Straße und Škoda", "Naïve routes – fast ones — are compared.")
    assert (stone.year, stone.arxiv_id) == (2021, "2105.00001")
    # @string, @comment and @preamble are not records; the broken entry does not eat the next one.
    assert rejects == [(20, "reyes2019nobody", "missing abstract"),
                       (26, "broken2021", "invalid BibTeX: Unexpectedly reached end of file.")]


def test_bibtex_undecodable_entry(tmp_path):
    target = tmp_path / "bad.bib"
    target.write_bytes(b"@article{good, title={Good}, abstract={Fine text.}}\n"
                       b"@article{bad, title={Caf\xe9}, abstract={Bad bytes.}}\n")
    docs, rejects = run(target)
    assert list(docs) == ["good"]
    assert rejects == [(2, "bad", "undecodable bytes (utf-8)")]


def test_jsonl_with_a_broken_first_line_is_still_read_line_by_line(tmp_path):
    target = tmp_path / "first-bad.jsonl"
    target.write_text('{"id": "x1", "abstract": "cut sh\n'
                      '{"id": "x2", "abstract": "Second line is fine."}\n'
                      '{"id": "x3", "abstract": "Third line is fine."}\n')
    docs, rejects = run(target)
    assert list(docs) == ["x2", "x3"]
    assert [(line, reason.split(":")[0]) for line, _, reason in rejects] == [(1, "invalid JSON")]


def test_a_source_field_counts_only_when_it_reads_as_a_citation(tmp_path):
    target = tmp_path / "sources.jsonl"
    target.write_text(
        '{"id": "s1", "abstract": "Text.", "source": "arxiv"}\n'
        '{"id": "s2", "abstract": "Text.", "source": "Toy Letters (2011) 3:1 (1-2)"}\n'
        '{"id": "s3", "abstract": "Text.", "source": "Toy Letters (2011)", "venue": "Own", "year": 1999}\n')
    docs, _ = run(target)
    assert (docs["s1"].venue, docs["s1"].year) == (None, None)
    assert (docs["s2"].venue, docs["s2"].year) == ("Toy Letters", 2011)
    assert (docs["s3"].venue, docs["s3"].year) == ("Own", 1999)


def test_xml_with_bytes_that_are_not_utf8(tmp_path):
    data = (FIXTURES / "pubmed.xml").read_bytes().replace(b"Pebbles may help.", b"Pebbles m\xe9y help.")
    target = tmp_path / "latin.xml"
    target.write_bytes(data)
    docs, rejects = run(target)
    assert docs == {}
    assert rejects == [(14, None, "undecodable bytes (utf-8)")]  # the line with the bad byte
