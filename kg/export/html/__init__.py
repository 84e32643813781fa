"""The self-contained HTML view: one offline file, cytoscape.js inlined, data embedded as JSON.

cytoscape.js (MIT) is an npm dependency of this folder (`package.json`, `package-lock.json`);
`make setup` runs `npm ci` here, and `render` inlines `node_modules/cytoscape/dist/
cytoscape.min.js` into the page (a wheel built after `make setup` ships that file as package
data). `KG_CYTOSCAPE_JS` may name another copy of the file. The page makes no request: a
Content-Security-Policy allows only the page's own scripts (by hash), and names and sentences
travel as JSON inside a non-executed `<script type="application/json">`, with `<`, `>` and `&`
escaped, and reach the page through `textContent` only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from pathlib import Path
from typing import Any

from kg import graph as kgraph
from kg.errors import ExportError
from kg.export import ExportOptions
from kg.model import KnowledgeGraph

HERE = Path(__file__).resolve().parent
LIBRARY = HERE / "node_modules" / "cytoscape" / "dist" / "cytoscape.min.js"
#: Evidence sentences kept per node and per edge (keeps 5,000-node files small).
MAX_EVIDENCE = 8
MAX_EDGE_EVIDENCE = 4
#: Characters of a paper's abstract shown with the paper.
MAX_ABSTRACT = 1200
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


def library_path() -> Path:
    """The cytoscape.min.js to inline; ExportError, saying how to install it, when missing."""
    override = os.environ.get("KG_CYTOSCAPE_JS")
    path = Path(override) if override else LIBRARY
    if not path.is_file():
        raise ExportError(
            f"the HTML view needs cytoscape.js, not found at {path}; install it with "
            f"`make setup` or `npm ci --prefix {HERE}` (or set KG_CYTOSCAPE_JS to the file)")
    return path


def library_version() -> str:
    """The version of the cytoscape.js that is inlined, from its package.json when present."""
    meta = library_path().parent.parent / "package.json"
    try:
        return str(json.loads(meta.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


def render(graph: KnowledgeGraph, options: ExportOptions, *, title: str = "kg knowledge graph") -> str:
    """The HTML page of `graph` cut down by `options` (see kg.graph.select)."""
    return page(view_data(graph, options), title=title)


def page(data: dict, *, title: str = "kg knowledge graph") -> str:
    """The HTML page that draws `data` (as made by `view_data`)."""
    library = library_path().read_text(encoding="utf-8")
    script = (HERE / "view.js").read_text(encoding="utf-8")
    style = (HERE / "view.css").read_text(encoding="utf-8")
    for name, code in (("cytoscape.js", library), ("view.js", script)):
        if re.search(r"</script|<!--", code, re.IGNORECASE):
            raise ExportError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(f"'sha256-{_digest(code)}'" for code in (library, script)),
        "style-src 'unsafe-inline'",
        "img-src data: blob:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    values = {
        "CSP": html.escape(csp), "TITLE": html.escape(title),
        "LIBRARY_VERSION": html.escape(library_version()), "STYLE": style,
        "DATA": embed_json(data), "LIBRARY": library, "SCRIPT": script,
    }
    template = (HERE / "view.html").read_text(encoding="utf-8")
    # One pass: text put in by a placeholder is never scanned for placeholders again.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _digest(code: str) -> str:
    return base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


def embed_json(data: Any) -> str:
    """JSON that is safe inside `<script type="application/json">`: no `<`, `>` or `&` appear."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def view_data(graph: KnowledgeGraph, options: ExportOptions) -> dict:
    """What the page draws: types with colours, papers, and cytoscape.js elements with details."""
    from kg.export.visual import COLORS, node_size

    part = kgraph.select(graph, min_support=options.min_support,
                         min_confidence=options.min_confidence, types=options.types,
                         top=options.top)
    g = kgraph.to_networkx(part, include_papers=options.include_papers,
                           include_results=options.include_results)
    positions = kgraph.layout(g, unit=90.0)
    evidence = _entity_evidence(part, graph)
    base = 13 if g.number_of_nodes() <= 300 else 10
    abstracts = {kgraph.paper_node(p.id): _clip(p.abstract, MAX_ABSTRACT) for p in part.papers}
    nodes = []
    for node, attrs in g.nodes(data=True):
        d = {k: attrs[k] for k in ("label", "kind", "type", "support", "confidence", "role",
                                   "year", "authors", "url", "value", "unit", "result_kind",
                                   "metric", "method", "dataset", "baseline") if k in attrs}
        d["id"] = node
        d["size"] = node_size(attrs.get("support", 1))
        # Labels of well-supported entities are larger, so they stay readable when zoomed out.
        d["font"] = (round(base + 3 * math.log2(attrs.get("support", 1)), 1)
                     if attrs["kind"] == kgraph.ENTITY else base - 1)
        d["aliases"] = attrs["aliases"].split(kgraph.SEP) if attrs.get("aliases") else []
        d["papers"] = attrs["papers"].split(kgraph.SEP) if attrs.get("papers") else []
        if attrs["kind"] == kgraph.ENTITY:
            d["evidence"] = evidence.get(node, [])
        elif attrs["kind"] == kgraph.PAPER and abstracts.get(node):
            d["abstract"] = abstracts[node]
        elif attrs["kind"] == kgraph.RESULT and attrs.get("sentence"):
            d["evidence"] = [[attrs.get("paper", ""), attrs["sentence"]]]
        x, y = positions[node]
        nodes.append({"data": d, "position": {"x": x, "y": y}})
    relation_evidence = {kgraph.relation_key(r): r.evidence for r in part.relations}
    edges = []
    for source, target, key, attrs in g.edges(keys=True, data=True):
        d = {k: attrs[k] for k in ("kind", "relation", "confidence", "support") if k in attrs}
        d.update(id=key, source=source, target=target)
        sentences = _unique((p.document, p.sentence) for p in relation_evidence.get(key, []))
        if sentences:
            d["evidence"] = sentences[:MAX_EDGE_EVIDENCE]
        edges.append({"data": d})
    papers = {p.id: {k: v for k, v in (("title", p.title), ("year", p.year), ("url", p.url))
                     if v not in (None, "")}
              for p in part.papers}
    types = [{"name": t, "color": COLORS[t]} for t in kgraph.NODE_TYPES]
    return {"types": types, "papers": papers, "elements": {"nodes": nodes, "edges": edges}}


