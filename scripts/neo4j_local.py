"""Start, stop and inspect a local Neo4j 5.26 community server built from Maven Central (no Docker).

    python scripts/neo4j_local.py up|down|status [--port N] [--data DIR]

The server is Neo4j's own `org.neo4j.server.CommunityEntryPoint`, run from the jars that
`neo4j-local/pom.xml` resolves into `neo4j-local/lib/` (Maven is called when they are missing).
Everything it writes sits under `neo4j-local/run/` (git-ignored): `conf/neo4j.conf` (rewritten on
every `up`), `data/` (the default data folder), `logs/neo4j.log` (the server's log), `console.log`
(the JVM's own output) and `neo4j.pid`. Bolt listens on 127.0.0.1 only; HTTP is off; auth is on,
user `neo4j`, password from NEO4J_PASSWORD (default `kg-test-password`), set when a data folder is
first initialised. The JVM heap and the page cache are 1g and 256m, enough for the tests;
NEO4J_HEAP_SIZE and NEO4J_PAGECACHE_SIZE change them (`make bench-neo4j` uses 3g and 1g: with a
1g heap, garbage collection took about 40% of the server's CPU time in a 100k-relationship load).
`tests/integration/conftest.py` imports this file for `up` and `down`.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOME = ROOT / "neo4j-local"
POM = HOME / "pom.xml"
LIB = HOME / "lib"
LIB_STAMP = LIB / ".pom-sha256"
RUN = HOME / "run"
CONF_DIR = RUN / "conf"
LOG_DIR = RUN / "logs"
SERVER_LOG = LOG_DIR / "neo4j.log"
CONSOLE_LOG = RUN / "console.log"
PID_FILE = RUN / "neo4j.pid"
STATE_FILE = RUN / "neo4j.json"
LOCK_FILE = RUN / ".lock"

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
HOST = "127.0.0.1"
DEFAULT_PORT = 7687
DEFAULT_DATA = RUN / "data"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "kg-test-password"
DEFAULT_DATABASE = "neo4j"
MIN_PASSWORD_LENGTH = 8  # Neo4j 5's dbms.security.auth_minimum_password_length
READY_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 120.0
HEAP = "1g"
PAGE_CACHE = "256m"

# What the distribution's neo4j.conf passes on Java 17, less the tuning a test server does not need,
# plus C1-only JIT: on 2 cores it halves the CPU time to start (18 s -> 10 s) at some cost to
# long-running queries. The heap (-Xms = -Xmx) comes from the settings. NEO4J_JAVA_OPTS is appended
# (`-XX:TieredStopAtLevel=4` restores C2).
JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:TieredStopAtLevel=1",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dfile.encoding=UTF-8",
]


class Neo4jLocalError(RuntimeError):
    """The local server could not be built, started, reached or stopped; the message says why."""


@dataclass(frozen=True)
class Settings:
    """Where the local server listens, where it keeps its data, and how to log in to it."""

    port: int = DEFAULT_PORT
    data: Path = DEFAULT_DATA
    user: str = DEFAULT_USER
    password: str = DEFAULT_PASSWORD
    database: str = DEFAULT_DATABASE
    heap: str = HEAP
    page_cache: str = PAGE_CACHE

    @property
    def uri(self) -> str:
        return f"bolt://{HOST}:{self.port}"

    @classmethod
    def from_env(cls, port: int | None = None, data: Path | str | None = None) -> Settings:
        """Settings from arguments, else NEO4J_PORT / NEO4J_PASSWORD / NEO4J_DATABASE /
        NEO4J_HEAP_SIZE / NEO4J_PAGECACHE_SIZE, else defaults."""
        return cls(
            port=port if port is not None else int(os.environ.get("NEO4J_PORT", DEFAULT_PORT)),
            data=Path(data).resolve() if data is not None else DEFAULT_DATA,
            password=os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD),
            database=os.environ.get("NEO4J_DATABASE", DEFAULT_DATABASE),
            heap=os.environ.get("NEO4J_HEAP_SIZE") or HEAP,
            page_cache=os.environ.get("NEO4J_PAGECACHE_SIZE") or PAGE_CACHE,
        )


def say(message: str) -> None:
    print(f"neo4j-local: {message}", flush=True)


# --- jars -------------------------------------------------------------------------------------


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def jars_ready() -> bool:
    return LIB_STAMP.is_file() and LIB_STAMP.read_text().strip() == _pom_digest()


def ensure_jars() -> None:
    """Resolve the server's jars into neo4j-local/lib with Maven unless they match pom.xml already."""
    if jars_ready():
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jLocalError("Maven (`mvn`) is not on PATH; install it (apt-get install maven)")
    shutil.rmtree(LIB, ignore_errors=True)
    say("resolving the Neo4j jars with Maven into neo4j-local/lib (about 3 minutes from a cold ~/.m2)")
    started = time.monotonic()
    cmd = [mvn, "-q", "-B", "dependency:copy-dependencies", f"-DoutputDirectory={LIB}"]
    result = subprocess.run(cmd, cwd=HOME, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise Neo4jLocalError(f"`{' '.join(cmd)}` failed with exit code {result.returncode}:\n{output}")
    LIB_STAMP.write_text(_pom_digest() + "\n")
    say(f"jars resolved in {time.monotonic() - started:.0f} s")


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise Neo4jLocalError("no `java` found (Neo4j 5.26 needs Java 17 or 21); set JAVA_HOME or PATH")
    return java


def _java_env() -> dict[str, str]:
    return {**os.environ, "NEO4J_HOME": str(RUN), "NEO4J_CONF": str(CONF_DIR)}


# --- configuration ----------------------------------------------------------------------------


def write_config(settings: Settings) -> Path:
    """Write neo4j-local/run/conf/neo4j.conf for these settings and return its path."""
    lines = {
        "server.directories.data": str(settings.data),
        "server.directories.logs": str(LOG_DIR),
        "server.directories.run": str(RUN),
        "server.default_listen_address": HOST,
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"{HOST}:{settings.port}",
        "server.bolt.advertised_address": f"{HOST}:{settings.port}",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        "server.memory.pagecache.size": settings.page_cache,
        "dbms.usage_report.enabled": "false",
        # Small transaction logs, not preallocated (the default is 256 MiB per database on disk).
        "db.tx_log.preallocate": "false",
        "db.tx_log.rotation.size": "16m",
        "db.tx_log.rotation.retention_policy": "2 files",
        # Netty waits this many quiet seconds per Bolt connector on shutdown (default 5, so 10 s in all).
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    }
    CONF_DIR.mkdir(parents=True, exist_ok=True)
    path = CONF_DIR / "neo4j.conf"
    header = "# Written by scripts/neo4j_local.py on every `up`: change the script, not this file.\n"
    path.write_text(header + "".join(f"{key}={value}\n" for key, value in lines.items()))
    return path


def _initialised(settings: Settings) -> bool:
    return (settings.data / "databases" / "system").exists()


def set_initial_password(settings: Settings) -> None:
    """Give user `neo4j` the password for a data folder that has never been started."""
    if _initialised(settings):
        return
    cmd = [_java(), "-cp", str(LIB / "*"), ADMIN_TOOL, "dbms", "set-initial-password", settings.password]
    result = subprocess.run(cmd, env=_java_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise Neo4jLocalError(f"set-initial-password failed:\n{result.stdout}{result.stderr}")


# --- the process ------------------------------------------------------------------------------

# Servers started by this Python process, kept so that they are reaped and not reported as leaked.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def _read_pid() -> int | None:
    try:
        return int(PID_FILE.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """Whether pid is a live process; a zombie counts as gone (and is reaped if it is our child)."""
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is None
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    return True


def _is_ours(pid: int) -> bool:
    """Whether pid runs Neo4j's entry point (so a recycled pid is never signalled)."""
    try:
        return ENTRY_POINT.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc here: trust the pid file


def running_pid() -> int | None:
    """The pid of the server this script started, if it is still running; clears a stale pid file."""
    pid = _read_pid()
    if pid is not None and _alive(pid) and _is_ours(pid):
        return pid
    PID_FILE.unlink(missing_ok=True)
    STATE_FILE.unlink(missing_ok=True)
    return None


def running_settings() -> dict[str, object]:
    try:
        return json.loads(STATE_FILE.read_text())
    except (FileNotFoundError, ValueError):
        return {}


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((HOST, port)) == 0


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Serialise up/down between processes (two test sessions starting the server at once)."""
    RUN.mkdir(parents=True, exist_ok=True)
    with LOCK_FILE.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _log_size() -> int:
    return SERVER_LOG.stat().st_size if SERVER_LOG.is_file() else 0


def log_tail(since: int = 0, lines: int = 40) -> str:
    """The last lines of the server log (from byte `since`, where this start began) and the JVM's output."""
    parts = []
    for path, start in ((SERVER_LOG, since), (CONSOLE_LOG, 0)):
        if path.is_file():
            with path.open("rb") as handle:
                handle.seek(start)
                text = handle.read().decode(errors="replace").splitlines()[-lines:]
            if text:
                header = f"--- {path.relative_to(ROOT)} (last {len(text)} lines) ---"
                parts.append(header + "\n" + "\n".join(text))
    return "\n".join(parts) or "(no server log written)"


# --- readiness --------------------------------------------------------------------------------


def probe(settings: Settings) -> None:
    """Connect once and run a query on the default database; raise the driver's error if it fails."""
    import neo4j  # imported here so that `down` works without the driver

    with neo4j.GraphDatabase.driver(
        settings.uri, auth=(settings.user, settings.password), connection_timeout=3.0
    ) as driver:
        driver.verify_connectivity()
        driver.execute_query("RETURN 1", database_=settings.database)


def is_ready(settings: Settings) -> bool:
    import neo4j.exceptions

    try:
        probe(settings)
    except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError):
        return False
    return True


def wait_ready(
    settings: Settings, pid: int | None, timeout_s: float = READY_TIMEOUT_S, log_from: int = 0
) -> float:
    """Poll until the server answers, the process dies, or the deadline passes; return the seconds."""
    import neo4j.exceptions

    started = time.monotonic()
    deadline = started + timeout_s
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if pid is not None and not _alive(pid):
            raise Neo4jLocalError(f"the server process {pid} exited during start-up\n{log_tail(log_from)}")
        try:
            probe(settings)
            return time.monotonic() - started
        except neo4j.exceptions.AuthError as error:
            raise Neo4jLocalError(
                f"the server rejected user {settings.user!r} ({error.message}). The data folder "
                f"{settings.data} was initialised with another password; use that NEO4J_PASSWORD, "
                "or stop the server and delete the folder"
            ) from error
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError) as error:
            last_error = error
        time.sleep(1.0)
    raise Neo4jLocalError(
        f"no answer at {settings.uri} after {timeout_s:.0f} s (last error: {last_error})\n{log_tail(log_from)}"
    )


# --- the commands -----------------------------------------------------------------------------


def up(settings: Settings, timeout_s: float = READY_TIMEOUT_S) -> bool:
    """Start the server unless it already runs and wait until it answers; True if this call started it."""
    import neo4j  # noqa: F401 - the probe needs the driver: fail before starting anything

    if len(settings.password) < MIN_PASSWORD_LENGTH:
        raise Neo4jLocalError(f"NEO4J_PASSWORD must have at least {MIN_PASSWORD_LENGTH} characters")
    with _locked():
        pid = running_pid()
        if pid is not None:
            state = running_settings()
            if (state.get("port"), state.get("data")) != (settings.port, str(settings.data)):
                raise Neo4jLocalError(
                    f"already running (pid {pid}) on port {state.get('port')} with data in "
                    f"{state.get('data')}; run `down` first to change them"
                )
            wait_ready(settings, pid, timeout_s)
            say(f"already running (pid {pid})")
            return False
        if port_in_use(settings.port):
            if is_ready(settings):
                say(f"a Neo4j server not started by this script already answers at {settings.uri}")
                return False
            raise Neo4jLocalError(f"port {settings.port} on {HOST} is in use by another program")

        ensure_jars()
        settings.data.mkdir(parents=True, exist_ok=True)
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        write_config(settings)
        set_initial_password(settings)
        log_from = _log_size()
        cmd = [
            _java(), f"-Xms{settings.heap}", f"-Xmx{settings.heap}", *JVM_OPTIONS,
            *os.environ.get("NEO4J_JAVA_OPTS", "").split(),
            "-cp", str(LIB / "*"), ENTRY_POINT, f"--home-dir={RUN}", f"--config-dir={CONF_DIR}",
        ]
        with CONSOLE_LOG.open("wb") as console:
            process = subprocess.Popen(
                cmd, cwd=RUN, env=_java_env(), stdin=subprocess.DEVNULL, stdout=console,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        _CHILDREN[process.pid] = process
        PID_FILE.write_text(f"{process.pid}\n")
        state = {"pid": process.pid, "port": settings.port, "data": str(settings.data), "uri": settings.uri}
        STATE_FILE.write_text(json.dumps(state, indent=2) + "\n")
        say(f"started pid {process.pid}; waiting up to {timeout_s:.0f} s for {settings.uri}")
        try:
            seconds = wait_ready(settings, process.pid, timeout_s, log_from)
        except BaseException:  # a failed or interrupted start leaves no server behind
            _stop(process.pid)
            raise
        say(f"ready in {seconds:.1f} s (data in {settings.data})")
        return True


def _stop(pid: int, timeout_s: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM the server and wait for it; SIGKILL and raise if it does not stop in time."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while _alive(pid):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            raise Neo4jLocalError(f"pid {pid} ignored SIGTERM for {timeout_s:.0f} s; killed it")
        time.sleep(0.2)
    _CHILDREN.pop(pid, None)
    PID_FILE.unlink(missing_ok=True)
    STATE_FILE.unlink(missing_ok=True)


def down(port: int | None = None) -> bool:
    """Stop the server this script started, then check its port is free; True if one was stopped."""
    with _locked():
        pid = running_pid()
        if port is None:
            port = int(running_settings().get("port", DEFAULT_PORT))  # type: ignore[arg-type]
        if pid is None:
            say("not running")
            stopped = False
        else:
            started = time.monotonic()
            _stop(pid)
            say(f"stopped pid {pid} in {time.monotonic() - started:.1f} s")
            stopped = True
        deadline = time.monotonic() + 10.0
        while port_in_use(port):
            if time.monotonic() > deadline:
                raise Neo4jLocalError(f"port {port} on {HOST} is still in use")
            time.sleep(0.2)
        say(f"port {port} is free")
        return stopped


def status(settings: Settings) -> int:
    pid = running_pid()
    if pid is None:
        say(f"not running (port {settings.port} {'in use' if port_in_use(settings.port) else 'free'})")
        return 3
    state = running_settings()
    uri = str(state.get("uri", settings.uri))
    answering = is_ready(replace(settings, port=int(state.get("port", settings.port))))
    say(f"running, pid {pid}, {'answering' if answering else 'not answering yet'}; data in {state.get('data')}")
    print(f"NEO4J_URI={uri}")
    return 0 if answering else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["up", "down", "status"])
    parser.add_argument("--port", type=int, default=None, help=f"Bolt port (default {DEFAULT_PORT})")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default neo4j-local/run/data)")
    parser.add_argument("--timeout", type=float, default=READY_TIMEOUT_S, help="seconds to wait for `up`")
    args = parser.parse_args(argv)
    settings = Settings.from_env(port=args.port, data=args.data)
    try:
        if args.command == "up":
            up(settings, timeout_s=args.timeout)
            print(f"NEO4J_URI={settings.uri}")
            return 0
        if args.command == "down":
            down(args.port)
            return 0
        return status(settings)
    except Neo4jLocalError as error:
        print(f"neo4j-local: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
