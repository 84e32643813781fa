"""The loaders' building blocks: text clean-up, TeX, inverted indexes, titles vs abstracts,
the streaming JSON and XML parsers (chunk boundaries, memory) and the JSONL hot path."""

from __future__ import annotations

import io
import json
import time
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import load
from loaders.jsonstream import JSONStreamError, iter_values
from loaders.openalex import rebuild_abstract
from loaders.source import Source
from loaders.tex import tex_to_unicode
from loaders.text import arxiv_id, clean, doi, split_authors, year_of
from loaders.trending import is_prose
from loaders.xmlstream import XMLError, iter_elements


@pytest.mark.parametrize(("raw", "expected"), [
    ("  two  spaces\nand a\n  wrapped line\n", "two spaces and a wrapped line"),
    ("\ufb01ne \ufb02ow e\ufb03cient", "fine flow efficient"),  # PDF ligatures (NFKC)
    ("non\u00a0breaking\u2009thin", "non breaking thin"),
    ("soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"),
    ("tab\there\r\nform\x0cfeed", "tab here form feed"),
    ("already clean", "already clean"),
    (None, ""),
])
def test_clean(raw, expected):
    assert clean(raw) == expected


@given(st.text())
def test_clean_is_idempotent_and_has_no_runs_of_space(text):
    once = clean(text)
    assert clean(once) == once
    assert "  " not in once and once == once.strip()


@pytest.mark.parametrize(("tex", "text"), [
    (r"Bogad{\'o}ttir and Bal\'azs", "Bogadóttir and Balázs"),
    (r"\"{u}ber {\"o} \c{c} \v{S}koda \k{a} \r{A}", "über ö ç Škoda ą Å"),
    (r"Na\"{\i}ve \ss{} \o{} \ae{} \l\'od\'z", "Naïve ß ø æ łódź"),
    (r"Stra\ss e", "Straße"),  # a control word eats the space after it
    (r"{GloveNet}: {T}iny \emph{robots} \texttt{code}", "GloveNet: Tiny robots code"),
    (r"50\% \& \$5 a~b c--d e---f ``q''", "50% & $5 a b c–d e—f “q”"),
    (r"kept $\alpha_{1} + \beta$ math", r"kept $\alpha_{1} + \beta$ math"),
    (r"methodology\hyphen independent", "methodology-independent"),
    ("plain text", "plain text"),
])
def test_tex_to_unicode(tex, text):
    assert tex_to_unicode(tex) == text


def test_rebuild_abstract_both_shapes_and_gaps():
    flat = {"b": [1, 3], "a": [0], "c": [4]}
    assert rebuild_abstract(flat) == "a b b c"  # position 2 missing: skipped
    assert rebuild_abstract({"IndexLength": 5, "InvertedIndex": flat}) == "a b b c"
    assert rebuild_abstract(None) == "" and rebuild_abstract({}) == ""


@given(st.lists(st.text(alphabet="abcxyz.,", min_size=1, max_size=6), min_size=1, max_size=30))
def test_rebuild_abstract_inverts_an_index(words):
    index: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        index.setdefault(word, []).append(position)
    shuffled = dict(reversed(list(index.items())))
    assert rebuild_abstract(shuffled) == " ".join(words)


@pytest.mark.parametrize(("line", "prose"), [
    ("Muon is Scalable for LLM Training", False),
    ("Can In-context Learning Really Generalize to Out-of-distribution Tasks?", False),
    ("Attention Is All You Need.", False),
    ("We propose a method. It works well on three benchmarks.", True),
    ("We propose a simple method that improves accuracy on all of the five benchmarks we tried.", True),
    ("x" * 260, True),
])
def test_is_prose(line, prose):
    assert is_prose(line) is prose


@pytest.mark.parametrize(("value", "year"), [
    (2014, 2014), ("2014-05-02", 2014), ("Cancer (2004) 102:4 (253-258)", 2004),
    ("Thu, 1 Feb 2024 10:00:00 GMT", 2024), ("1998 Spring", 1998), ("no year", None),
    (None, None), (12, None), (True, None),
])
def test_year_of(value, year):
    assert year_of(value) == year


def test_ids_and_names():
    assert arxiv_id("http://arxiv.org/abs/cond-mat/0412498v1") == "cond-mat/0412498"
    assert arxiv_id("arXiv:2101.00001v3") == "2101.00001"
    assert doi("https://doi.org/10.1/ABC") == "10.1/ABC" and doi("doi: 10.2/x") == "10.2/x"
    assert split_authors("Liu R., Adler D.G.") == ["Liu R.", "Adler D.G."]
    assert split_authors("A. Smith and B. Jones") == ["A. Smith", "B. Jones"]
    assert split_authors("Smith, A.; Jones, B.") == ["Smith, A.", "Jones, B."]
    assert split_authors([{"name": "Ada"}, "Bo", {"given": "Cy", "family": "Dee"}]) == ["Ada", "Bo", "Cy Dee"]


