"""Where extraction runs: in this process, in local worker processes, or on a Dask cluster.

Every executor takes tasks (a file path, its hash and size, and the document's bounds) and yields
one Outcome per task, in whatever order they finish. Workers only extract and return; they never
open the store.

Bounds: each task carries its time and memory bound. `extract_one` keeps them itself (read/limits:
an interrupt in the reading thread), which is all the serial and Dask executors have. The local
worker processes are also watched from outside: one task at a time per worker, and a worker past
its task's time (plus a grace) or past its memory bound is killed and replaced, its file recorded
as `timeout` or `memory`, so that nothing a document does (a loop inside C code included) holds a
batch up. Workers end with the build, even one killed with kill -9, in the middle of a document
too: a thread in each waits on the build's pidfd; between documents the EOF of their task pipe
ends them as well, and the kernel kills them if the fork server goes (PR_SET_PDEATHSIG).
"""
from __future__ import annotations

import ctypes
import errno
import multiprocessing
import os
import select
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from kommunrapport.corpus.store import CorpusError
from kommunrapport.models.report import Extraction
from kommunrapport.read.limits import LIMIT_SETTINGS, resident_mb

EXECUTORS = ("processes", "dask", "serial")
SCHEDULER_TIMEOUT = "20s"
WATCH_SETTINGS = {
    "poll_s": 0.1,           # how often the parent looks at its workers' clocks and memory
    "memory_slack": 1.25,    # a worker is killed past this times its bound (its own watchdog acts at 1.0)
    "stop_s": 2.0,           # how long a worker may take to leave when the batch is over
}


@dataclass(frozen=True)
class Task:
    path: str
    sha256: str
    size: int
    timeout_s: float | None = None     # the document's bounds (None: none)
    memory_mb: float | None = None


@dataclass
class Outcome:
    task: Task
    extraction: Extraction | None = None
    error_type: str | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.extraction is None

    @property
    def pages(self) -> int:
        return (self.extraction.source.pages or 0) if self.extraction else 0


def extract_one(task: Task) -> Outcome:
    """Extract one file within its bounds; any error becomes a failed Outcome, never an exception.
    error_type: 'unreadable', 'timeout', 'memory', 'disk_full' or the exception's name."""
    from kommunrapport.find.pipeline import extract
    from kommunrapport.read.errors import UnreadableDocument
    from kommunrapport.read.limits import bounded

    started = time.perf_counter()
    try:
        with bounded(task.path, timeout_s=task.timeout_s, memory_mb=task.memory_mb):
            extraction = extract(task.path)
    except UnreadableDocument as exc:
        return Outcome(task, error_type=exc.kind, error=exc.reason, seconds=time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        disk_full = isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
        return Outcome(task, error_type="disk_full" if disk_full else type(exc).__name__,
                       error=" ".join((str(exc) or repr(exc)).split())[:500], seconds=time.perf_counter() - started)
    return Outcome(task, extraction=extraction, seconds=time.perf_counter() - started)


# A Dask worker may run several tasks in threads; the extractors (spaCy's string store among them)
# are not thread-safe, so one worker process extracts one file at a time.
_EXTRACT_LOCK = threading.Lock()


def extract_shipped(task: Task, data: bytes) -> Outcome:
    """Extract a file whose bytes were sent along (a cluster worker need not see the writer's disk)."""
    with _EXTRACT_LOCK, tempfile.TemporaryDirectory(prefix="kommunrapport-") as tmp:
        local = Path(tmp) / Path(task.path).name
        local.write_bytes(data)
        outcome = extract_one(Task(str(local), task.sha256, task.size, task.timeout_s, task.memory_mb))
    outcome.task = task
    if outcome.extraction is not None:
        outcome.extraction.source.path = task.path
    elif outcome.error:
        outcome.error = outcome.error.replace(str(local), task.path)
    return outcome


ExtractFn = Callable[[Task], Outcome]


def run_serial(tasks: Iterable[Task], extract_fn: ExtractFn = extract_one) -> Iterator[Outcome]:
    for task in tasks:
        yield extract_fn(task)


# --- local worker processes ----------------------------------------------------------------------

def run_processes(tasks: Iterable[Task], jobs: int, extract_fn: ExtractFn = extract_one) -> Iterator[Outcome]:
    """`jobs` worker processes, one task each at a time. A worker that dies (a crash, not an
    exception) fails only its own file; one past its bounds is killed; either is replaced."""
    context = _context()
    queue = deque(tasks)
    workers: list[_Worker] = []
    try:
        while queue or any(w.task for w in workers):
            for worker in workers:
                if worker.task is None and queue:
                    worker.give(queue.popleft())
            while queue and len(workers) < jobs:
                workers.append(_Worker(context, extract_fn))
                workers[-1].give(queue.popleft())
            busy = [w for w in workers if w.task is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], WATCH_SETTINGS["poll_s"]))
            for worker in busy:
                outcome = worker.collect(ready)
                if outcome is None:
                    continue
                if not worker.alive:
                    workers.remove(worker)
                yield outcome
    finally:
        for worker in workers:
            worker.stop()


