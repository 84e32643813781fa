"""Make the README's pictures from real output: the HTML view and the static top-N picture.

Builds the graph of the bundled example (kg.pipeline.build_graph), exports it with the `html`
and `png` exporters, opens the HTML file in headless Chromium (Debian's, via Playwright; no
network), clicks the best-supported entity so that the details panel shows, and saves:

    docs/img/html-view.png      the HTML view of the example, a node selected
    docs/img/top-entities.png   `kg export --to png` of the same graph

Usage: .venv/bin/python scripts/screenshot.py [INPUT ...] [--out docs/img] [--top 30]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def shoot(html: Path, png: Path, *, width: int = 1400, height: int = 860) -> dict:
    """Open `html` in Chromium, select the best-supported entity, save a screenshot to `png`."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html.resolve().as_uri())
        page.wait_for_function("() => window.kgView && window.kgView.rendered === true", timeout=120_000)
        point = page.evaluate("""() => {
            const cy = window.kgView.cy;
            const best = cy.nodes("[kind = 'entity']").sort((a, b) => (b.data('support') - a.data('support')) || (b.degree() - a.degree()))[0];
            const p = best.renderedPosition(), r = document.getElementById('cy').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y, label: best.data('label')};
        }""")
        page.mouse.click(point["x"], point["y"])
        page.wait_for_timeout(400)
        page.screenshot(path=str(png))
        info = {"selected": point["label"], "nodes": page.evaluate("() => window.kgView.cy.nodes().length"),
                "timing_ms": page.evaluate("() => window.kgView.timing"), "errors": errors}
        browser.close()
    if errors:
        raise SystemExit(f"the page logged errors: {errors}")
    return info


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "examples" / "abstracts.jsonl")])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--top", type=int, default=30, help="entities in the static picture")
    args = parser.parse_args(argv)

    from kg.export import ExportOptions, export
    from kg.pipeline import build_graph

    graph = build_graph(args.inputs)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        html = export(graph, "html", Path(tmp) / "graph.html")
        info = shoot(html, args.out / "html-view.png")
    export(graph, "png", args.out / "top-entities.png", ExportOptions(top=args.top))
    print(f"wrote {args.out / 'html-view.png'} ({info['nodes']} nodes, selected {info['selected']!r}, "
          f"drawn in {info['timing_ms']['firstRender']:.0f} ms) and {args.out / 'top-entities.png'}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
