"""A batch build: find the report files, decide which need extracting, extract them in parallel,
and let the one writer store each result (or its failure) in its own transaction.

Incremental by content hash: a file whose hash is stored by the current extractor version is
skipped; one stored by another version is extracted again; `force` extracts everything.
"""
from __future__ import annotations

import errno
import hashlib
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kommunrapport.corpus import executors
from kommunrapport.corpus.executors import ExtractFn, Outcome, Task
from kommunrapport.corpus.progress import Reporter, SilentReporter
from kommunrapport.corpus.store import CorpusError, CorpusStore, Failure
from kommunrapport.corpus.workers import default_jobs
from kommunrapport.read.errors import display_path
from kommunrapport.read.limits import LIMIT_SETTINGS

REPORT_SUFFIXES = {".pdf", ".txt", ".md", ".markdown", ".text", ".tsv"}
# failures that say nothing about the document: the next build tries the file again by itself
RETRYABLE = {"disk_full"}


@dataclass
class BuildSummary:
    files: int = 0
    stored: int = 0
    skipped: int = 0                      # already stored by this extractor version
    duplicates: int = 0                   # same content as another file of this run
    pages: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)        # failed in this run
    known_failures: list[Failure] = field(default_factory=list)  # failed before, same content and version

    @property
    def ok(self) -> bool:
        return not self.failures and not self.known_failures

    @property
    def docs_per_second(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


@dataclass
class Plan:
    tasks: list[Task] = field(default_factory=list)
    skipped: int = 0
    duplicates: int = 0
    unreadable: list[Failure] = field(default_factory=list)
    known_failed: list[str] = field(default_factory=list)


def find_report_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named on the command line as they are; folders walked for PDFs and text files
    (hidden files and folders left out). Sorted, each file once."""
    found: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            found.update(f for f in p.rglob("*") if f.is_file() and _is_report_file(f.relative_to(p)))
        else:
            found.add(p)
    return sorted(f.resolve() for f in found)


def _is_report_file(relative: Path) -> bool:
    return relative.suffix.lower() in REPORT_SUFFIXES and not any(part.startswith(".") for part in relative.parts)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def plan_build(files: list[Path], store: CorpusStore, *, force: bool = False, retry_failed: bool = False,
               timeout_s: float | None = None, memory_mb: float | None = None) -> Plan:
    """Which files to extract. A file is named in the store by its printable path (display_path: bytes
    that are not UTF-8 as \\xNN); its task keeps the path as the file system has it, to open it by."""
    stored = store.stored_versions()
    failed = store.known_failures()
    version = store.extractor_version
    plan, seen = Plan(), set()
    for path in files:
        name = display_path(path)
        try:
            if not path.is_file():
                raise OSError(errno.EINVAL, "not a regular file (a pipe, device or socket)")
            sha, size = file_sha256(path), path.stat().st_size
        except OSError as exc:
            plan.unreadable.append(Failure(name, None, "unreadable", exc.strerror or str(exc)))
            continue
        if sha in seen:
            plan.duplicates += 1
        elif not force and stored.get(sha) == version:
            plan.skipped += 1
        elif not (force or retry_failed) and failed.get(name, (None,))[:2] == (sha, version) \
                and failed[name][2] not in RETRYABLE:
            plan.known_failed.append(name)
        else:
            plan.tasks.append(Task(str(path), sha, size, timeout_s, memory_mb))
        seen.add(sha)
    return plan


def run_tasks(tasks: list[Task], *, executor: str, jobs: int, scheduler: str | None,
              extract_fn: ExtractFn = executors.extract_one) -> Iterator[Outcome]:
    if not tasks:
        return iter(())
    if executor == "serial":
        return executors.run_serial(tasks, extract_fn)
    if executor == "dask" or scheduler:
        return executors.run_dask(tasks, scheduler, jobs)
    return executors.run_processes(tasks, min(jobs, len(tasks)), extract_fn)


def build(paths: Iterable[str | Path], db: str | Path, *, jobs: int | None = None, force: bool = False,
          retry_failed: bool = False, executor: str = "processes", scheduler: str | None = None,
          reporter: Reporter | None = None, extract_fn: ExtractFn = executors.extract_one,
          timeout_s: float | None = LIMIT_SETTINGS["timeout_s"],
          memory_mb: float | None = LIMIT_SETTINGS["memory_mb"]) -> BuildSummary:
    """Extract every report file under `paths` that the store at `db` lacks, and store it; each
    document within `timeout_s` seconds and `memory_mb` MB (None or 0: no bound)."""
    reporter = reporter or SilentReporter()
    started = time.perf_counter()
    files = find_report_files(paths)
    summary = BuildSummary(files=len(files))
    with CorpusStore(db) as store:
        plan = plan_build(files, store, force=force, retry_failed=retry_failed, timeout_s=timeout_s or None,
                          memory_mb=memory_mb or None)
        summary.skipped, summary.duplicates = plan.skipped, plan.duplicates
        summary.known_failures = store.failure_messages(plan.known_failed)
        for failure in plan.unreadable:
            store.write_failure(failure)
            summary.failures.append(failure)
        reporter.start(len(plan.tasks))
        try:
            outcomes = run_tasks(plan.tasks, executor=executor, jobs=jobs or default_jobs(),
                                 scheduler=scheduler, extract_fn=extract_fn)
            for outcome in outcomes:
                outcome = _store_outcome(store, outcome)
                if outcome.failed:
                    summary.failures.append(_failure_of(outcome))
                else:
                    summary.stored += 1
                    summary.pages += outcome.pages
                reporter.update(outcome)
        finally:
            reporter.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _store_outcome(store: CorpusStore, outcome: Outcome) -> Outcome:
    """Write the outcome; a document the store refuses becomes a failure like any other. A fault of
    the store itself (a full disk, a damaged file) is no fault of the document: the build stops
    with one line, and nothing is recorded against the document, so the next build tries it again."""
    if not outcome.failed:
        try:
            store.write_document(outcome.extraction, size_bytes=outcome.task.size, seconds=outcome.seconds)
            return outcome
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
            _stop_on_store_fault(store, exc)
            outcome = Outcome(outcome.task, error_type="StoreError", error=f"{type(exc).__name__}: {exc}",
                              seconds=outcome.seconds)
    try:
        store.write_failure(_failure_of(outcome))
    except Exception as exc:  # noqa: BLE001
        _stop_on_store_fault(store, exc)
        raise CorpusError(f"{display_path(store.db)}: cannot record the failure of {_failure_of(outcome).path} "
                          f"({_one_line(exc)})") from None
    return outcome


def is_disk_full(exc: BaseException) -> bool:
    return (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)) \
        or "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc)


def _stop_on_store_fault(store: CorpusStore, exc: BaseException) -> None:
    """A full disk, or an error of DuckDB's storage (I/O, a damaged or invalidated database), ends
    the build; a value the store refuses (too big for its column) is that document's failure."""
    import duckdb

    if is_disk_full(exc):
        raise CorpusError(f"{display_path(store.db)}: the disk is full ({_one_line(exc)}); what was stored is kept, "
                          "run the build again when there is room") from None
    if isinstance(exc, OSError | duckdb.IOException | duckdb.InternalException | duckdb.FatalException):
        raise CorpusError(f"{display_path(store.db)}: cannot write the corpus database ({_one_line(exc)})") from None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _failure_of(outcome: Outcome) -> Failure:
    return Failure(display_path(outcome.task.path), outcome.task.sha256, outcome.error_type or "error",
                   outcome.error or "")


def summary_lines(summary: BuildSummary) -> list[str]:
    lines = [
        f"{summary.files} file(s): {summary.stored} stored, {summary.skipped} already stored, "
        f"{summary.duplicates} duplicate(s), {len(summary.failures) + len(summary.known_failures)} failed "
        f"in {summary.seconds:.1f} s ({summary.docs_per_second:.2f} docs/s, {summary.pages_per_second:.2f} pages/s)"
    ]
    lines += [f"  FAILED {f.path}: {f.message}" for f in summary.failures]
    lines += [f"  FAILED {f.path}: {f.message} (recorded earlier; --retry-failed to try again)"
              for f in summary.known_failures]
    return lines
