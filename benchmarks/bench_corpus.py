"""Corpus build throughput: documents and pages per second with 1 worker and with all of them.

Builds a corpus of the test corpus documents copied many times (each copy with a unique byte
sequence appended, so every file has its own hash and is extracted), then times
`kommunrapport.corpus.build` into a fresh DuckDB file for each worker count, and the incremental
re-build that follows (which should store nothing).

    python benchmarks/bench_corpus.py                      # 200 files, texts and PDFs, 1 and all workers
    python benchmarks/bench_corpus.py --files 60 --kind text --jobs 1,2
    python benchmarks/bench_corpus.py --write-readme       # also record the table in benchmarks/README.md
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kommunrapport import __version__
from kommunrapport.corpus.build import build

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
README = Path(__file__).resolve().parent / "README.md"

def markers(kind: str) -> tuple[str, str]:
    """Each --kind keeps its own block in the README, so a text run and a PDF run both stay."""
    return f"<!-- bench_corpus:{kind}:start -->", f"<!-- bench_corpus:{kind}:end -->"


def source_files(kind: str) -> list[Path]:
    texts = sorted((DATA / "text").glob("*.txt"))
    pdfs = sorted((DATA / "pdf").glob("*.pdf"))
    return {"text": texts, "pdf": pdfs, "both": texts + pdfs}[kind]


def make_corpus(folder: Path, n: int, kind: str) -> list[Path]:
    """n files cycling through the sources; a trailing comment line makes each copy's hash unique
    (after %%EOF a PDF reader ignores it)."""
    sources = source_files(kind)
    made = []
    for i in range(n):
        src = sources[i % len(sources)]
        target = folder / f"{src.stem}-{i:04d}{src.suffix}"
        shutil.copy(src, target)
        with target.open("ab") as f:
            f.write(f"\n% copy {i}\n".encode())
        made.append(target)
    return made


def run(folder: Path, jobs: int, executor: str, workdir: Path) -> dict:
    db = workdir / f"bench-{executor}-{jobs}.duckdb"
    started = time.perf_counter()
    first = build([folder], db, jobs=jobs, executor=executor)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = build([folder], db, jobs=jobs, executor=executor)
    return {
        "jobs": jobs, "executor": executor, "files": first.files, "stored": first.stored,
        "failed": len(first.failures), "pages": first.pages, "seconds": seconds,
        "docs_per_s": first.stored / seconds, "pages_per_s": first.pages / seconds,
        "rebuild_seconds": time.perf_counter() - started, "rebuild_stored": again.stored,
    }


def markdown(results: list[dict], args) -> str:
    cpu = os.cpu_count()
    lines = [
        f"## Corpus build, {args.kind} copies (`bench_corpus.py`)",
        "",
        f"`python benchmarks/bench_corpus.py --files {args.files} --kind {args.kind} --jobs {args.jobs}` — "
        f"kommunrapport {__version__}, Python {platform.python_version()}, {cpu} CPU(s), "
        f"{time.strftime('%Y-%m-%d')}. Copies of the test corpus, each with a unique hash; a fresh database "
        "per row; `rebuild` is the incremental build that follows (it stores nothing).",
        "",
        "| executor | workers | files | stored | failed | pages | seconds | docs/s | pages/s | rebuild s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {r['executor']} | {r['jobs']} | {r['files']} | {r['stored']} | {r['failed']} | {r['pages']} | "
              f"{r['seconds']:.1f} | {r['docs_per_s']:.2f} | {r['pages_per_s']:.2f} | {r['rebuild_seconds']:.2f} |"
              for r in results]
    if len(results) > 1 and results[0]["docs_per_s"]:
        speedup = results[-1]["docs_per_s"] / results[0]["docs_per_s"]
        lines += ["", f"Speed-up from {results[0]['jobs']} to {results[-1]['jobs']} workers: {speedup:.2f}x."]
    if args.note:
        lines += ["", args.note]
    return "\n".join(lines) + "\n"


def write_readme(section: str, kind: str) -> None:
    """Replace this benchmark's own block of benchmarks/README.md (other sections stay)."""
    start, end = markers(kind)
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    block = f"{start}\n{section}{end}\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        tail = rest.split(end, 1)[1].lstrip("\n")
        text = head + block + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    README.write_text(text, encoding="utf-8")


def warm_up(workdir: Path, executor: str) -> None:
    """One untimed build of one file: the worker fork server loads the extractors once for all runs."""
    folder = workdir / "warm"
    folder.mkdir()
    make_corpus(folder, 1, "text")
    build([folder], workdir / "warm.duckdb", jobs=1, executor=executor)


def worker_counts(spec: str) -> list[int]:
    """'1,all,auto': 'all' is the CPU count, 'auto' the default a build measures (corpus/workers.py)."""
    from kommunrapport.corpus.workers import default_jobs

    named = {"all": lambda: os.cpu_count() or 1, "auto": default_jobs}
    return [named[part]() if part in named else int(part) for part in spec.split(",")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--kind", choices=["text", "pdf", "both"], default="both")
    parser.add_argument("--jobs", default="1,all", help="comma-separated worker counts; 'all' = CPU count, 'auto' = the measured default")
    parser.add_argument("--executor", choices=["processes", "dask", "serial"], default="processes")
    parser.add_argument("--note", default="", help="a line to add under the table (e.g. the machine's load)")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        workdir = Path(tmp)
        folder = workdir / "corpus"
        folder.mkdir()
        make_corpus(folder, args.files, args.kind)
        warm_up(workdir, args.executor)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        results = []
        for jobs in worker_counts(args.jobs):
            result = run(folder, jobs, args.executor, workdir)
            print(f"{result['executor']} x{jobs}: {result['stored']}/{result['files']} stored, "
                  f"{result['failed']} failed, {result['seconds']:.1f} s, {result['docs_per_s']:.2f} docs/s, "
                  f"{result['pages_per_s']:.2f} pages/s; rebuild {result['rebuild_seconds']:.2f} s", flush=True)
            results.append(result)
    if load is not None and not args.note:
        args.note = f"Load average when the runs started: {load:.1f} on {os.cpu_count()} CPU(s)."
    section = markdown(results, args)
    print()
    print(section)
    if args.write_readme:
        write_readme(section, args.kind)
    return 0


if __name__ == "__main__":
    sys.exit(main())