# --- streaming JSON ----------------------------------------------------------------------

def _chunked(data: bytes, sizes: list[int]):
    position, index = 0, 0
    while position < len(data):
        size = sizes[index % len(sizes)]
        yield data[position:position + size]
        position += size
        index += 1


RECORDS = st.lists(st.fixed_dictionaries({
    "id": st.text(min_size=1, max_size=8),
    "abstract": st.text(max_size=40),
    "n": st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none()),
}), max_size=8)


@settings(max_examples=150, deadline=None)
@given(RECORDS, st.lists(st.integers(min_value=1, max_value=17), min_size=1, max_size=5),
       st.sampled_from(["array", "wrapper", "concatenated"]), st.booleans())
def test_iter_values_gives_the_same_records_whatever_the_chunking(records, sizes, shape, pretty):
    indent = 2 if pretty else None
    if shape == "array":
        text = json.dumps(records, indent=indent, ensure_ascii=False)
    elif shape == "wrapper":
        text = json.dumps({"meta": {"n": len(records)}, "data": records, "tail": True}, indent=indent,
                          ensure_ascii=False)
    else:
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    data = text.encode("utf-8")
    got = list(iter_values(_chunked(data, sizes), frozenset({"data"})))
    assert got == records


def test_iter_values_reports_line_and_column_of_errors():
    data = b'[\n {"a": 1},\n {"a" 2}\n]'
    values = iter_values(_chunked(data, [5]), frozenset())
    assert next(values) == {"a": 1}
    with pytest.raises(JSONStreamError) as err:
        next(values)
    assert (err.value.line, err.value.column, err.value.msg) == (3, 7, "Expecting ':' delimiter")


def test_iter_values_holds_one_record_at_a_time():
    record = {"id": "x", "abstract": "word " * 200}
    count = 4000  # about 4 MB of JSON
    data = json.dumps({"meta": {}, "results": [record] * count}).encode()
    assert len(data) > 4_000_000
    tracemalloc.start()
    seen = sum(1 for _ in iter_values(_chunked(data, [65536]), frozenset({"results"})))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seen == count
    assert peak < 1_000_000


def test_xml_stream_clears_what_it_has_handed_over():
    entry = b"<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><Abstract><AbstractText>" \
            + b"text " * 200 + b"</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n"
    count = 4000
    lines = [b"<PubmedArticleSet>\n"] + [entry] * count + [b"</PubmedArticleSet>\n"]
    tracemalloc.start()
    seen = sum(1 for _ in iter_elements(iter(lines), frozenset({"PubmedArticle"})))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seen == count
    assert peak < 1_000_000


def test_xml_stream_start_lines_and_errors():
    lines = [b"<root>\n", b"<item>a</item>\n", b"\n", b"<item>\n", b"b</item>\n", b"<item></wrong>\n"]
    items = iter_elements(iter(lines), frozenset({"item"}))
    line, elem = next(items)
    assert (line, elem.text) == (2, "a")
    line, elem = next(items)
    assert (line, elem.text) == (4, "\nb")
    with pytest.raises(XMLError) as err:
        next(items)
    assert err.value.line == 6 and "mismatched tag" in err.value.message


def test_xml_stream_never_fetches_a_dtd():
    lines = [b'<?xml version="1.0"?>\n',
             b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/never.dtd">\n',
             b"<r><item>x</item></r>\n"]
    assert [e.text for _, e in iter_elements(iter(lines), frozenset({"item"}))] == ["x"]


def test_source_replays_the_head_then_reads_on():
    data = b"".join(b"line %d\n" % i for i in range(20000))  # longer than the head
    src = Source("mem", io.BufferedReader(io.BytesIO(data)))  # type: ignore[arg-type]
    assert b"".join(src.lines()) == data
    src = Source("mem", io.BufferedReader(io.BytesIO(data)))  # type: ignore[arg-type]
    assert b"".join(src.chunks(1000)) == data
    src = Source("mem", io.BufferedReader(io.BytesIO(b"no newline at end")))  # type: ignore[arg-type]
    assert list(src.lines(limit=5)) == [b"no ne", b"wline", b" at e", b"nd"]


# --- hot path ----------------------------------------------------------------------------

def test_jsonl_hot_path_loads_20000_abstracts_quickly(tmp_path):
    abstract = ("We propose a method for training video models faster. It uses multigrid "
                "schedules over clips, frames and spatial size. ") * 8
    target = tmp_path / "big.jsonl"
    with target.open("w") as out:
        for i in range(20000):
            out.write(json.dumps({"id": f"p{i}", "title": f"Paper {i}", "abstract": abstract,
                                  "year": 2020, "authors": ["A B", "C D"]}) + "\n")
    start = time.perf_counter()
    count = sum(1 for _ in load(target))
    elapsed = time.perf_counter() - start
    assert count == 20000
    assert elapsed < 5.0  # about 0.45 s of CPU here; generous for busy shared CI machines
