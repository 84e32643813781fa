"""Visual exports of a hand-made graph with hostile names: GraphML, GEXF, Cytoscape JSON, HTML,
PNG and SVG; networkx reads the GraphML and GEXF back unchanged."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import ExportError
from kg.export import SUFFIXES, ExportOptions, export, formats
from kg.export import html as html_view
from kg.export import visual
from kg.model import EntityType, KnowledgeGraph
from test_visual_sample import DOLLARS, HOSTILE, HOSTILE_ALIAS, sample_graph

VISUAL = ["graphml", "gexf", "cyjs", "html", "png", "svg"]
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def graph():
    return sample_graph()


def test_formats_are_registered_with_suffixes():
    assert set(VISUAL) <= set(formats())
    assert {f: SUFFIXES[f] for f in VISUAL} == {f: "." + f for f in VISUAL}


@pytest.mark.parametrize("fmt", VISUAL)
def test_every_format_writes_a_file_through_the_registry(graph, tmp_path, fmt):
    out = export(graph, fmt, tmp_path / "sub" / f"graph.{fmt}")
    assert out.stat().st_size > 200


@pytest.mark.parametrize("fmt", VISUAL)
def test_an_empty_graph_exports_too(tmp_path, fmt):
    out = export(KnowledgeGraph(), fmt, tmp_path / f"empty.{fmt}")
    assert out.stat().st_size > 100


def test_graphml_reads_back_to_the_same_graph(graph, tmp_path):
    out = tmp_path / "g.graphml"
    visual.export_graphml(graph, out, ExportOptions())
    expected = visual.view(graph, ExportOptions())
    back = nx.read_graphml(out, force_multigraph=True)
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
    assert any(d.get("label") == HOSTILE for _, d in back.nodes(data=True))


def test_graphml_declares_typed_keys(graph, tmp_path):
    out = tmp_path / "g.graphml"
    visual.export_graphml(graph, out, ExportOptions())
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
            for k in ET.parse(out).getroot().iter(f"{GRAPHML}key")}
    assert keys[("node", "type")] == "string"
    assert keys[("node", "support")] in {"int", "long"}
    assert keys[("node", "confidence")] == "double"
    assert keys[("node", "year")] in {"int", "long"}
    assert keys[("edge", "confidence")] == "double"
    assert keys[("edge", "relation")] == "string"
    ids = [k.get("id") for k in ET.parse(out).getroot().iter(f"{GRAPHML}key")]
    assert len(ids) == len(set(ids)), "GraphML key ids must be unique"


def test_gexf_reads_back_with_attributes_viz_and_time(graph, tmp_path):
    out = tmp_path / "g.gexf"
    visual.export_gexf(graph, out, ExportOptions())
    expected = visual.gexf_graph(visual.view(graph, ExportOptions()))
    back = nx.read_gexf(out)
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
    bert = next(d for _, d in back.nodes(data=True) if d["label"] == "BERT")
    assert bert["start"] == "2019-01-01"
    assert bert["viz"]["color"] == {"r": 0, "g": 114, "b": 178, "a": 1.0}   # Method blue
    assert bert["viz"]["size"] > next(d for _, d in back.nodes(data=True)
                                      if d["label"] == "MaybeNet")["viz"]["size"]


def test_gexf_declares_attribute_classes_and_a_dynamic_graph(graph, tmp_path):
    out = tmp_path / "g.gexf"
    visual.export_gexf(graph, out, ExportOptions())
    root = ET.parse(out).getroot()
    ns = root.tag.split("}")[0] + "}"
    graph_el = root.find(f"{ns}graph")
    assert graph_el.get("mode") == "dynamic" and graph_el.get("timeformat") == "date"
    declared = {(a.get("class"), t.get("title")): t.get("type")
                for a in graph_el.iter(f"{ns}attributes") for t in a.iter(f"{ns}attribute")}
    assert declared[("node", "type")] == "string"
    assert declared[("node", "support")] in {"integer", "long"}
    assert declared[("node", "confidence")] in {"double", "float"}
    assert declared[("edge", "relation")] == "string"


def test_options_reach_the_files(graph, tmp_path):
    out = tmp_path / "g.graphml"
    options = ExportOptions(top=2, include_papers=False, include_results=False)
    visual.export_graphml(graph, out, options)
    back = nx.read_graphml(out, force_multigraph=True)
    assert sorted(d["label"] for _, d in back.nodes(data=True)) == ["BERT", "SQuAD"]
    options = ExportOptions(types=[EntityType.TASK], min_confidence=0.9, include_papers=False,
                            include_results=False)
    visual.export_gexf(graph, tmp_path / "g.gexf", options)
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert sorted(d["label"] for _, d in back.nodes(data=True)) == ["question answering"]


def test_cytoscape_json_follows_the_elements_format(graph, tmp_path):
    out = tmp_path / "g.cyjs"
    visual.export_cyjs(graph, out, ExportOptions())
    document = json.loads(out.read_text(encoding="utf-8"))
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    expected = visual.view(graph, ExportOptions())
    assert len(nodes) == expected.number_of_nodes() and len(edges) == expected.number_of_edges()
    ids = [n["data"]["id"] for n in nodes] + [e["data"]["id"] for e in edges]
    assert len(ids) == len(set(ids)), "element ids are unique across nodes and edges"
    node_ids = {n["data"]["id"] for n in nodes}
    for node in nodes:
        assert node["group"] == "nodes" and isinstance(node["data"]["name"], str)
        assert set(node["position"]) == {"x", "y"}
    for edge in edges:
        assert edge["group"] == "edges"
        assert edge["data"]["interaction"] == edge["data"]["relation"]
        assert edge["data"]["source"] in node_ids and edge["data"]["target"] in node_ids
    hostile = next(n for n in nodes if n["data"]["label"] == HOSTILE)
    assert hostile["data"]["aliases"] == HOSTILE_ALIAS


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def page(graph, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("html") / "g.html"
    visual.export_html(graph, out, ExportOptions())
    return out.read_text(encoding="utf-8")


def test_html_is_self_contained(page):
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
        assert tag not in {"link", "iframe", "img", "object", "embed"}
    assert [t for t, _ in parser.tags].count("script") == 3
    assert "cytoscape" in parser.scripts[1][:2000].lower()


def test_html_csp_allows_only_its_own_scripts(page):
    parser = _Tags()
    parser.feed(page)
    csp = next(a["content"] for t, a in parser.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    hashes = set(re.findall(r"'sha256-([^']+)'", csp))
    executed = parser.scripts[1:]
    assert hashes == {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in executed}


def test_html_embeds_names_as_escaped_json(page):
    assert HOSTILE not in page and HOSTILE_ALIAS not in page
    parser = _Tags()
    parser.feed(page)
    assert page.count("</script>") == 3 and "<img" not in page
    assert not set(parser.scripts[0]) & set("<>&"), "the JSON escapes <, > and &"
    data = json.loads(parser.scripts[0])
    labels = {n["data"]["label"] for n in data["elements"]["nodes"]}
    assert {HOSTILE, DOLLARS, "BERT"} <= labels
    hostile = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["label"] == HOSTILE)
    assert hostile["aliases"] == [HOSTILE_ALIAS]
    assert any(HOSTILE in sentence for _, sentence in hostile["evidence"])


def test_html_nodes_carry_aliases_papers_and_evidence(graph):
    data = html_view.view_data(graph, ExportOptions())
    bert = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["label"] == "BERT")
    assert bert["aliases"] == ["Bidirectional Encoder Representations from Transformers"]
    assert bert["papers"] == ["P1", "P2", "P3", "P4"]
    sentences = [s for _, s in bert["evidence"]]
    assert "BERT is based on the Transformer." in sentences
    assert "We introduce BERT." in sentences               # from its mention's offsets
    assert len(sentences) == len(set(sentences))
    assert data["papers"]["P1"] == {"title": graph.papers[0].title, "year": 2019,
                                    "url": "https://example.org/bert"}
    sizes = {n["data"]["label"]: n["data"]["size"] for n in data["elements"]["nodes"]}
    assert sizes["BERT"] > sizes["Transformer"] > sizes["MaybeNet"]
    paper = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == "paper:P4")
    assert paper["abstract"] == graph.papers[3].abstract and paper["year"] == 2023
    edge = next(e["data"] for e in data["elements"]["edges"] if e["data"].get("relation") == "OUTPERFORMS")
    assert edge["evidence"][0][0] == "P4"


def test_html_top_option(graph):
    data = html_view.view_data(graph, ExportOptions(top=2, include_papers=False, include_results=False))
    assert sorted(n["data"]["label"] for n in data["elements"]["nodes"]) == ["BERT", "SQuAD"]


def test_html_without_the_library_says_how_to_install_it(graph, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CYTOSCAPE_JS", str(tmp_path / "missing.js"))
    with pytest.raises(ExportError, match="make setup"):
        visual.export_html(graph, tmp_path / "g.html", ExportOptions())


def test_png_is_a_picture_and_the_same_every_time(graph, tmp_path):
    visual.export_png(graph, tmp_path / "a.png", ExportOptions())
    visual.export_png(graph, tmp_path / "b.png", ExportOptions())
    data = (tmp_path / "a.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1440, 1080)
    assert data == (tmp_path / "b.png").read_bytes()


def test_svg_keeps_names_as_text(graph, tmp_path):
    out = tmp_path / "g.svg"
    visual.export_svg(graph, out, ExportOptions(top=8))
    root = ET.parse(out).getroot()
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert not tags & {"script", "image", "foreignObject"}
    texts = ["".join(el.itertext()) for el in root.iter() if el.tag.endswith("text")]
    assert HOSTILE in texts and DOLLARS in texts and "BERT" in texts
    assert "Top 8 entities by support" in texts


def test_picture_shows_only_the_top_entities(graph, tmp_path):
    out = tmp_path / "g.svg"
    visual.export_svg(graph, out, ExportOptions(top=2))
    texts = ["".join(el.itertext()) for el in ET.parse(out).getroot().iter() if el.tag.endswith("text")]
    assert "BERT" in texts and "SQuAD" in texts and "Transformer" not in texts
