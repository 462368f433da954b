"""Bounds on one document: wall time and resident memory, whatever the document does.

    with bounded(path, timeout_s=120, memory_mb=2048):
        extraction = extract(path)

A watchdog thread looks at the clock and at what this process's resident memory has grown by since
the block began (/proc/self/statm) every `poll_s`. Past a bound it raises an interrupt in the thread that reads the document (the one
that entered `bounded`), and the block ends in `DocumentTimeout` or `DocumentTooLarge`: an
`UnreadableDocument` like any other, so the CLI prints one line and a batch records the kind. The
interrupt derives from BaseException, so no reader's `except Exception` swallows it.

An interrupt lands between two Python steps. A document stuck inside one long C call (a huge
decompression, a regular expression on a huge string) hears it only when the call returns; for
that case `hard_stop` (a function of the message) is called once `grace_s` has passed after the
bound (with the path: "file.pdf: gave up after ..."): the CLI writes its one line and ends the process
there (DEFAULT_HARD_STOP, set by the console script). The corpus's worker processes are
bounded from outside as well (corpus/executors.py kills a worker past its bound).
"""
from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Callable

from kommunrapport.read.errors import DocumentTimeout, DocumentTooLarge, display_path

LIMIT_SETTINGS = {
    "timeout_s": 120.0,     # wall time for one document (CLI `--timeout`)
    "memory_mb": 2048,      # resident memory one document may add to the process
    "grace_s": 10.0,        # after a bound, how long an interrupt may take to land before hard_stop
    "poll_s": 0.1,          # how often the watchdog looks
}

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class _Interrupt(BaseException):
    """Raised by the watchdog in the reading thread; turned into the public error by `bounded`."""


def resident_mb(pid: int | str = "self") -> float | None:
    """Resident memory of a process in MB (Linux /proc), None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE / 2**20
    except (OSError, ValueError, IndexError):
        return None


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


# What `bounded` calls past the grace where its caller gave none: the CLI sets it (one line, exit 1);
# a library caller keeps None (its documents are only interrupted).
DEFAULT_HARD_STOP: Callable[[str], None] | None = None


class _Watchdog(threading.Thread):
    def __init__(self, path, target: int, timeout_s: float | None, memory_mb: float | None, settings: dict,
                 hard_stop: Callable[[str], None] | None):
        super().__init__(name="kommunrapport-watchdog", daemon=True)
        self.path, self.target, self.timeout_s, self.memory_mb = path, target, timeout_s, memory_mb
        self.settings, self.hard_stop = settings, hard_stop
        self.started = time.monotonic()
        self.baseline = resident_mb() or 0.0     # what the process held before the document
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.breach: str | None = None      # 'timeout' or 'memory' once a bound is passed
        self.message = ""
        self.breached_at = 0.0
        self.raised = False

    def run(self) -> None:
        while not self.done.wait(self.settings["poll_s"]):
            with self.lock:
                if self.done.is_set():
                    return
                if self.breach is None:
                    self._look()
                if self.breach is None:
                    continue
                if not self.raised:
                    _raise_in(self.target, _Interrupt)      # once: it lands at the next Python step
                    self.raised = True
                elif self.hard_stop and time.monotonic() - self.breached_at > self.settings["grace_s"]:
                    self.hard_stop(f"{display_path(self.path)}: {self.message}")
                    return

    def _look(self) -> None:
        elapsed = time.monotonic() - self.started
        if self.timeout_s is not None and elapsed > self.timeout_s:
            self.breach, self.message = "timeout", f"gave up after {self.timeout_s:g} s (the time bound; --timeout)"
        elif self.memory_mb is not None and (rss := resident_mb()) is not None and rss - self.baseline > self.memory_mb:
            self.breach = "memory"
            self.message = (f"gave up after {rss - self.baseline:.0f} MB of memory for this document "
                            f"(the bound is {self.memory_mb:g} MB)")
        if self.breach:
            self.breached_at = time.monotonic()

    def stop(self) -> str | None:
        """End the watch; a pending interrupt that has not landed yet is taken back."""
        with self.lock:
            self.done.set()
            if self.raised:
                _raise_in(self.target, None)
            return self.breach


class bounded:
    """Run the block under the bounds (None or 0: no bound of that kind); see the module's doc."""

    def __init__(self, path, *, timeout_s: float | None = LIMIT_SETTINGS["timeout_s"],
                 memory_mb: float | None = LIMIT_SETTINGS["memory_mb"], settings: dict | None = None,
                 hard_stop: Callable[[str], None] | None = None):
        self.path = path
        self.settings = {**LIMIT_SETTINGS, **(settings or {})}
        self.timeout_s, self.memory_mb, self.hard_stop = timeout_s or None, memory_mb or None, hard_stop
        self.dog: _Watchdog | None = None

    def __enter__(self) -> bounded:
        if self.timeout_s is not None or self.memory_mb is not None:
            self.dog = _Watchdog(self.path, threading.get_ident(), self.timeout_s, self.memory_mb, self.settings,
                                 self.hard_stop or DEFAULT_HARD_STOP)
            self.dog.start()
        return self

    def __exit__(self, etype, exc, tb) -> bool:
        breach = self._stop()
        if breach == "timeout":
            raise DocumentTimeout(self.path, self.dog.message) from None
        if breach == "memory":
            raise DocumentTooLarge(self.path, self.dog.message) from None
        if etype is not None and issubclass(etype, MemoryError):
            raise DocumentTooLarge(self.path, "ran out of memory") from None
        return False

    def _stop(self) -> str | None:
        while self.dog is not None:
            try:
                return self.dog.stop()
            except _Interrupt:       # landed on the way out: stop() takes back any still pending
                continue
        return None
