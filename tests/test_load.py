"""The load step's parallel bulk loads (kg.load.bulk_loads): batches loaded on several threads give the store that
one thread gives, at most ``threads`` batches are held at once, and a failed load fails the block."""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest

from kg import load as load_module
from kg.load import bulk_loads


def _batches(count: int, per: int) -> list[bytes]:
    return [
        b"".join(
            f'<http://ex.org/s{b}-{i}> <http://ex.org/p> "v{i}" <http://ex.org/g{b}> .\n'.encode() for i in range(per)
        )
        for b in range(count)
    ]


def _dump(store: ox.Store) -> list[bytes]:
    return sorted((store.dump(format=ox.RdfFormat.N_QUADS) or b"").splitlines())


def test_loads_on_threads_give_the_store_one_thread_gives() -> None:
    batches = _batches(7, 500)
    one, many = ox.Store(), ox.Store()
    with bulk_loads(one, threads=1) as load:
        for batch in batches:
            load(batch)
    with bulk_loads(many, threads=3) as load:
        for batch in batches:
            load(batch)
    assert len(many) == 7 * 500
    assert _dump(many) == _dump(one)


def test_no_more_than_threads_loads_run_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    running, most = [0], [0]
    lock = threading.Lock()
    real = load_module._bulk_load

    def counted(store: ox.Store, data: bytes) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            real(store, data)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(load_module, "_bulk_load", counted)
    store = ox.Store()
    with bulk_loads(store, threads=2) as load:
        for batch in _batches(9, 2000):
            load(batch)
    assert 1 <= most[0] <= 2
    assert len(store) == 9 * 2000


def test_a_failed_load_fails_the_block() -> None:
    store = ox.Store()
    with pytest.raises(SyntaxError), bulk_loads(store, threads=2) as load:
        load(_batches(1, 10)[0])
        load(b"<http://ex.org/s> <http://ex.org/p> .\n")  # no object: not N-Quads
