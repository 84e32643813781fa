"""Write a KnowledgeGraph to Neo4j: batched, idempotent, incremental; and read it back.

    from kg.store.neo4j import Neo4jSettings, Neo4jStore
    with Neo4jStore(Neo4jSettings.from_env()) as store:
        report = store.load(graph)          # LoadReport; StoreError if anything failed

Every statement is a constant of kg/store/cypher.py and every value a parameter. A load creates
the constraints and indexes (IF NOT EXISTS), maps the incoming entities onto those already stored
(kg/store/rows.py), then sends `UNWIND $rows AS row MERGE ...` batches of `batch_size` rows, each
in its own managed transaction, `workers` transactions at a time on nodes no other running one
touches (kg/store/batches.py says how): the driver retries a batch on transient errors and lost
connections (a server restart) for up to `max_retry_time` seconds. Each batch is idempotent (MERGE
on ids, set unions, evidence appended once), so a retried batch, a batch whose commit was lost
with the connection, or a whole load run again changes nothing that was written before. A load
that cannot finish raises StoreError saying how far it got; running it again completes it.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import neo4j
import neo4j.exceptions

import kg
from kg.errors import StoreError
from kg.model import KnowledgeGraph
from kg.store import cypher
from kg.store.batches import Batch, Part, plan, phases
from kg.store.rows import GraphRows, graph_rows, match_stored

log = logging.getLogger(__name__)

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
DEFAULT_BATCH_SIZE = 10000
DEFAULT_WORKERS = 2
DEFAULT_MAX_RETRY_TIME = 60.0

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the server is and how to log in: the NEO4J_URI/USERNAME/PASSWORD/DATABASE convention."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: Optional[str] = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE

    @classmethod
    def from_env(cls, *, uri: Optional[str] = None, user: Optional[str] = None, password: Optional[str] = None,
                 database: Optional[str] = None) -> "Neo4jSettings":
        """Arguments given, else NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE, else defaults."""
        env = os.environ
        return cls(uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
                   user=user or env.get("NEO4J_USERNAME") or DEFAULT_USER,
                   password=password if password is not None else env.get("NEO4J_PASSWORD"),
                   database=database or env.get("NEO4J_DATABASE") or DEFAULT_DATABASE)

    @property
    def where(self) -> str:
        """`uri (database db)`: what error messages name (never the password)."""
        return f"{self.uri} (database {self.database})"


@dataclass
class LoadReport:
    """What a load wrote: rows sent by kind, batches, the server's counters and the time taken."""

    where: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    relationships: int = 0
    merged_into_stored: int = 0
    batches: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    labels_added: int = 0
    seconds: float = 0.0

    def add(self, counters: dict[str, int]) -> None:
        self.batches += 1
        for name in ("nodes_created", "relationships_created", "properties_set", "labels_added"):
            setattr(self, name, getattr(self, name) + counters.get(name, 0))

    def summary(self) -> str:
        """One line for the command line."""
        rows = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in self.rows.items())
        merged = f"; {self.merged_into_stored} entities merged into stored ones" if self.merged_into_stored else ""
        return (f"loaded {rows} into {self.where} in {self.seconds:.1f} s ({self.batches} batches){merged}: "
                f"{self.nodes_created} nodes and {self.relationships_created} relationships created, "
                f"{self.properties_set} properties set")


def _counters(result: neo4j.Result) -> dict[str, int]:
    counters = result.consume().counters
    return {"nodes_created": counters.nodes_created, "relationships_created": counters.relationships_created,
            "properties_set": counters.properties_set, "labels_added": counters.labels_added}


