"""Write a KnowledgeGraph to Neo4j: batched, idempotent, incremental; and read it back.

    from kg.store.neo4j import Neo4jSettings, Neo4jStore
    with Neo4jStore(Neo4jSettings.from_env()) as store:
        report = store.load(graph)          # LoadReport; StoreError if anything failed

Every statement is a constant of kg/store/cypher.py and every value a parameter. A load creates
the constraints and indexes (IF NOT EXISTS), maps the incoming entities onto those already stored
(kg/store/rows.py), then sends `UNWIND $rows AS row MERGE ...` batches of `batch_size` rows, each
in its own managed transaction: the driver retries a batch on transient errors and lost
connections (a server restart) for up to `max_retry_time` seconds. Each batch is idempotent (MERGE
on ids, set unions, evidence appended once), so a retried batch, a batch whose commit was lost
with the connection, or a whole load run again changes nothing that was written before. A load
that cannot finish raises StoreError saying how far it got; running it again completes it.
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

import neo4j
import neo4j.exceptions

import kg
from kg.errors import StoreError
from kg.model import KnowledgeGraph
from kg.store import cypher
from kg.store.rows import GraphRows, chunks, graph_rows, match_stored

log = logging.getLogger(__name__)

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
DEFAULT_BATCH_SIZE = 10000
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


def _write_rows(tx: neo4j.ManagedTransaction, statement: str, rows: list[dict]) -> dict[str, int]:
    return _counters(tx.run(statement, rows=rows))


def _run_schema(tx: neo4j.ManagedTransaction, statement: str) -> None:
    tx.run(statement).consume()


class Neo4jStore:
    """A connection to one Neo4j database that loads KnowledgeGraphs into it and reads them back."""

    def __init__(self, settings: Neo4jSettings, *, batch_size: int = DEFAULT_BATCH_SIZE,
                 max_retry_time: float = DEFAULT_MAX_RETRY_TIME, connection_timeout: float = 10.0) -> None:
        if batch_size < 1:
            raise StoreError(f"batch size must be at least 1, got {batch_size}")
        if not settings.password:
            raise StoreError(f"no password for {settings.user!r} at {settings.uri}: set NEO4J_PASSWORD")
        self.settings = settings
        self.batch_size = batch_size
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

    def batches(self, rows: GraphRows) -> Iterator[tuple[str, str, list[dict]]]:
        """(what, statement, rows) for every batch, in the order they are written: nodes before edges."""
        steps: list[tuple[str, str, list[dict]]] = [("papers", cypher.MERGE_PAPERS, rows.papers)]
        steps += [(f"{t.value} entities", cypher.MERGE_ENTITIES[t], r) for t, r in rows.entities.items()]
        steps += [(f"{t.value} relations", cypher.MERGE_RELATIONS[t], r) for t, r in rows.relations.items()]
        steps += [(f"{t.value} paper links", cypher.MERGE_LINKS[t], r) for t, r in rows.links.items()]
        steps.append(("results", cypher.MERGE_RESULTS, rows.results))
        steps += [(f"{e.name} result edges", cypher.MERGE_RESULT_EDGES[e], r) for e, r in rows.result_edges.items()]
        for what, statement, step_rows in steps:
            for batch in chunks(step_rows, self.batch_size):
                yield what, statement, batch

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
        """Send `rows` in batches, one managed transaction each; StoreError says how far it got."""
        started = time.perf_counter()
        report = LoadReport(where=self.settings.where, rows=rows.counts(), relationships=rows.relationships())
        batches = list(self.batches(rows))
        written = 0
        with self._session() as session:
            for number, (what, statement, batch) in enumerate(batches, 1):
                try:
                    report.add(self._write(session, statement, batch))
                except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as error:
                    total = sum(len(b) for _, _, b in batches)
                    raise StoreError(
                        f"the load into {self.settings.where} stopped at batch {number} of {len(batches)} "
                        f"({what}) after {written} of {total} rows were written, so the graph there is "
                        f"incomplete; run the same load again to complete it (loading is idempotent). "
                        f"Cause: {_message(error)}") from None
                written += len(batch)
                if progress is not None:
                    progress(len(batch))
        report.seconds = time.perf_counter() - started
        return report

    def _write(self, session: neo4j.Session, statement: str, rows: list[dict]) -> dict[str, int]:
        """One batch in one managed transaction (retried by the driver), resent if its commit was lost."""
        deadline = time.monotonic() + self.max_retry_time
        while True:
            try:
                return session.execute_write(_write_rows, statement, rows)
            except neo4j.exceptions.IncompleteCommit as error:
                # The connection dropped during COMMIT: the batch may or may not be written. The
                # driver does not retry this; a batch is idempotent, so sending it again is safe.
                if time.monotonic() > deadline:
                    raise
                log.warning("commit of a batch of %d rows was lost (%s); sending it again", len(rows), error)
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


def _message(error: BaseException) -> str:
    """The driver's message on one line; for a failed connection, only its reason."""
    text = " ".join(str(getattr(error, "message", None) or str(error) or type(error).__name__).split())
    reason = re.search(r"\(reason (.+?)\)$", text)
    return reason.group(1) if reason else text

