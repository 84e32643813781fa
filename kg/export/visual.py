"""Visual exports: GraphML, GEXF, Cytoscape.js JSON, a self-contained HTML view, PNG and SVG.

Every exporter first cuts the graph down with `kg.graph.select` (min support, min confidence,
types, top N) and converts it with `kg.graph.to_networkx`, so all formats show the same nodes.

- GraphML (`.graphml`): yEd, Cytoscape desktop, Gephi; typed `<key>` declarations.
- GEXF (`.gexf`): Gephi; typed attribute classes, colours, sizes and positions (`viz`), and
  time spans from paper years so that Gephi's timeline can play the graph over time.
- Cytoscape.js JSON (`.cyjs`): the cytoscape.js `elements` format; Cytoscape desktop opens it.
- HTML (`.html`): one offline file drawn with cytoscape.js (see `kg.export.html`).
- PNG / SVG: a static picture of the top entities (matplotlib), for papers and READMEs.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx

from kg import graph as kgraph
from kg.errors import ExportError
from kg.export import ExportOptions
from kg.model import KnowledgeGraph

#: Colour of each node type (Okabe-Ito palette: tells apart under colour blindness).
COLORS: dict[str, str] = {
    "Method": "#0072B2", "Dataset": "#E69F00", "Metric": "#009E73", "Task": "#CC79A7",
    "Paper": "#8C8C8C", "Result": "#D55E00",
}
#: How many entities the static picture shows when no --top is given.
PICTURE_TOP = 30


def view(graph: KnowledgeGraph, options: ExportOptions, *, top: int | None = None,
         include_papers: bool | None = None, include_results: bool | None = None) -> nx.MultiDiGraph:
    """The networkx graph an export shows: `graph` cut down by `options`."""
    part = kgraph.select(graph, min_support=options.min_support,
                         min_confidence=options.min_confidence, types=options.types,
                         top=options.top if top is None else top)
    return kgraph.to_networkx(
        part,
        include_papers=options.include_papers if include_papers is None else include_papers,
        include_results=options.include_results if include_results is None else include_results)


def node_size(support: int) -> float:
    """Drawn diameter of a node with `support` papers: grows with the log of the support."""
    return round(18.0 + 12.0 * math.log2(max(support, 1)), 2)


def export_graphml(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """Write GraphML with one typed `<key>` per attribute (networkx's reader gets it all back)."""
    g = view(graph, options)
    try:
        nx.write_graphml(g, out)
    except (OSError, nx.NetworkXError) as exc:
        raise ExportError(f"cannot write GraphML: {exc}", source=str(out)) from exc


def export_gexf(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """Write GEXF 1.2 for Gephi: typed attributes, viz colour/size/position, year time spans.

    A node or edge whose papers give a year starts on 1 January of its first year; Gephi's
    timeline then shows the graph growing year by year.
    """
    g = gexf_graph(view(graph, options))
    try:
        nx.write_gexf(g, out)
    except (OSError, nx.NetworkXError) as exc:
        raise ExportError(f"cannot write GEXF: {exc}", source=str(out)) from exc


def gexf_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `g` with GEXF's `viz` and `start` set from type, support, layout and year."""
    g = g.copy()
    positions = kgraph.layout(g)
    for node, data in g.nodes(data=True):
        red, green, blue = _rgb(COLORS.get(data.get("type", ""), "#444444"))
        x, y = positions[node]
        data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0},
                       "size": node_size(data.get("support", 1)),
                       "position": {"x": x, "y": -y, "z": 0.0}}
        if "first_year" in data:
            data["start"] = f"{data['first_year']:04d}-01-01"
    for _, _, key, data in g.edges(keys=True, data=True):
        data["id"] = key
        data["weight"] = float(data.get("support", 1))
        if "first_year" in data:
            data["start"] = f"{data['first_year']:04d}-01-01"
    return g


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def cytoscape_elements(g: nx.MultiDiGraph, *, positions: bool = True) -> dict:
    """The cytoscape.js elements of `g`: {"nodes": [{"data", "position"}], "edges": [{"data"}]}.

    Node data carry `id`, `name` (what Cytoscape desktop shows), `label` and every attribute of
    the networkx node; edge data carry `id` (the edge key), `source`, `target` and attributes.
    """
    places = kgraph.layout(g) if positions else {}
    nodes, edges = [], []
    for node, data in g.nodes(data=True):
        element: dict = {"data": {"id": node, "name": data.get("label", node), **data},
                         "group": "nodes"}
        if node in places:
            x, y = places[node]
            element["position"] = {"x": x, "y": y}
        nodes.append(element)
    for source, target, key, data in g.edges(keys=True, data=True):
        # `interaction` is the edge attribute Cytoscape desktop shows as the edge type.
        edges.append({"data": {"id": key, "source": source, "target": target,
                               "interaction": data.get("relation", ""), **data},
                      "group": "edges"})
    return {"nodes": nodes, "edges": edges}


