"""The `kg` command line: thin typer commands over the library."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

import kg
from kg.errors import KGError, LoadError

app = typer.Typer(
    name="kg", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    help="Build knowledge graphs of methods, datasets, metrics, tasks and results from paper abstracts.",
)
err_console = Console(stderr=True)
out_console = Console()


class State:
    verbose = False
    quiet = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {kg.__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks and debug logs."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or warnings, errors only."),
) -> None:
    """kg reads paper abstracts and writes a knowledge graph (files, RDF, Neo4j)."""
    State.verbose, State.quiet = verbose, quiet
    level = logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr, force=True)


@contextlib.contextmanager
def _progress(description: str, total: Optional[int] = None) -> Iterator[Optional[callable]]:
    if State.quiet:
        yield None
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


def _fields(values: Optional[List[str]]) -> Optional[dict]:
    if not values:
        return None
    mapping = {}
    for value in values:
        ours, sep, theirs = value.partition("=")
        if not sep or not ours or not theirs:
            raise KGError(f"--field takes OURS=THEIRS (e.g. abstract=summary), got {value!r}")
        mapping[ours.strip()] = theirs.strip()
    return mapping


def _run(fn) -> None:
    """Call `fn`, turning library errors into one line on stderr and an exit code."""
    try:
        fn()
    except KGError as err:
        if State.verbose:
            err_console.print_exception()
        err_console.print(f"[red]error[/red]: {escape(str(err))}", highlight=False, markup=True, soft_wrap=True)
        raise typer.Exit(2 if isinstance(err, LoadError) else 1)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        raise typer.Exit(130)


INPUTS = typer.Argument(..., help="Input files (JSON Lines, JSON, CSV/TSV, arXiv Atom/OAI/snapshot, OpenAlex, "
                                  "Semantic Scholar, PubMed XML, BibTeX, trending-page text; gzip ok; - for stdin).")
FORMAT = typer.Option(None, "--format", "-f", help="Force the input format instead of detecting it.")
STRICT = typer.Option(False, "--strict", help="Stop at the first bad record (exit code 2) instead of skipping it.")
FIELD = typer.Option(None, "--field", help="Map a field: OURS=THEIRS, e.g. --field abstract=summary (repeatable).")
JOBS = typer.Option(0, "--jobs", "-j", help="Worker processes (0: one per CPU).")
MIN_CONF = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                        help="Drop entities, relations and results below this confidence.")


@app.command()
def build(
    inputs: List[str] = INPUTS,
    out: Path = typer.Option(..., "--out", "-o", help="Output folder."),
    format: Optional[str] = FORMAT,
    strict: bool = STRICT,
    field: Optional[List[str]] = FIELD,
    jobs: int = JOBS,
    min_confidence: float = MIN_CONF,
    to: Optional[List[str]] = typer.Option(None, "--to", help="Export formats to write (repeatable; default "
                                                              "ttl, graphml, html)."),
    neo4j: bool = typer.Option(False, "--neo4j", help="Also load the graph into Neo4j (NEO4J_URI, NEO4J_USERNAME, "
                                                      "NEO4J_PASSWORD, NEO4J_DATABASE; see kg neo4j load)."),
) -> None:
    """Load, extract and resolve INPUTS and write the graph files to --out.

    Writes extraction.jsonl, graph.ttl, graph.graphml, graph.html and report.json.

    Example: kg build examples/abstracts.jsonl --out out/example
    """
    from kg.pipeline import build as run_build, default_jobs

    def go() -> None:
        with contextlib.ExitStack() as stack:
            store = stack.enter_context(_neo4j_store()) if neo4j else None
            if store is not None:
                store.connect()  # before the NLP, not after it
            with _progress("extracting") as progress:
                graph, report = run_build(inputs, out, format=format, strict=strict, fields=_fields(field),
                                          min_confidence=min_confidence, jobs=jobs or default_jobs(),
                                          formats=to or None, progress=progress)
            _summary(report.to_dict())
            if store is not None:
                _load_neo4j(store, graph)

    _run(go)


def _summary(report: dict) -> None:
    if State.quiet:
        return
    docs = report["documents"]
    graph = report["graph"]
    err_console.print(f"{docs['read']} documents read: {docs['in_graph']} in the graph, {docs['rejected']} rejected")
    if graph:
        by_type = ", ".join(f"{v} {k}" for k, v in graph["entities_by_type"].items())
        err_console.print(f"{graph['entities']} entities ({by_type}), {graph['relations']} relations, "
                          f"{graph['results']} results")
    for name, path in report["outputs"].items():
        err_console.print(f"  {name:<11} {path}")
    for warning in report.get("warnings", []):
        err_console.print(f"[yellow]warning[/yellow]: {warning}")


@app.command()
def extract(
    inputs: List[str] = INPUTS,
    out: str = typer.Option(..., "--out", "-o", help="Output JSON Lines file, or - for standard output."),
    format: Optional[str] = FORMAT,
    strict: bool = STRICT,
    field: Optional[List[str]] = FIELD,
    jobs: int = JOBS,
    min_confidence: float = MIN_CONF,
) -> None:
    """Extract entities, relations and results: one JSON object per input document.

    Example: kg extract papers.jsonl --out extraction.jsonl
    """
    from kg.pipeline import RunReport, default_jobs, extract_documents, load_documents
    from kg.resolve import filter_extraction

    def go() -> None:
        report = RunReport()
        handle = sys.stdout if out == "-" else open(out, "w", encoding="utf-8")
        try:
            with _progress("extracting") as progress:
                documents = load_documents(inputs, report, format=format, strict=strict, fields=_fields(field))
                for extraction in extract_documents(documents, report, jobs=jobs or default_jobs(), strict=strict,
                                                    progress=progress):
                    handle.write(filter_extraction(extraction, min_confidence).to_json() + "\n")
        finally:
            if handle is not sys.stdout:
                handle.close()
        report.counts = {"papers": report.documents_extracted}
        if not State.quiet:
            err_console.print(f"{report.documents_read} documents read: {report.documents_extracted} extracted, "
                              f"{report.rejected} rejected")

    _run(go)


@app.command()
def export(
    extraction: Path = typer.Argument(..., help="An extraction.jsonl written by kg build or kg extract."),
    to: str = typer.Option(..., "--to", "-t", help="Export format (see the README's formats table)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file."),
    min_confidence: float = MIN_CONF,
    min_support: int = typer.Option(1, "--min-support", min=1, help="Keep entities found in at least N papers."),
    types: Optional[List[str]] = typer.Option(None, "--types", help="Entity types to keep (repeatable)."),
    top: Optional[int] = typer.Option(None, "--top", min=1, help="Keep the N entities with most support."),
    papers: bool = typer.Option(True, "--papers/--no-papers", help="Include Paper nodes."),
    results: bool = typer.Option(True, "--results/--no-results", help="Include Result nodes."),
    base_iri: str = typer.Option("https://w3id.org/kg/", "--base-iri", help="Base IRI of RDF exports."),
) -> None:
    """Re-export a saved extraction (resolved again) without re-running the NLP.

    Example: kg export out/example/extraction.jsonl --to graphml --out graph.graphml
    """
    from kg.export import ExportOptions, export as run_export
    from kg.model import EntityType
    from kg.pipeline import read_extraction_file
    from kg.resolve import resolve

    def go() -> None:
        try:
            entity_types = [EntityType(t.capitalize()) for t in types] if types else None
        except ValueError:
            raise KGError(f"--types takes Method, Dataset, Metric or Task, got {types}") from None
        options = ExportOptions(base_iri=base_iri, min_confidence=min_confidence, min_support=min_support,
                                types=entity_types, top=top, include_papers=papers, include_results=results)
        graph = resolve(read_extraction_file(extraction), min_confidence=min_confidence)
        path = run_export(graph, to, out, options)
        if not State.quiet:
            err_console.print(f"wrote {path} ({to})")

    _run(go)


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., help="Gold records (JSON Lines, the guideline's format)."),
    pred: Path = typer.Argument(..., help="Predicted records (kg extract output)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    ids: Optional[str] = typer.Option(None, "--ids", help="Only score these record ids (comma-separated)."),
) -> None:
    """Precision, recall and F1 as the annotation guideline's Scoring section defines them.

    Example: kg evaluate ../shared/annotation/dev-gold.jsonl x.jsonl
    """
    from kg.evaluate import evaluate as run_evaluate

    def go() -> None:
        report = run_evaluate(gold, pred, ids=set(ids.split(",")) if ids else None)
        if as_json:
            typer.echo(json.dumps(report.to_dict(), indent=2))
            return
        table = Table(title=f"kg evaluate: {report.documents} gold records")
        for column in ("score", "precision", "recall", "F1", "tp", "pred", "gold"):
            table.add_column(column, justify="left" if column == "score" else "right")
        for name, score in sorted(report.scores.items()):
            table.add_row(name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
                          str(score.tp), str(score.pred), str(score.gold))
        out_console.print(table)
        if report.missing:
            err_console.print(f"{len(report.missing)} gold records have no prediction: {', '.join(report.missing[:10])}")

    _run(go)


neo4j_app = typer.Typer(
    name="neo4j", no_args_is_help=True, rich_markup_mode=None,
    help="Load graphs into Neo4j, create its schema, count and query what is there.\n\n"
         "The connection comes from NEO4J_URI (default bolt://127.0.0.1:7687), NEO4J_USERNAME (default "
         "neo4j), NEO4J_PASSWORD and NEO4J_DATABASE (default neo4j), or the matching options.\n\n"
         "Example: kg neo4j load out/example/extraction.jsonl",
)
app.add_typer(neo4j_app)

NEO4J_URI = typer.Option(None, "--uri", envvar="NEO4J_URI", help="Bolt URI [default: bolt://127.0.0.1:7687].")
NEO4J_USER = typer.Option(None, "--username", envvar="NEO4J_USERNAME", help="User [default: neo4j].")
NEO4J_PASSWORD = typer.Option(None, "--password", envvar="NEO4J_PASSWORD", show_default=False,
                              help="Password; set NEO4J_PASSWORD instead (an option shows in ps and shell history).")
NEO4J_DATABASE = typer.Option(None, "--database", envvar="NEO4J_DATABASE", help="Database [default: neo4j].")


def _neo4j_store(uri: Optional[str] = None, username: Optional[str] = None, password: Optional[str] = None,
                 database: Optional[str] = None, **options):
    from kg.store.neo4j import Neo4jSettings, Neo4jStore

    settings = Neo4jSettings.from_env(uri=uri, user=username, password=password, database=database)
    return Neo4jStore(settings, **options)


def _load_neo4j(store, graph) -> None:
    with _progress("loading Neo4j") as progress:
        report = store.load(graph, progress=progress)
    if not State.quiet:
        err_console.print(report.summary(), highlight=False, soft_wrap=True)


@neo4j_app.command("load")
def neo4j_load(
    extractions: List[Path] = typer.Argument(..., help="extraction.jsonl files written by kg build or kg extract."),
    batch_size: int = typer.Option(10000, "--batch-size", min=1, help="Rows per transaction."),
    workers: int = typer.Option(2, "--workers", min=1, help="Transactions at once, each on nodes no other "
                                                           "running one touches."),
    max_retry_time: float = typer.Option(60.0, "--max-retry-time", min=0.0,
                                         help="Seconds to keep retrying a batch while the server is away."),
    min_confidence: float = MIN_CONF,
    merge: bool = typer.Option(True, "--merge/--no-merge", help="Merge new entities into stored ones spelled "
                                                                "the same way (see README.md#neo4j)."),
    uri: Optional[str] = NEO4J_URI, username: Optional[str] = NEO4J_USER,
    password: Optional[str] = NEO4J_PASSWORD, database: Optional[str] = NEO4J_DATABASE,
) -> None:
    """Resolve saved extractions into one graph and merge it into Neo4j (idempotent, incremental).

    Example: kg neo4j load out/example/extraction.jsonl
    """
    from itertools import chain

    from kg.pipeline import read_extraction_file
    from kg.resolve import resolve

    def go() -> None:
        with _neo4j_store(uri, username, password, database, batch_size=batch_size, workers=workers,
                          max_retry_time=max_retry_time) as store:
            store.connect()
            graph = resolve(chain.from_iterable(read_extraction_file(p) for p in extractions),
                            min_confidence=min_confidence)
            with _progress("loading Neo4j") as progress:
                report = store.load(graph, progress=progress, reconcile=merge)
            if not State.quiet:
                err_console.print(report.summary(), highlight=False, soft_wrap=True)

    _run(go)


@neo4j_app.command("schema")
def neo4j_schema(
    uri: Optional[str] = NEO4J_URI, username: Optional[str] = NEO4J_USER,
    password: Optional[str] = NEO4J_PASSWORD, database: Optional[str] = NEO4J_DATABASE,
) -> None:
    """Create kg's uniqueness constraints and indexes unless they exist, and list them.

    Example: kg neo4j schema
    """
    def go() -> None:
        with _neo4j_store(uri, username, password, database) as store:
            store.connect()
            store.ensure_schema()
            _table("constraints and indexes", store.schema())

    _run(go)


@neo4j_app.command("stats")
def neo4j_stats(
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
    uri: Optional[str] = NEO4J_URI, username: Optional[str] = NEO4J_USER,
    password: Optional[str] = NEO4J_PASSWORD, database: Optional[str] = NEO4J_DATABASE,
) -> None:
    """Count the nodes per label and the relationships per type.

    Example: kg neo4j stats --json
    """
    def go() -> None:
        with _neo4j_store(uri, username, password, database) as store:
            stats = store.stats()
        if as_json:
            typer.echo(json.dumps(stats, indent=2))
            return
        _table("nodes", [{"label": k, "count": v} for k, v in stats["nodes"].items()])
        _table("relationships", [{"type": k, "count": v} for k, v in stats["relationships"].items()])

    _run(go)


@neo4j_app.command("cookbook")
def neo4j_cookbook(
    name: Optional[str] = typer.Argument(None, help="The query to run; none lists them."),
    param: Optional[List[str]] = typer.Option(None, "--param", "-p", help="NAME=VALUE for a query parameter "
                                                                          "(repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
    uri: Optional[str] = NEO4J_URI, username: Optional[str] = NEO4J_USER,
    password: Optional[str] = NEO4J_PASSWORD, database: Optional[str] = NEO4J_DATABASE,
) -> None:
    """Run a query of the Cypher cookbook (docs/cypher.md) and print its rows.

    Example: kg neo4j cookbook methods-on-dataset --param dataset=ImageNet
    """
    from kg.store.cypher import COOKBOOK

    def go() -> None:
        if name is None:
            _table("cookbook", [{"name": k, "query": q.title, "parameters": ", ".join(f"{p}={v!r}" for p, v in
                                 q.params.items())} for k, q in COOKBOOK.items()])
            return
        params = {}
        for item in param or []:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise KGError(f"--param takes NAME=VALUE, got {item!r}")
            params[key.strip()] = value
        with _neo4j_store(uri, username, password, database) as store:
            rows = store.cookbook(name, params)
        if as_json:
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        else:
            _table(f"{name}: {len(rows)} rows", rows)

    _run(go)


def _table(title: str, rows: List[dict]) -> None:
    table = Table(title=title)
    for column in (rows[0] if rows else {}):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    out_console.print(table)


def main() -> None:
    """Entry point of the `kg` console script."""
    app()


if __name__ == "__main__":
    main()