def _context():
    # forkserver: workers never inherit the writer's open database or its threads, and they fork
    # from a server that has loaded the extractors once (corpus.warm), so they start at once
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kommunrapport.corpus.warm"])
    return context


class _Worker:
    """One worker process and the parent's watch over it."""

    def __init__(self, context, extract_fn: ExtractFn):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, extract_fn, os.getpid()), daemon=True,
                                       name="kommunrapport-worker")
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.started = self.baseline = 0.0
        self.alive = True

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.baseline = resident_mb(self.process.pid) or 0.0     # what the worker held before the file
        try:
            self.conn.send(task)
        except OSError:
            pass              # a worker that died already: collect() sees it

    def collect(self, ready: set) -> Outcome | None:
        """The task's Outcome if it has one now (its result, its worker's death, or a bound passed)."""
        task = self.task
        if self.conn in ready or self.process.sentinel in ready:
            try:
                if self.conn.poll():
                    outcome = self.conn.recv()
                    self.task = None
                    return outcome
            except (EOFError, OSError):
                pass
            if not self.process.is_alive():
                self.process.join()
                self._end()
                return Outcome(task, error_type="WorkerCrashed", error=f"the worker process died while extracting "
                               f"this file ({_exit_text(self.process.exitcode)})", seconds=self._elapsed())
        elapsed = self._elapsed()
        if task.timeout_s and elapsed > task.timeout_s + min(LIMIT_SETTINGS["grace_s"], max(1.0, task.timeout_s / 4)):
            self.kill()
            return Outcome(task, error_type="timeout", error=f"gave up after {task.timeout_s:g} s (the time bound; "
                           "--timeout); the worker was stopped", seconds=elapsed)
        rss = resident_mb(self.process.pid) if task.memory_mb else None
        if rss is not None and rss - self.baseline > task.memory_mb * WATCH_SETTINGS["memory_slack"]:
            self.kill()
            return Outcome(task, error_type="memory", error=f"gave up after {rss - self.baseline:.0f} MB of memory "
                           f"for this file (the bound is {task.memory_mb:g} MB; --max-memory); the worker was stopped",
                           seconds=elapsed)
        return None

    def _elapsed(self) -> float:
        return time.monotonic() - self.started

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self._end()

    def _end(self) -> None:
        self.alive, self.task = False, None
        self.conn.close()

    def stop(self) -> None:
        """The batch is over (or was interrupted): ask the worker to leave, and make sure it has."""
        if not self.alive:
            return
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(WATCH_SETTINGS["stop_s"] if self.task is None else 0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self._end()


def _exit_text(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _worker_main(conn, extract_fn: ExtractFn, build_pid: int) -> None:
    """A worker's life: tasks in, Outcomes out, until the build says stop or is gone."""
    _die_with_parent()
    _die_with(build_pid)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        try:
            outcome = extract_fn(task)
        except Exception as exc:  # noqa: BLE001 - an extract function that raises fails only its file
            outcome = Outcome(task, error_type=type(exc).__name__, error=" ".join(str(exc).split())[:500])
        try:
            conn.send(outcome)
        except (OSError, EOFError):
            return
        except Exception as exc:  # noqa: BLE001 - an Outcome that cannot be sent still fails only its file
            conn.send(Outcome(task, error_type=type(exc).__name__, error=f"the result could not be returned ({exc})"))


def _die_with(pid: int) -> None:
    """End this worker the moment the build process ends, even in the middle of a document. (Its
    parent is the fork server, which lives on while any worker does; the pipe's EOF is only read
    between documents.) A pidfd becomes readable when its process ends."""
    def watch() -> None:
        try:
            fd = os.pidfd_open(pid)
            select.select([fd], [], [])
        except (AttributeError, OSError):       # no pidfd (an old kernel): look once a second
            while _alive(pid):
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="kommunrapport-lifeline", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGKILL when the process that forked this one ends."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)          # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:                      # the parent went before the line above: no signal will come
        os._exit(0)


def run_dask(tasks: Iterable[Task], scheduler: str | None, jobs: int) -> Iterator[Outcome]:
    """Ship each file's bytes to a Dask worker and take the Outcome back. Without a scheduler
    address a LocalCluster of `jobs` worker processes is started for the run."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
    try:
        client = Client(scheduler or cluster, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise CorpusError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    try:
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        queue = deque(tasks)
        running = as_completed()
        futures: dict = {}
        while queue or futures:
            while queue and len(futures) < window:
                task = queue.popleft()
                future = client.submit(extract_shipped, task, Path(task.path).read_bytes(), pure=False)
                futures[future] = task
                running.add(future)
            future = next(running)
            task = futures.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker (KilledWorker) fails this file only
                yield Outcome(task, error_type=type(exc).__name__, error=str(exc) or repr(exc))
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
