"""A throwaway Virtuoso server (Debian's virtuoso-opensource-7-bin) for the tests of a second SPARQL engine.

``start_virtuoso(folder)`` writes a small virtuoso.ini into ``folder``, starts ``virtuoso-t`` there on two free
ports of 127.0.0.1, waits until its SPARQL endpoint answers, and lets the anonymous SPARQL user write through the
Graph Store Protocol (``/sparql-graph-crud``), as a test instance may. Where Virtuoso is not installed the tests
skip, except under CI, which installs it (`make test` runs tools/ensure-deb).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from ports import free_ports, listens

SERVER = "virtuoso-t"
CLIENT = "isql-vt"
STARTUP_SECONDS = 240  # a fresh database on a busy 2-core machine has taken over 30 s

INI = """\
[Database]
DatabaseFile = db/virtuoso.db
ErrorLogFile = db/virtuoso.log
LockFile = db/virtuoso.lck
TransactionFile = db/virtuoso.trx
xa_persistent_file = db/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = db/virtuoso-temp.db
TransactionFile = db/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 60
DirsAllowed = .
MaxQueryMem = 500M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = .
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""
# The anonymous SPARQL user may update, and may write any graph (7 = read, write, list).
GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


@dataclass(frozen=True, slots=True)
class Virtuoso:
    url: str  # the SPARQL endpoint, http://127.0.0.1:PORT/sparql
    graph_store: str  # the Graph Store Protocol endpoint, .../sparql-graph-crud
    folder: Path


def require_virtuoso() -> None:
    """Skip (or, under CI, fail) when Virtuoso's server or its isql client is missing."""
    missing = [name for name in (SERVER, CLIENT) if shutil.which(name) is None]
    if missing:
        reason = f"Virtuoso is not installed ({', '.join(missing)} missing; Debian: virtuoso-opensource-7-bin)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI installs it (make test runs tools/ensure-deb)")
        pytest.skip(f"{reason}; make test installs it")


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK { }"})
    try:
        with urllib.request.urlopen(f"{url}?{query}", timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def start_virtuoso(folder: Path) -> Iterator[Virtuoso]:
    """Start a Virtuoso server with its database in ``folder``; stop it on leaving."""
    require_virtuoso()
    sql_port, http_port = free_ports(2)  # distinct; another server taking one is caught below (tests/ports.py)
    (folder / "db").mkdir(parents=True, exist_ok=True)
    (folder / "virtuoso.ini").write_text(INI.format(sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed below, after the server stops
    process = subprocess.Popen(
        [SERVER, "+foreground", "+configfile", "virtuoso.ini"], cwd=folder, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not (_answers(f"{base}/sparql") and listens(process, http_port) and listens(process, sql_port)):
            if process.poll() is not None or time.monotonic() > deadline:
                text = (folder / "server.log").read_text(encoding="utf-8", errors="replace")[-2000:]
                pytest.fail(f"Virtuoso did not start (exit {process.poll()}): {text}")
            time.sleep(0.5)
        subprocess.run(
            [CLIENT, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={GRANTS}"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield Virtuoso(f"{base}/sparql", f"{base}/sparql-graph-crud", folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