class _Rows(list):
    """A batch's rows as the `$rows` parameter, shown in logs and messages by their number only.

    The driver formats every RUN message for its debug log, parameters included, even when that
    log is off: repr() of a 10,000-row batch took most of the client's time in a load.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _write_rows(tx: neo4j.ManagedTransaction, statement: str, rows: list[dict]) -> dict[str, int]:
    return _counters(tx.run(statement, rows=_Rows(rows)))


def _write_parts(tx: neo4j.ManagedTransaction, parts: tuple[Part, ...]) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in parts:
        for name, value in _write_rows(tx, part.statement, part.rows).items():
            total[name] = total.get(name, 0) + value
    return total


def _run_schema(tx: neo4j.ManagedTransaction, statement: str) -> None:
    tx.run(statement).consume()


class Neo4jStore:
    """A connection to one Neo4j database that loads KnowledgeGraphs into it and reads them back."""

    def __init__(self, settings: Neo4jSettings, *, batch_size: int = DEFAULT_BATCH_SIZE,
                 workers: int = DEFAULT_WORKERS, max_retry_time: float = DEFAULT_MAX_RETRY_TIME,
                 connection_timeout: float = 10.0) -> None:
        if batch_size < 1:
            raise StoreError(f"batch size must be at least 1, got {batch_size}")
        if workers < 1:
            raise StoreError(f"workers must be at least 1, got {workers}")
        if not settings.password:
            raise StoreError(f"no password for {settings.user!r} at {settings.uri}: set NEO4J_PASSWORD")
        self.settings = settings
        self.batch_size = batch_size
        self.workers = workers
        self.max_retry_time = max_retry_time
        try:
            self.driver = neo4j.GraphDatabase.driver(
                settings.uri, auth=(settings.user, settings.password), max_transaction_retry_time=max_retry_time,
                connection_timeout=connection_timeout, connection_acquisition_timeout=connection_timeout * 2,
                user_agent=f"kg/{kg.__version__}", notifications_min_severity="OFF")
        except (ValueError, neo4j.exceptions.ConfigurationError) as error:
            raise StoreError(f"bad Neo4j URI {settings.uri!r}: {error}") from None

    def __enter__(self) -> "Neo4jStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.driver.close()

    # --- errors ---------------------------------------------------------------------------------

    def _error(self, error: Exception, doing: str) -> StoreError:
        where = self.settings.where
        if isinstance(error, neo4j.exceptions.AuthError):
            return StoreError(f"Neo4j at {self.settings.uri} rejected user {self.settings.user!r} while {doing}: "
                              f"{error.message} (check NEO4J_USERNAME and NEO4J_PASSWORD)")
        if isinstance(error, (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired, OSError)):
            return StoreError(f"cannot reach Neo4j at {where} while {doing}: {_message(error)}")
        return StoreError(f"Neo4j at {where} failed while {doing}: {_message(error)}")

    def connect(self) -> None:
        """Check that the server answers and accepts the login; StoreError if not (nothing is retried)."""
        try:
            self.driver.verify_connectivity()
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as error:
            raise self._error(error, "connecting") from None

    # --- schema ---------------------------------------------------------------------------------

    def ensure_schema(self, wait_s: int = 300) -> None:
        """Create the id constraints and name indexes unless they exist, and wait until they are online."""
        try:
            with self._session() as session:
                for statement in (*cypher.CONSTRAINTS, *cypher.INDEXES):
                    session.execute_write(_run_schema, statement)
                session.run(cypher.AWAIT_INDEXES, seconds=wait_s).consume()
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as error:
            raise self._error(error, "creating constraints and indexes") from None

    def schema(self) -> list[dict[str, Any]]:
        """The database's constraints and indexes (name, type, labels, properties)."""
        return self.query(cypher.SHOW_CONSTRAINTS) + self.query(cypher.SHOW_INDEXES)

    # --- writing --------------------------------------------------------------------------------

    def plan(self, graph: KnowledgeGraph, reconcile: bool = True) -> tuple[GraphRows, int]:
        """The rows a load of `graph` sends, after mapping its entities onto stored ones; and how many were."""
        mapping: dict[str, str] = {}
        if reconcile and self.query(cypher.COUNT_NODES)[0]["n"]:
            stored = ((r["id"], r["type"], r["keys"]) for r in self.query(cypher.ENTITY_KEYS))
            mapping = match_stored(graph, stored)
        return graph_rows(graph, mapping), len(mapping)

    def batches(self, rows: GraphRows) -> list[list[Batch]]:
        """The transactions that write `rows`, as phases run one after the other (kg/store/batches.py)."""
        return plan(rows, self.batch_size, self.workers)

    def load(self, graph: KnowledgeGraph, *, progress: Optional[Progress] = None,
             reconcile: bool = True) -> LoadReport:
        """Merge `graph` into the database; the report is returned only once every batch is committed."""
        started = time.perf_counter()
        self.connect()
        self.ensure_schema()
        try:
            rows, merged = self.plan(graph, reconcile)
        except StoreError as error:
            raise StoreError(f"{error.message}; nothing was written") from None
        report = self.write(rows, progress=progress)
        report.merged_into_stored = merged
        report.seconds = time.perf_counter() - started
        return report

    def write(self, rows: GraphRows, *, progress: Optional[Progress] = None) -> LoadReport:
        """Send `rows` in batches, one managed transaction each; StoreError says how far it got.

        Up to `workers` transactions run at once, each on its own session, and only transactions
        that touch disjoint nodes (kg/store/batches.py); this thread plans the next phase of the
        load meanwhile. `progress` is called after each batch, never by two threads at once.
        """
        started = time.perf_counter()
        report = LoadReport(where=self.settings.where, rows=rows.counts(), relationships=rows.relationships())
        load = _Load(self, report, progress, total_rows=sum(report.rows.values()))
        threads = [threading.Thread(target=load.work, name=f"kg-neo4j-writer-{i}", daemon=True)
                   for i in range(self.workers)]
        for thread in threads:
            thread.start()
        try:
            try:
                for phase in phases(rows, self.batch_size, self.workers):
                    load.add(phase)
            finally:
                load.planned()
            for thread in threads:
                thread.join()
        except BaseException as error:  # e.g. Ctrl-C: let the writers finish their batch and stop
            load.fail(None, error)
            for thread in threads:
                thread.join()
            raise
        load.raise_failure()
        report.seconds = time.perf_counter() - started
        return report

    def _write(self, session: neo4j.Session, batch: Batch) -> dict[str, int]:
        """One batch in one managed transaction (retried by the driver), resent if its commit was lost."""
        deadline = time.monotonic() + self.max_retry_time
        while True:
            try:
                return session.execute_write(_write_parts, batch.parts)
            except neo4j.exceptions.IncompleteCommit as error:
                # The connection dropped during COMMIT: the batch may or may not be written. The
                # driver does not retry this; a batch is idempotent, so sending it again is safe.
                if time.monotonic() > deadline:
                    raise
                log.warning("commit of a batch of %d rows was lost (%s); sending it again", len(batch), error)
                time.sleep(1.0)

    def wipe(self) -> None:
        """Delete every node and relationship of the database (constraints and indexes stay)."""
        try:
            with self._session() as session:
                session.run(cypher.DELETE_ALL).consume()
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as error:
            raise self._error(error, "deleting the graph") from None

    # --- reading --------------------------------------------------------------------------------

    def query(self, statement: str, params: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """Run a read statement with parameters and return its rows as dicts."""
        try:
            records = self.driver.execute_query(statement, params or {}, database_=self.settings.database,
                                                routing_=neo4j.RoutingControl.READ).records
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as error:
            raise self._error(error, "querying") from None
        return [record.data() for record in records]

    def cookbook(self, name: str, params: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
        """Run the cookbook query `name` (kg.store.cypher.COOKBOOK) with its defaults overridden by `params`."""
        try:
            query = cypher.COOKBOOK[name]
        except KeyError:
            raise StoreError(f"no cookbook query {name!r}; choose one of: {', '.join(cypher.COOKBOOK)}") from None
        unknown = set(params or {}) - set(query.params)
        if unknown:
            raise StoreError(f"cookbook query {name!r} takes {sorted(query.params) or 'no parameters'}, "
                             f"not {sorted(unknown)}")
        return self.query(query.cypher, {**query.params, **(params or {})})

    def stats(self) -> dict[str, dict[str, int]]:
        """Nodes per label and relationships per type."""
        return {"nodes": {r["label"]: r["count"] for r in self.query(cypher.NODE_COUNTS)},
                "relationships": {r["type"]: r["count"] for r in self.query(cypher.RELATIONSHIP_COUNTS)}}

    def snapshot(self) -> dict[str, list]:
        """Every node (id, labels, properties) and relationship (head, type, tail, properties), sorted.

        Two databases hold the same graph when their snapshots are equal.
        """
        nodes = sorted(((r["id"], sorted(r["labels"]), r["props"]) for r in self.query(cypher.SNAPSHOT_NODES)),
                       key=lambda n: (str(n[0]), n[1]))
        rels = sorted(((r["head"], r["type"], r["tail"], r["props"])
                       for r in self.query(cypher.SNAPSHOT_RELATIONSHIPS)), key=lambda r: tuple(map(str, r[:3])))
        return {"nodes": nodes, "relationships": rels}

    def _session(self) -> neo4j.Session:
        return self.driver.session(database=self.settings.database)


class _Load:
    """One write in progress: the phases planned so far, the batches running, what is written.

    Writer threads take batches of the current phase whose node groups no running batch holds;
    the next phase starts when every batch of the current one is committed.
    """

    def __init__(self, store: Neo4jStore, report: LoadReport, progress: Optional[Progress], *,
                 total_rows: int) -> None:
        self.store, self.report, self.progress = store, report, progress
        self.total_rows = total_rows
        self.written = 0
        self.changed = threading.Condition()
        self.phases: deque[list[Batch]] = deque()
        self.complete = False  # every phase planned
        self.pending: list[Batch] = []  # of the current phase
        self.running = 0
        self.busy: set[int] = set()  # node groups of the running batches
        self.failed: Optional[tuple[Optional[Batch], BaseException]] = None

    def add(self, batches: list[Batch]) -> None:
        with self.changed:
            self.phases.append(list(batches))
            self.changed.notify_all()

    def planned(self) -> None:
        with self.changed:
            self.complete = True
            self.changed.notify_all()

    def work(self) -> None:
        """A writer thread: batch after batch on its own session until the load is done or failed."""
        try:
            with self.store._session() as session:
                while (batch := self._take()) is not None:
                    try:
                        counters = self.store._write(session, batch)
                    except BaseException as error:
                        self.fail(batch, error)
                        return
                    with self.changed:
                        self.running -= 1
                        self.busy -= batch.groups
                        self.report.add(counters)
                        self.written += len(batch)
                        self.changed.notify_all()
                        if self.progress is not None:
                            self.progress(len(batch))
        except BaseException as error:  # the session itself failed, or progress raised
            self.fail(None, error)

    def _take(self) -> Optional[Batch]:
        """The first pending batch whose nodes no running batch touches; None when done or failed."""
        with self.changed:
            while self.failed is None:
                for index, batch in enumerate(self.pending):
                    if not batch.groups & self.busy:
                        self.busy |= batch.groups
                        self.running += 1
                        return self.pending.pop(index)
                if not self.pending and not self.running:
                    if self.phases:
                        self.pending = self.phases.popleft()
                        continue
                    if self.complete:
                        return None
                self.changed.wait()
            return None

    def fail(self, batch: Optional[Batch], error: BaseException) -> None:
        with self.changed:
            if self.failed is None:
                self.failed = (batch, error)
            self.changed.notify_all()

    def raise_failure(self) -> None:
        """StoreError saying how far the load got, if a batch failed (other errors as they are)."""
        if self.failed is None:
            return
        batch, error = self.failed
        if not isinstance(error, (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError)):
            raise error
        what = f" ({batch.what})" if batch is not None else ""
        raise StoreError(
            f"the load into {self.store.settings.where} stopped at batch {self.report.batches + 1}{what} "
            f"after {self.written} of {self.total_rows} rows were written, so the graph there is incomplete; "
            f"run the same load again to complete it (loading is idempotent). Cause: {_message(error)}") from None

def _message(error: BaseException) -> str:
    """The driver's message on one line; for a failed connection, only its reason."""
    text = " ".join(str(getattr(error, "message", None) or str(error) or type(error).__name__).split())
    reason = re.search(r"\(reason (.+?)\)$", text)
    return reason.group(1) if reason else text

