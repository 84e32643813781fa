"""The HTML view in a real headless Chromium (Debian's package, driven by Playwright over CDP).

Each test opens an exported file from disk, waits until cytoscape.js has drawn it, saves a
screenshot under test-artifacts/, and checks that the graph rendered (node count, pixels of the
type colours on the canvas), that nothing was logged as an error, that no request left the
file, and that a node named `<img src=x onerror=alert(1)>` is shown as text and runs nothing.
`make browser` (a prerequisite of `make test`) installs chromium when it is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.export import ExportOptions
from kg.export import html as html_view
from kg.export import visual

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_visual_sample import HOSTILE, HOSTILE_ALIAS, sample_graph, synthetic_graph  # noqa: E402

pytestmark = [pytest.mark.integration, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CORPUS = ROOT.parent / "shared" / "corpus" / "trending-papers.txt"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMINGS = ARTIFACTS / "html-view-timings.json"


def _unavailable(reason: str):
    """Skip where a developer lacks the browser; fail on CI, where `make test` installs it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (`make browser` installs it)")
    pytest.skip(f"{reason}; `make browser` installs it")


@pytest.fixture(scope="module")
def browser():
    path = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        _unavailable("Debian's chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """An open page and what it did: errors, requests, dialogs, time to the first drawing."""

    page: object
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def visible_nodes(self) -> int:
        return self.js("window.kgView.cy.nodes().not('.filtered').length")

    def check_clean(self):
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert set(self.requests) == {self.url}, f"requests besides the file: {self.requests}"


def visit(browser, path: Path, *, timeout_s: float = 120) -> Visit:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
    page = context.new_page()
    seen = Visit(page, path.resolve().as_uri())
    # Errors, and warnings too (cytoscape.js warns about style mappings an element cannot use).
    page.on("console", lambda m: seen.errors.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("websocket", lambda w: seen.requests.append(w.url))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    started = time.perf_counter()
    page.goto(seen.url)
    # Predicates are functions, not strings: the page's CSP forbids eval.
    page.wait_for_function("() => window.kgView && window.kgView.rendered === true",
                           timeout=timeout_s * 1000)
    seen.seconds = time.perf_counter() - started
    return seen


def coloured_pixels(seen: Visit, name: str) -> dict[str, int]:
    """Save a screenshot of the page; count pixels of each type colour in the graph area."""
    from PIL import Image

    shot = ARTIFACTS / f"html-view-{name}.png"
    seen.page.screenshot(path=str(shot))
    box = seen.page.locator("#cy").bounding_box()
    image = Image.open(shot).convert("RGB").crop(
        (int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"])))
    counts = {}
    for type_name, colour in visual.COLORS.items():
        target = visual._rgb(colour)
        counts[type_name] = sum(n for n, rgb in image.getcolors(1 << 24)
                                if max(abs(a - b) for a, b in zip(rgb, target)) <= 6)
    return counts


def record(name: str, **numbers):
    timings = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    timings[name] = numbers
    TIMINGS.write_text(json.dumps(timings, indent=1, sort_keys=True) + "\n")


@pytest.fixture(scope="module")
def sample_page(browser, tmp_path_factory) -> Visit:
    out = tmp_path_factory.mktemp("html") / "sample.html"
    visual.export_html(sample_graph(), out, ExportOptions())
    return visit(browser, out)


def test_sample_renders_every_node_offline(sample_page):
    expected = len(html_view.view_data(sample_graph(), ExportOptions())["elements"]["nodes"])
    assert sample_page.js("window.kgView.cy.nodes().length") == expected
    pixels = coloured_pixels(sample_page, "sample")
    for type_name in ("Method", "Dataset", "Metric", "Task", "Paper", "Result"):
        assert pixels[type_name] > 20, f"no {type_name} node drawn: {pixels}"
    sample_page.check_clean()


def test_hostile_name_is_shown_as_text_and_runs_nothing(sample_page):
    seen = sample_page
    node_id = seen.js("""name => window.kgView.cy.nodes().filter(n => n.data('label') === name)[0].id()""",
                      HOSTILE)
    point = seen.js("""id => { const p = window.kgView.cy.getElementById(id).renderedPosition();
                              const r = document.getElementById('cy').getBoundingClientRect();
                              return {x: r.left + p.x, y: r.top + p.y}; }""", node_id)
    seen.page.mouse.click(point["x"], point["y"])
    seen.page.wait_for_function("id => window.kgView.shown === id", arg=node_id)
    assert seen.page.locator("#info h3").text_content() == HOSTILE
    assert HOSTILE_ALIAS in seen.page.locator("#info li").all_text_contents()
    quotes = seen.page.locator("#info blockquote").all_text_contents()
    assert any(HOSTILE in q for q in quotes)
    assert seen.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert seen.js("document.scripts.length") == 3
    paper_links = seen.js("Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert not [h for h in paper_links if not h.startswith("https://")], paper_links
    # The paper with the hostile title and a javascript: URL: text, and no link.
    seen.js("() => { window.kgView.cy.getElementById('paper:P4').emit('tap'); }")
    assert seen.page.locator("#info h3").text_content() == f"Attack paper {HOSTILE}"
    assert HOSTILE in seen.page.locator("#info p").all_text_contents()[-1]
    assert seen.js("document.querySelectorAll('#info a').length") == 0
    assert seen.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
    seen.check_clean()


def test_search_filters_and_details(sample_page):
    seen = sample_page
    seen.page.fill("#search", "bidirectional encoder")
    seen.page.press("#search", "Enter")
    seen.page.wait_for_function("() => window.kgView.matches && window.kgView.matches.length === 1")
    assert seen.page.locator("#info h3").text_content() == "BERT"
    assert seen.page.locator("#matches button").all_text_contents() == ["BERT (Method)"]
    assert "We introduce BERT." in seen.page.locator("#info blockquote").all_text_contents()[0]
    total = seen.js("window.kgView.cy.nodes().length")
    assert seen.visible_nodes() == total
    seen.page.uncheck("input[data-type='Method']")
    assert seen.visible_nodes() == total - 4
    seen.page.check("input[data-type='Method']")
    seen.js("""() => { const s = document.getElementById('confidence');
                       s.value = '0.5'; s.dispatchEvent(new Event('input')); }""")
    hidden = seen.js("window.kgView.cy.nodes('.filtered').map(n => n.data('label'))")
    assert hidden == ["MaybeNet"]
    assert seen.page.locator("#counts").text_content().startswith(f"{total - 1} of {total} nodes")
    seen.check_clean()


def test_trending_corpus_graph(browser, tmp_path):
    if not CORPUS.exists():
        pytest.fail(f"the shared corpus {CORPUS} is missing")
    from kg.pipeline import build_graph

    graph = build_graph([str(CORPUS)])
    out = tmp_path / "trending.html"
    started = time.perf_counter()
    visual.export_html(graph, out, ExportOptions())
    export_s = time.perf_counter() - started
    expected = len(html_view.view_data(graph, ExportOptions())["elements"]["nodes"])
    seen = visit(browser, out)
    assert seen.js("window.kgView.cy.nodes().length") == expected
    assert expected > 500
    pixels = coloured_pixels(seen, "trending")
    assert pixels["Method"] > 200 and pixels["Task"] > 100, pixels
    record("trending", nodes=expected, edges=seen.js("window.kgView.cy.edges().length"),
           html_bytes=out.stat().st_size, export_s=round(export_s, 2),
           open_to_drawn_s=round(seen.seconds, 2), page_timing_ms=seen.js("window.kgView.timing"))
    seen.check_clean()


def test_five_thousand_nodes_stay_responsive(browser, tmp_path):
    graph = synthetic_graph(5000)
    out = tmp_path / "big.html"
    started = time.perf_counter()
    visual.export_html(graph, out, ExportOptions())
    export_s = time.perf_counter() - started
    seen = visit(browser, out, timeout_s=180)
    assert seen.js("window.kgView.cy.nodes().length") == 5500
    assert seen.visible_nodes() == 5000          # papers start hidden on a graph this large
    pixels = coloured_pixels(seen, "5000")
    assert pixels["Method"] > 500, pixels
    # A filter, a search and a zoom each answer within a second or so even here.
    filter_ms = seen.js("""() => { const t = performance.now();
        const box = document.querySelector("input[data-type='Task']");
        box.checked = false; box.dispatchEvent(new Event('change'));
        return performance.now() - t; }""")
    assert seen.visible_nodes() == 3750
    search_started = time.perf_counter()
    seen.page.fill("#search", "method 4240")   # i % 4 == 0: a Method
    seen.page.wait_for_function("() => window.kgView.matches && window.kgView.matches.length === 1")
    search_s = time.perf_counter() - search_started
    frame_ms = seen.js("""() => new Promise(done => { const t = performance.now();
        window.kgView.cy.zoom(window.kgView.cy.zoom() * 1.5);
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t))); })""")
    record("synthetic-5000", nodes=5500, edges=seen.js("window.kgView.cy.edges().length"),
           html_bytes=out.stat().st_size, export_s=round(export_s, 2),
           open_to_drawn_s=round(seen.seconds, 2), page_timing_ms=seen.js("window.kgView.timing"),
           filter_ms=round(filter_ms), search_s=round(search_s, 2), zoom_frame_ms=round(frame_ms))
    assert filter_ms < 3000 and search_s < 5 and frame_ms < 5000
    seen.check_clean()
