"""How a build shows its progress: a live bar on a terminal, one plain line per file otherwise."""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:       # the type only: `extract` shows progress without loading the build machinery
    from kommunrapport.corpus.executors import Outcome


class Reporter(Protocol):
    def start(self, total: int) -> None: ...
    def update(self, outcome: Outcome) -> None: ...
    def close(self) -> None: ...


class SilentReporter:
    def start(self, total: int) -> None:
        pass

    def update(self, outcome: Outcome) -> None:
        pass

    def close(self) -> None:
        pass


class LogReporter:
    """`[  3/200] stored path (12 pages, 0.8 s)` / `[  4/200] FAILED path: reason`."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.total = self.done = 0

    def start(self, total: int) -> None:
        self.total = total
        self._line(f"extracting {total} file(s)")

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        width = len(str(self.total))
        head = f"[{self.done:>{width}}/{self.total}]"
        if outcome.failed:
            self._line(f"{head} FAILED {outcome.task.path}: {outcome.error}")
        else:
            pages = f"{outcome.pages} pages, " if outcome.pages else ""
            self._line(f"{head} stored {outcome.task.path} ({pages}{outcome.seconds:.1f} s)")

    def close(self) -> None:
        pass

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


class BarReporter:
    """A rich progress bar: files done of total, pages, failures, documents per second."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
            TextColumn("{task.fields[pages]} pages"), TextColumn("{task.fields[failures]} failed"),
            TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
            console=Console(stderr=True), transient=False,
        )
        self.task = None
        self.pages = self.failures = self.done = 0
        self.started = time.perf_counter()

    def start(self, total: int) -> None:
        self.started = time.perf_counter()
        self.progress.start()
        self.task = self.progress.add_task("extract", total=total, pages=0, failures=0, rate=0.0)

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.pages += outcome.pages
        self.failures += outcome.failed
        rate = self.done / max(time.perf_counter() - self.started, 1e-9)
        self.progress.update(self.task, advance=1, pages=self.pages, failures=self.failures, rate=rate)
        if outcome.failed:
            from rich.markup import escape

            self.progress.console.print(f"[red]FAILED[/red] {escape(f'{outcome.task.path}: {outcome.error}')}",
                                        highlight=False)

    def close(self) -> None:
        self.progress.stop()


def reporter_for(stream: TextIO | None = None, quiet: bool = False) -> Reporter:
    stream = stream or sys.stderr
    if quiet:
        return SilentReporter()
    return BarReporter() if stream.isatty() else LogReporter(stream)


@contextmanager
def file_progress(stream: TextIO | None = None, quiet: bool = False):
    """A callback `(done, total, path)` for a run over several files: a rich bar on a terminal once
    there are two files or more, nothing otherwise (a pipe must not get progress lines)."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        yield None
        return
    shown = {}

    def advance(done: int, total: int, path: str) -> None:
        if total < 2:
            return
        if not shown:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                           TextColumn("{task.fields[name]}"), TimeElapsedColumn(),
                           console=Console(file=stream), transient=True)
            bar.start()
            shown["bar"], shown["task"] = bar, bar.add_task("extract", total=total, name="")
        shown["bar"].update(shown["task"], completed=done, name=Path(path).name)

    try:
        yield advance
    finally:
        if shown:
            shown["bar"].stop()