def _entity_evidence(part: KnowledgeGraph, full: KnowledgeGraph) -> dict[str, list[list[str]]]:
    """Entity id -> up to MAX_EVIDENCE [paper id, sentence] pairs, without repeats.

    First up to half from the papers' own text (the sentence of a mention, else the first
    sentence that names the entity: one per paper), then the sentences of its relations and
    results, then the remaining papers' sentences.
    """
    stated: dict[str, list[tuple[str, str]]] = {e.id: [] for e in part.entities}
    for relation in part.relations:
        for prov in relation.evidence:
            for end in (relation.head_id, relation.tail_id):
                stated[end].append((prov.document, prov.sentence))
    for result in part.results:
        if result.provenance:
            for role in kgraph.RESULT_ROLES:
                ref = getattr(result, f"{role}_id")
                if ref in stated:
                    stated[ref].append((result.provenance.document, result.provenance.sentence))
    texts = {p.id: p.text for p in full.papers}
    out = {}
    for entity in part.entities:
        papers = [p for p in dict.fromkeys(entity.papers) if p in texts]
        own: dict[str, str] = {}
        for mention in entity.mentions:
            for paper in papers:
                text = texts[paper]
                if paper not in own and text[mention.start:mention.end] == mention.text:
                    own[paper] = kgraph.sentence_around(text, mention.start, mention.end)
                    break
        for paper in papers:
            if paper not in own:
                own[paper] = _first_sentence_naming(texts[paper], entity)
        mentioned = list(own.items())
        half = MAX_EVIDENCE // 2
        pairs = mentioned[:half] + stated[entity.id] + mentioned[half:]
        out[entity.id] = _unique(pairs)[:MAX_EVIDENCE]
    return out


def _first_sentence_naming(text: str, entity) -> str:
    lowered = text.lower()
    for name in [entity.name, *entity.aliases]:
        at = lowered.find(name.lower()) if name else -1
        if at != -1:
            return kgraph.sentence_around(text, at, at + len(name))
    return ""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _unique(pairs) -> list[list[str]]:
    seen: set[str] = set()
    out = []
    for paper, sentence in pairs:
        if sentence and sentence not in seen:
            seen.add(sentence)
            out.append([paper, sentence])
    return out
