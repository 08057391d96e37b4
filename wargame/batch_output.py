"""Where a batch's rows go: CSV or Parquet files written as rows arrive, in batch order, and a progress line.

Rows reach a sink out of order (chunks finish when they finish); :class:`InOrder`
holds back the few that come early so the file lists games plan by plan
within each seed, the same for every run of the same batch. Files are written
incrementally and closed in ``finally`` blocks, so a stopped batch leaves a
readable file with every game played up to then.
"""
from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path
from typing import IO, Any, Protocol, Sequence

from wargame.batch import BatchError, Row

FORMATS = (".parquet", ".csv")
PARQUET_ROW_GROUP = 500
INSTALL_HINT = "pip install 'syria-wargame[batch]'"


class RowSink(Protocol):
    """Something rows are written to, then closed."""

    def write(self, row: Row) -> None:
        """Write one row."""

    def close(self) -> None:
        """Write what is buffered and close; safe to call twice."""


def output_format(path: str) -> str:
    """``.parquet`` or ``.csv`` from the file name; anything else raises :class:`BatchError`."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise BatchError(f"--out: {path!r} must end in .parquet or .csv (the file's format follows its name)")
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise BatchError(f"--out: writing Parquet needs pyarrow: {INSTALL_HINT}, "
                             f"or write CSV with --out {Path(path).with_suffix('.csv')}") from None
    return suffix


def open_sink(path: str, columns: Sequence[str]) -> RowSink:
    """A sink writing ``path`` in the format its name gives; :class:`BatchError` if it cannot be created."""
    fmt = output_format(path)
    if os.path.isdir(path):
        raise BatchError(f"--out: {path} is a folder; give a file name")
    if not Path(path).parent.is_dir():
        raise BatchError(f"--out: folder {Path(path).parent} does not exist")
    try:
        return CsvSink(path, columns) if fmt == ".csv" else ParquetSink(path, columns)
    except OSError as exc:
        raise BatchError(f"--out: cannot write {path} ({exc.strerror or exc})") from None


class CsvSink:
    """Rows appended to a CSV file with a header, flushed row by row; None is an empty field."""

    def __init__(self, path: str, columns: Sequence[str]) -> None:
        self._file: IO[str] | None = open(path, "w", newline="", encoding="utf-8")
        self._writer = csv.DictWriter(self._file, fieldnames=list(columns), extrasaction="raise")
        self._writer.writeheader()
        self._file.flush()

    def write(self, row: Row) -> None:
        """Append one row and flush it to the file."""
        self._writer.writerow(row)
        self._file.flush()

    def close(self) -> None:
        """Close the file."""
        if self._file is not None:
            self._file.close()
            self._file = None


def parquet_schema(columns: Sequence[str]):
    """The Arrow schema of batch rows: text, whole numbers (``changed_*`` may be null) and floats."""
    import pyarrow as pa

    def kind(name: str):
        if name in ("policy", "verdict", "state_hash"):
            return pa.string()
        if name in ("seed", "score", "turns") or name.startswith(("points_", "changed_")):
            return pa.int64()
        return pa.float64()

    return pa.schema([pa.field(name, kind(name), nullable=True) for name in columns])


class ParquetSink:
    """Rows written to Parquet in row groups of ``group`` rows; closing writes the rest and the footer."""

    def __init__(self, path: str, columns: Sequence[str], group: int = PARQUET_ROW_GROUP) -> None:
        import pyarrow.parquet as pq

        self._schema = parquet_schema(columns)
        self._writer: Any = pq.ParquetWriter(path, self._schema)
        self._rows: list[Row] = []
        self._group = group

    def write(self, row: Row) -> None:
        """Buffer one row; a full buffer becomes a row group."""
        self._rows.append(row)
        if len(self._rows) >= self._group:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        """Write the buffered rows and the file footer."""
        if self._writer is None:
            return
        try:
            self._flush()
        finally:
            self._writer.close()
            self._writer = None


class InOrder:
    """Passes rows to a sink in batch order, holding back those that arrive early; ``close`` writes the rest."""

    def __init__(self, sink: RowSink) -> None:
        self._sink = sink
        self._early: dict[int, Row] = {}
        self._next = 0

    def add(self, index: int, row: Row) -> None:
        """Take the ``index``-th row of the batch."""
        self._early[index] = row
        while self._next in self._early:
            self._sink.write(self._early.pop(self._next))
            self._next += 1

    def close(self) -> None:
        """Write the held-back rows (a stopped batch has gaps) and close the sink."""
        try:
            for index in sorted(self._early):
                self._sink.write(self._early.pop(index))
        finally:
            self._sink.close()


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """A one-line progress bar on a terminal (games done, games per second, time left), redrawn with ``\\r``.

    When the stream is not a terminal nothing is drawn until :meth:`finish`,
    which always writes one closing line.
    """

    WIDTH = 24

    def __init__(self, total: int, stream: IO[str] | None = None, clock=time.monotonic) -> None:
        self.total = total
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        self._start = clock()
        self._drawn = 0.0
        try:
            self._live = self._stream.isatty()
        except (AttributeError, ValueError):
            self._live = False

    def rate(self) -> float:
        """Games per second so far."""
        elapsed = self._clock() - self._start
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """The progress line as it stands."""
        filled = int(self.WIDTH * self.done / self.total) if self.total else self.WIDTH
        rate = self.rate()
        left = _clock((self.total - self.done) / rate) if rate > 0 else "?"
        return (f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} games  "
                f"{rate:.1f} games/s  {left} left")

    def update(self, done: int) -> None:
        """Record ``done`` games finished; redraw at most ten times a second."""
        self.done = done
        now = self._clock()
        if self._live and (now - self._drawn >= 0.1 or done == self.total):
            self._drawn = now
            self._write("\r" + self.line() + "\x1b[K")

    def finish(self, interrupted: bool = False) -> str:
        """Write and return the closing line."""
        elapsed = self._clock() - self._start
        what = "stopped after" if interrupted else "played"
        text = f"{what} {self.done} of {self.total} games in {_clock(elapsed)} ({self.rate():.1f} games/s)"
        self._write(("\r\x1b[K" if self._live else "") + text + "\n")
        return text

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # a closed stderr must not stop the batch
            pass