def export_cyjs(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """Write Cytoscape.js JSON: `{"format_version", "data", "elements": {"nodes", "edges"}}`."""
    g = view(graph, options)
    document = {"format_version": "1.0", "generated_by": "kg", "target_cytoscapejs_version": "~3",
                "data": {"name": "kg", "shared_name": "kg"},
                "elements": cytoscape_elements(g)}
    _write_text(out, json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def export_html(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """Write the self-contained, offline HTML view (cytoscape.js inlined; see kg.export.html)."""
    from kg.export.html import render

    _write_text(out, render(graph, options))


def export_png(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """Write a PNG picture of the top entities and their relations."""
    _picture(graph, out, options, "png")


def export_svg(graph: KnowledgeGraph, out: Path, options: ExportOptions) -> None:
    """Write an SVG picture of the top entities and their relations (text kept as text)."""
    _picture(graph, out, options, "svg")


def _picture(graph: KnowledgeGraph, out: Path, options: ExportOptions, fmt: str) -> None:
    """Draw the top-N entities (papers and results left out, to stay legible) with matplotlib."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    g = view(graph, options, top=options.top or PICTURE_TOP, include_papers=False,
             include_results=False)
    # Layout y grows downwards (as on screen); matplotlib's grows upwards.
    positions = {n: (x, -y) for n, (x, y) in kgraph.layout(g).items()}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kg",
                                "font.family": "DejaVu Sans", "text.usetex": False}):
        fig, ax = plt.subplots(figsize=(12, 9), dpi=120)
        ax.set_axis_off()
        nodes = list(g.nodes)
        areas = [node_size(g.nodes[n].get("support", 1)) ** 2 / 2.0 for n in nodes]
        simple = nx.DiGraph(g)
        nx.draw_networkx_edges(simple, positions, ax=ax, nodelist=nodes, node_size=areas,
                               edge_color="#9a9a9a", width=0.8, arrows=True, arrowsize=9,
                               alpha=0.85)
        nx.draw_networkx_nodes(g, positions, ax=ax, nodelist=nodes, node_size=areas,
                               node_color=[COLORS.get(g.nodes[n].get("type", ""), "#444444")
                                           for n in nodes],
                               edgecolors="white", linewidths=0.8)
        for node, area in zip(nodes, areas):
            x, y = positions[node]
            ax.annotate(_plain(g.nodes[node].get("label", node)), (x, y), fontsize=8,
                        xytext=(0, -(area ** 0.5) / 2 - 2), textcoords="offset points",
                        ha="center", va="top", zorder=4,
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                              "alpha": 0.75})
        ax.margins(0.08)
        shown = [t for t in kgraph.NODE_TYPES if any(d.get("type") == t for _, d in g.nodes(data=True))]
        handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=COLORS[t], label=t)
                   for t in shown]
        if handles:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                      frameon=False)
        ax.set_title(f"Top {g.number_of_nodes()} entities by support", fontsize=11)
        fig.tight_layout()
        try:
            fig.savefig(out, format=fmt, metadata=_metadata(fmt))
        except OSError as exc:
            raise ExportError(f"cannot write {fmt.upper()}: {exc}", source=str(out)) from exc
        finally:
            plt.close(fig)


def _metadata(fmt: str) -> dict:
    """No creation date, so the same graph gives the same file."""
    return {"Date": None} if fmt == "svg" else {"Software": "kg"}


def _plain(text: str) -> str:
    """A label as matplotlib prints it literally: `$` would start mathtext."""
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _write_text(out: Path, text: str) -> None:
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc}", source=str(out)) from exc
