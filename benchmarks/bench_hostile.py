"""Hostile input, run by hand (not in CI): time, peak memory and outcome of each document.

    python benchmarks/bench_hostile.py [FILE_OR_DIR ...] [--limit 300] [--args "--timeout 120"]

Each file is given to `kommunrapport extract FILE --format json` in a fresh child process; the table
shows its wall time, its peak resident memory (the child's ru_maxrss, so the whole process: Python,
spaCy and the document), its exit status, how many lines it wrote on stderr, whether one of them was a
traceback, and the stderr line or the warnings the extraction gave. `--limit` kills a child that runs
longer (recorded as `killed`). Without arguments it runs over tests/data/hostile/ and the real corpus
PDFs in tests/data/real/ and tests/data/pdf/.

The bound this checks: every document ends within its timeout (default 120 s) with exit 0 and
warnings, or exit 1 and one line, never a traceback; and no document's peak passes 1 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "tests" / "data"
DEFAULT = [DATA / "hostile", DATA / "real", DATA / "pdf"]
PEAK_CEILING_MB = 1024


def files_of(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out += sorted(f for f in p.iterdir() if f.suffix.lower() in {".pdf", ".txt", ".md"}) if p.is_dir() else [p]
    return out


def run_one(path: Path, extra: list[str], limit: float) -> dict:
    """One child process; its peak RSS from wait4's rusage (kilobytes on Linux)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        cmd = [sys.executable, "-m", "kommunrapport", "extract", str(path.resolve()), "--format", "json", *extra]
        started = time.perf_counter()
        # run from another folder: `-m` puts the working folder first on the path, and the code run must
        # be the one PYTHONPATH names
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True, cwd=tempfile.gettempdir())
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > limit:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    lines = stderr.strip().splitlines()
    warnings = []
    if code == 0:
        try:
            warnings = [w["code"] for w in json.loads(stdout).get("warnings", [])]
        except ValueError:
            warnings = ["<stdout is not JSON>"]
    return {
        "file": path.name, "seconds": round(seconds, 1), "peak_mb": round(usage.ru_maxrss / 1024),
        "exit": "killed" if killed else code, "stderr_lines": len(lines),
        "traceback": "Traceback" in stderr,
        "said": lines[-1][:110] if lines else ", ".join(sorted(set(warnings)))[:110],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--limit", type=float, default=300.0, help="kill a child after this many seconds")
    ap.add_argument("--args", default="", help="more arguments for `kommunrapport extract`")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [run_one(f, shlex.split(args.args), args.limit) for f in files_of(args.paths or DEFAULT)]
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print("| file | seconds | peak MB | exit | stderr lines | traceback | said |")
        print("|---|---:|---:|---|---:|---|---|")
        for r in rows:
            print(f"| {r['file']} | {r['seconds']} | {r['peak_mb']} | {r['exit']} | {r['stderr_lines']} | "
                  f"{'yes' if r['traceback'] else 'no'} | {r['said']} |")
    worst = max((r["peak_mb"] for r in rows), default=0)
    bad = [r["file"] for r in rows if r["traceback"] or r["exit"] not in (0, 1) or r["peak_mb"] > PEAK_CEILING_MB]
    print(f"\n{len(rows)} file(s); highest peak {worst} MB (ceiling {PEAK_CEILING_MB}); "
          f"{len(bad)} past a bound or crashed{': ' + ', '.join(bad) if bad else ''}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
