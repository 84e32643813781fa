"""Fixtures for tests against the real Neo4j server: its settings, a driver, and an emptied database.

The server is the one `make neo4j-up` starts (scripts/neo4j_local.py). When nothing answers at
NEO4J_URI and the URI is on this machine, the session starts it through that script and stops it
at the end, so `pytest tests/integration` works on its own. Tests that use these fixtures are
marked `neo4j` and `integration`.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import neo4j
import neo4j.exceptions
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
NEO4J_FIXTURES = {"neo4j_driver", "clean_db"}


@dataclass(frozen=True)
class Neo4jSettings:
    """How to reach the test server: Bolt URI, user, password and database name."""

    uri: str
    user: str
    password: str
    database: str

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)


def neo4j_local() -> ModuleType:
    """scripts/neo4j_local.py as a module (scripts/ is not a package)."""
    name = "neo4j_local"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "neo4j_local.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def settings_from_env() -> Neo4jSettings:
    local = neo4j_local()
    port = os.environ.get("NEO4J_PORT", str(local.DEFAULT_PORT))
    return Neo4jSettings(
        uri=os.environ.get("NEO4J_URI", f"bolt://{local.HOST}:{port}"),
        user=os.environ.get("NEO4J_USERNAME", local.DEFAULT_USER),
        password=os.environ.get("NEO4J_PASSWORD", local.DEFAULT_PASSWORD),
        database=os.environ.get("NEO4J_DATABASE", local.DEFAULT_DATABASE),
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if NEO4J_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)
            item.add_marker(pytest.mark.integration)


def _connect(settings: Neo4jSettings) -> neo4j.Driver | None:
    """A driver that has reached the server, or None when nothing answers at the URI."""
    driver = neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth)
    try:
        driver.verify_connectivity()
    except neo4j.exceptions.AuthError as error:
        driver.close()
        pytest.fail(f"Neo4j at {settings.uri} rejected user {settings.user!r}: {error.message}")
    except (neo4j.exceptions.ServiceUnavailable, OSError):
        driver.close()
        return None
    return driver


@pytest.fixture(scope="session")
def neo4j_settings() -> Neo4jSettings:
    return settings_from_env()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Neo4jSettings) -> Iterator[neo4j.Driver]:
    """A driver for the test server; starts the local server (and stops it after) if none answers."""
    driver = _connect(neo4j_settings)
    started_port: int | None = None
    if driver is None:
        url = urlsplit(neo4j_settings.uri)
        if url.hostname not in LOCAL_HOSTS:
            pytest.fail(f"no Neo4j answers at {neo4j_settings.uri}")
        local = neo4j_local()
        port = url.port or local.DEFAULT_PORT
        try:
            if local.up(local.Settings.from_env(port=port)):
                started_port = port
        except local.Neo4jLocalError as error:
            pytest.fail(f"could not start the local Neo4j server: {error}")
        driver = _connect(neo4j_settings)
        if driver is None:
            pytest.fail(f"the local Neo4j server started but does not answer at {neo4j_settings.uri}")
    try:
        yield driver
    finally:
        driver.close()
        if started_port is not None:
            neo4j_local().down(started_port)


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


@pytest.fixture
def clean_db(neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings) -> neo4j.Driver:
    """The driver, after deleting every node and relationship and dropping constraints and indexes."""
    database = neo4j_settings.database
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    constraints = neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    for record in constraints.records:
        neo4j_driver.execute_query(f"DROP CONSTRAINT {_quoted(record['name'])} IF EXISTS", database_=database)
    # The two token LOOKUP indexes come with every database; the rest belong to earlier tests.
    indexes = neo4j_driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database
    )
    for record in indexes.records:
        neo4j_driver.execute_query(f"DROP INDEX {_quoted(record['name'])} IF EXISTS", database_=database)
    return neo4j_driver
