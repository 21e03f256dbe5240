"""Writing the RDF exports to files: every format of a build from one pass over the store, each file atomically;
from ``PARALLEL_GRAPHS`` graphs on (those the workers wrote no pieces for), or ``PARALLEL_PIECED_GRAPHS`` graphs in
all, a second process writes the second half of the graphs into piece files that are appended after
(``kg.export.rdf`` streams the formats themselves).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from kg.atomicfile import atomic_file
from kg.errors import ExportError
from kg.export.rdf import RdfExportFormat, rdf_format, write_streams
from kg.process import die_with_parent, die_with_this_process, process_context

if TYPE_CHECKING:
    from kg.export.spool import GraphSpool

PARALLEL_GRAPHS = 50  # graphs (default graph included) from which two processes share an export
# Graphs from which two processes share a build's export even where its workers wrote every graph's piece: the
# merged graph (Turtle, JSON-LD) still checks each piece's subjects against the graphs before it, and writes the
# blocks of those that repeat a triple (an official's job title) from their lines (bench/PROFILE.md, sessions 9
# and 10). The 380-page corpus (381 graphs) stays in one process: its export waits for the overview page anyway.
PARALLEL_PIECED_GRAPHS = 1000
PIECE_COPY_BYTES = 1 << 20


def write_rdf_formats(
    store: ox.Store,
    targets: Mapping[str, Path],
    *,
    reopen: Callable[[], ox.Store] | None = None,
    spool: GraphSpool | None = None,
) -> tuple[Path, ...]:
    """Write the store once per format of ``targets`` (format name -> path) from a single pass over it.

    With ``reopen`` (a picklable function that opens the same store again), a store of ``PARALLEL_GRAPHS`` graphs
    or more is read by two processes, each writing a piece of every file. The graphs of ``spool`` (those a build
    loaded) are read from there rather than from the store.
    Each file is written atomically; should one fail, none of the files still being written is renamed into
    place.

    >>> s = ox.Store()
    >>> s.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("x")))
    >>> folder = Path(tempfile.mkdtemp())
    >>> [p.name for p in write_rdf_formats(s, {"nt": folder / "g.nt", "ttl": folder / "g.ttl"})]
    ['g.nt', 'g.ttl']
    >>> (folder / "g.nt").read_text().strip()
    '<http://a> <http://p> "x" .'
    """
    chosen = [(rdf_format(name), Path(path)) for name, path in targets.items()]
    if not chosen:
        return ()  # not even one pass over the store
    # Graphs whose pieces the workers wrote cost only a copy: they do not count toward a second process.
    copied = spool.parts if spool is not None else {}
    names = [g.value for g in store.named_graphs()] if reopen is not None else []
    graphs, costly = len(names), sum(1 for name in names if name not in copied)
    try:
        with contextlib.ExitStack() as stack:
            outputs = [(fmt, stack.enter_context(atomic_file(path))) for fmt, path in chosen]
            # A second process reads the spool through the descriptor it inherits: only a forked one has it.
            inherits = spool is None or process_context().get_start_method() == "fork"
            few = costly + 1 < PARALLEL_GRAPHS and graphs + 1 < PARALLEL_PIECED_GRAPHS
            if few or reopen is None or not inherits:
                write_streams(store, outputs, spool=spool)
            else:
                folders = [path.parent for _, path in chosen]
                _write_in_two(store, outputs, folders, reopen, split=(graphs + 1) // 2, spool=spool)
    except OSError as exc:
        where = [str(path) for _, path in chosen]
        raise ExportError(
            "E602",
            f"cannot write: {exc.strerror or exc}",
            path=", ".join(where),
            hint="check that the folder exists, is writable and has free space",
        ) from exc
    return tuple(path for _, path in chosen)


def _write_in_two(
    store: ox.Store,
    outputs: Sequence[tuple[RdfExportFormat, IO[bytes]]],
    folders: Sequence[Path],
    reopen: Callable[[], ox.Store],
    split: int,
    spool: GraphSpool | None = None,
) -> None:
    """The first ``split`` graphs here, the others in a second process into piece files (beside the exports,
    on the same disk), appended after."""
    with contextlib.ExitStack() as stack:
        pieces = []
        for (fmt, _), folder in zip(outputs, folders, strict=True):
            fd, name = tempfile.mkstemp(prefix=".piece.", suffix=f".{fmt.extension}", dir=folder)
            os.close(fd)
            pieces.append(Path(name))
            stack.callback(Path(name).unlink, missing_ok=True)
        formats = [fmt.name for fmt, _ in outputs]
        with ProcessPoolExecutor(
            max_workers=1, mp_context=process_context(), initializer=die_with_parent, initargs=die_with_this_process()
        ) as pool:
            later = pool.submit(_write_piece, reopen, formats, pieces, split, spool)
            wrote = write_streams(store, outputs, stop=split, spool=spool)
            try:
                later.result()
            except BrokenProcessPool:
                # The second process died (killed, out of memory): this one writes its share as well.
                with contextlib.ExitStack() as files:
                    rest = [
                        (fmt, files.enter_context(open(piece, "wb")))
                        for (fmt, _), piece in zip(outputs, pieces, strict=True)
                    ]
                    write_streams(store, rest, start=split, spool=spool)
        for (fmt, handle), piece, nonempty in zip(outputs, pieces, wrote, strict=True):
            with open(piece, "rb") as source:
                append_piece(fmt, handle, source, after_empty=not nonempty)


def append_piece(fmt: RdfExportFormat, handle: IO[bytes], piece: IO[bytes], *, after_empty: bool) -> None:
    """Append a piece written by ``write_streams(start=...)``; ``after_empty`` where the pieces before it wrote
    no statement (a JSON-LD piece then loses its leading comma).

    >>> import io
    >>> out = io.BytesIO()
    >>> _ = out.write(b'{"@graph": [\\n')
    >>> append_piece(rdf_format("jsonld"), out, io.BytesIO(b',\\n{"@id":"a"}\\n]}\\n'), after_empty=True)
    >>> out.getvalue().decode()
    '{"@graph": [\\n{"@id":"a"}\\n]}\\n'
    """
    if after_empty and fmt.separator and piece.read(len(fmt.separator)) != fmt.separator:
        piece.seek(0)
    shutil.copyfileobj(piece, handle, PIECE_COPY_BYTES)


def _write_piece(
    reopen: Callable[[], ox.Store],
    formats: Sequence[str],
    paths: Sequence[Path],
    start: int,
    spool: GraphSpool | None = None,
) -> None:
    """In the second process: the graphs from ``start`` on, from a store opened here (never one inherited) and
    the spool's descriptor, inherited across fork."""
    store = reopen()
    with contextlib.ExitStack() as stack:
        outputs = [
            (rdf_format(name), stack.enter_context(open(path, "wb"))) for name, path in zip(formats, paths, strict=True)
        ]
        write_streams(store, outputs, start=start, spool=spool)


def write_rdf(
    store: ox.Store, path: Path, fmt: str = "turtle", *, reopen: Callable[[], ox.Store] | None = None
) -> Path:
    """Write the store in ``fmt`` to ``path`` atomically and return the path (``reopen``: see
    ``write_rdf_formats``)."""
    return write_rdf_formats(store, {fmt: path}, reopen=reopen)[0]
