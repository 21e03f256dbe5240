"""Ports for the servers the tests start on 127.0.0.1. A free port is only free when asked: two servers started at
once (pytest-xdist's workers) may be given the same, and the one that cannot bind it exits while the other answers on
it. So a server is taken as started only once its own process listens on the port (psutil), else started again on
another."""

from __future__ import annotations

import socket
import subprocess
import time

import psutil


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports free now (each socket held open until all are chosen)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def listens(process: subprocess.Popen[bytes], port: int) -> bool:
    """Whether ``process`` itself (or a process it started) listens on ``port``."""
    try:
        tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
        return any(
            c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN
            for p in tree
            for c in p.net_connections(kind="tcp")
        )
    except psutil.NoSuchProcess:
        return False


def wait_listening(process: subprocess.Popen[bytes], ports: list[int], seconds: float) -> bool:
    """True once ``process`` listens on every port; False if it exits first (a port was taken) or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if all(listens(process, port) for port in ports):
            return True
        time.sleep(0.05)
    return False
