"""Faults and the bulk path against a real server of their own (own port and data folder, started
with scripts/neo4j_local.py's code), so that killing it disturbs no other test:

- `kg export --to neo4j-csv` imported by the real `neo4j-admin database import full` gives the
  same graph, node for node and property for property, as the Bolt writer;
- the server killed (SIGKILL) and restarted in the middle of a load: the load rides it out on the
  driver's retries, or, with a short retry time, fails with a clear error, and running it again
  completes the graph with nothing lost or duplicated.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

import pytest

from kg.errors import StoreError
from kg.export import export
from kg.export.neo4j_csv import import_command
from kg.model import KnowledgeGraph
from kg.pipeline import read_extraction_file
from kg.resolve import resolve
from kg.store.neo4j import Neo4jSettings, Neo4jStore
from integration_helpers import trending_extraction, free_port

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_GRAPH = ROOT / "tests" / "fixtures" / "neo4j" / "hostile-graph.json"
LAUNCHER = ROOT / "scripts" / "neo4j_local.py"
#: The launcher's paths under neo4j-local/run, moved into the private server's own folder.
RUN_PATHS = {"RUN": "", "CONF_DIR": "conf", "LOG_DIR": "logs", "SERVER_LOG": "logs/neo4j.log",
             "CONSOLE_LOG": "console.log", "PID_FILE": "neo4j.pid", "STATE_FILE": "neo4j.json",
             "LOCK_FILE": ".lock", "DEFAULT_DATA": "data"}


class PrivateServer:
    """A Neo4j server of this module's own, run by a private copy of scripts/neo4j_local.py."""

    def __init__(self, home: Path) -> None:
        name = f"neo4j_local_private_{id(self)}"
        spec = importlib.util.spec_from_file_location(name, LAUNCHER)
        assert spec is not None and spec.loader is not None
        local = importlib.util.module_from_spec(spec)
        sys.modules[name] = local  # its dataclasses look themselves up there
        spec.loader.exec_module(local)
        for name, relative in RUN_PATHS.items():
            assert hasattr(local, name), f"scripts/neo4j_local.py no longer has {name}"
            setattr(local, name, home / relative)
        self.local: ModuleType = local
        self.settings = local.Settings.from_env(port=free_port(), data=home / "data")

    @property
    def neo4j(self) -> Neo4jSettings:
        return Neo4jSettings(uri=self.settings.uri, user=self.settings.user, password=self.settings.password,
                             database=self.settings.database)

    def store(self, **options) -> Neo4jStore:
        return Neo4jStore(self.neo4j, **options)

    def import_csv(self, folder: Path) -> None:
        """neo4j-admin database import full of the folder's files, before the server first starts."""
        local = self.local
        local.ensure_jars()
        local.LOG_DIR.mkdir(parents=True, exist_ok=True)
        local.write_config(self.settings)
        command = [local._java(), "-cp", str(local.LIB / "*"), local.ADMIN_TOOL, *import_command(
            self.settings.database)[1:]]
        result = subprocess.run(command, cwd=folder, env=local._java_env(), capture_output=True, text=True,
                                timeout=300, check=False)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "IMPORT DONE" in result.stdout

    def up(self) -> None:
        self.local.up(self.settings)

    def kill(self) -> None:
        """SIGKILL the server, as a crash would, and wait until it is gone."""
        pid = self.local.running_pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while self.local._alive(pid):
            assert time.monotonic() < deadline, f"pid {pid} survived SIGKILL"
            time.sleep(0.05)

    def down(self) -> None:
        self.local.down(self.settings.port)


class KillDuringLoad:
    """A load's progress callback that kills the server after batch `at` and starts it again.

    The batch after `at` runs while the server dies; the callback after it waits until the
    server is dead, so the load cannot finish before the kill.
    """

    def __init__(self, server: PrivateServer, at: int) -> None:
        self.server, self.at, self.calls = server, at, 0
        self.killed = threading.Event()
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None

    def __call__(self, rows: int) -> None:
        self.calls += 1
        if self.calls == self.at:
            self.thread = threading.Thread(target=self._kill_and_restart, daemon=True)
            self.thread.start()
        elif self.calls == self.at + 1:
            assert self.killed.wait(60), "the server was not killed"

    def _kill_and_restart(self) -> None:
        try:
            self.server.kill()
            self.killed.set()
            self.server.up()
        except BaseException as error:  # reported by join()
            self.error = error
            self.killed.set()

    def join(self) -> None:
        assert self.thread is not None, "the load ended before the batch that kills the server"
        self.thread.join(300)
        assert not self.thread.is_alive() and self.error is None, self.error


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> KnowledgeGraph:
    """The trending graph and the hostile hand-made one, side by side."""
    trending = resolve(read_extraction_file(trending_extraction(tmp_path_factory)))
    hostile = KnowledgeGraph.model_validate(json.loads(HOSTILE_GRAPH.read_text(encoding="utf-8")))
    return KnowledgeGraph(**{f: getattr(trending, f) + getattr(hostile, f) for f in
                             ("papers", "entities", "relations", "results", "links")})


@pytest.fixture(scope="module")
def server(neo4j_driver, graph, tmp_path_factory):
    """The private server, its database made by neo4j-admin from `kg export --to neo4j-csv`.

    `server.imported` is the snapshot of what the import made; `server.reference` that of a
    load of the same graph by the writer into the emptied database.
    """
    home = tmp_path_factory.mktemp("neo4j-private")
    server = PrivateServer(home)
    folder = export(graph, "neo4j-csv", home / "csv")
    server.import_csv(folder)
    server.up()
    try:
        with server.store() as store:
            store.ensure_schema()
            server.imported = store.snapshot()
            store.wipe()
            store.load(graph)
            server.reference = store.snapshot()
        yield server
    finally:
        server.down()


def test_neo4j_admin_import_of_the_csv_equals_the_writers_graph(server, graph):
    nodes, relationships = server.reference["nodes"], server.reference["relationships"]
    assert len(nodes) == len(graph.papers) + len(graph.entities) + len(graph.results)
    assert len(relationships) > len(graph.relations) + len(graph.links)
    assert server.imported["nodes"] == nodes
    assert server.imported["relationships"] == relationships


def test_a_restart_during_a_load_is_ridden_out(server, graph, caplog):
    with server.store(batch_size=50, max_retry_time=120) as store:
        store.wipe()
        killer = KillDuringLoad(server, at=10)
        with caplog.at_level(logging.WARNING, logger="neo4j"):
            report = store.load(graph, progress=killer)
        killer.join()
        assert killer.calls == report.batches > killer.at + 1
        assert any("will be retried" in r.getMessage() for r in caplog.records), "no batch met the dead server"
        assert store.snapshot() == server.reference


def test_a_restart_that_outlasts_the_retries_fails_clearly_and_a_rerun_completes(server, graph):
    with server.store(batch_size=50, max_retry_time=1) as store:
        store.wipe()
        killer = KillDuringLoad(server, at=10)
        with pytest.raises(StoreError) as caught:
            store.load(graph, progress=killer)
        killer.join()
    message = str(caught.value)
    assert "stopped at batch" in message and "incomplete" in message and "run the same load again" in message
    with server.store() as store:
        written = store.query("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        assert written < len(server.reference["relationships"])  # half-written, and said so
        report = store.load(graph)
        assert report.nodes_created + report.relationships_created > 0
        assert store.snapshot() == server.reference
