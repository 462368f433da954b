"""Where extraction runs: in this process, in local worker processes, or on a Dask cluster.

Every executor takes tasks (a file path, its hash and size) and yields one Outcome per task, in
whatever order they finish. Workers only extract and return; they never open the store.
"""
from __future__ import annotations

import multiprocessing
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from kommunrapport.corpus.store import CorpusError
from kommunrapport.models.report import Extraction

EXECUTORS = ("processes", "dask", "serial")
SCHEDULER_TIMEOUT = "20s"


@dataclass(frozen=True)
class Task:
    path: str
    sha256: str
    size: int


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
    """Extract one file; any error becomes a failed Outcome, never an exception."""
    from kommunrapport.find.pipeline import extract
    from kommunrapport.read.errors import UnreadableDocument

    started = time.perf_counter()
    try:
        extraction = extract(task.path)
    except UnreadableDocument as exc:
        return Outcome(task, error_type="unreadable", error=exc.reason, seconds=time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        return Outcome(task, error_type=type(exc).__name__, error=str(exc) or repr(exc),
                       seconds=time.perf_counter() - started)
    return Outcome(task, extraction=extraction, seconds=time.perf_counter() - started)


# A Dask worker may run several tasks in threads; the extractors (spaCy's string store among them)
# are not thread-safe, so one worker process extracts one file at a time.
_EXTRACT_LOCK = threading.Lock()


def extract_shipped(task: Task, data: bytes) -> Outcome:
    """Extract a file whose bytes were sent along (a cluster worker need not see the writer's disk)."""
    with _EXTRACT_LOCK, tempfile.TemporaryDirectory(prefix="kommunrapport-") as tmp:
        local = Path(tmp) / Path(task.path).name
        local.write_bytes(data)
        outcome = extract_one(Task(str(local), task.sha256, task.size))
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


def run_processes(tasks: Iterable[Task], jobs: int, extract_fn: ExtractFn = extract_one) -> Iterator[Outcome]:
    """A pool of `jobs` processes. A file that kills its worker (a crash, not an exception) is found by
    re-running the files that were in flight one at a time, so only that file fails."""
    queue = deque(tasks)
    while queue:
        lost = yield from _run_until_broken(queue, jobs, extract_fn)
        for task in lost:
            yield from _run_alone(task, extract_fn)


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    # forkserver: workers never inherit the writer's open database or its threads, and they fork
    # from a server that has loaded the extractors once (corpus.warm), so they start at once
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kommunrapport.corpus.warm"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def _run_until_broken(queue: deque[Task], jobs: int, extract_fn: ExtractFn):
    """Run tasks from the queue until it is empty or the pool breaks; return the tasks then in flight."""
    pool = _new_pool(jobs)
    in_flight: dict[Future, Task] = {}
    try:
        while queue or in_flight:
            while queue and len(in_flight) < 2 * jobs:
                try:
                    in_flight[pool.submit(extract_fn, queue[0])] = queue[0]
                except BrokenProcessPool:
                    return list(in_flight.values())
                queue.popleft()
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            lost = []
            for future in done:
                task = in_flight.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    lost.append(task)
                    continue
                yield outcome
            if lost:
                return lost + list(in_flight.values())
        return []
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_alone(task: Task, extract_fn: ExtractFn) -> Iterator[Outcome]:
    pool = _new_pool(1)
    try:
        yield pool.submit(extract_fn, task).result()
    except BrokenProcessPool:
        yield Outcome(task, error_type="WorkerCrashed", error="the worker process died while extracting this file")
    finally:
        pool.shutdown(wait=True)


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
