"""Start-up time of the command line: `--help` and `extract` of a one-page text.

Each case is a fresh `python -m kommunrapport ...` process (the `kommunrapport` script runs the same
code; a pyenv shim in front of it adds its own time, not ours), run `--repeat` times; the table
gives the fastest wall time and the fastest CPU time (user + system) of the runs, and the peak
memory. `python -c pass` is the floor no command can go below. On a machine shared with other work
read the CPU column: wall times there measure the queue for a core.

The one-page texts are cut from the bundled example: its title page (title, metadata, contents) and
its goal page (goals with verdicts: the spaCy Matcher runs there). The lemma cache (see
normalize/nlp.py) is tried cold (a fresh cache folder) and warm.

    python benchmarks/bench_startup.py
    python benchmarks/bench_startup.py --repeat 7 --write-readme
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "alingsas-sn-delarsbokslut-2023.txt"
README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- bench_startup:start -->", "<!-- bench_startup:end -->"

# (name, first line, last line) of the example, 1-based and inclusive
PAGES = [("title page", 1, 37), ("goal page", 38, 90)]


def one_page(folder: Path, name: str, first: int, last: int) -> Path:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()[first - 1:last]
    target = folder / (name.replace(" ", "-") + ".txt")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {err.strip()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def measure(argv: list[str], repeat: int, env: dict[str, str], fresh_cache: bool = False) -> dict:
    runs = []
    for _ in range(repeat):
        run_env = dict(env)
        if fresh_cache:
            run_env["KOMMUNRAPPORT_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-cache-")
        runs.append(timed(argv, run_env))
    return {"wall": min(r[0] for r in runs), "cpu": min(r[1] for r in runs), "mb": max(r[2] for r in runs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write-readme", action="store_true", help="record the table in benchmarks/README.md")
    args = ap.parse_args()

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    py = [sys.executable]
    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cache = folder / "cache"
        env["KOMMUNRAPPORT_CACHE_DIR"] = str(cache)
        pages = {name: one_page(folder, name, a, b) for name, a, b in PAGES}
        rows.append(("`python -c pass` (the floor)", measure(py + ["-c", "pass"], args.repeat, env)))
        rows.append(("`kommunrapport --help`", measure(py + ["-m", "kommunrapport", "--help"], args.repeat, env)))
        for name, path in pages.items():
            argv = py + ["-m", "kommunrapport", "extract", str(path)]
            rows.append((f"`extract` {name}, cold lemma cache", measure(argv, 1, env, fresh_cache=True)))
            measure(argv, 1, env)      # fills the shared cache
            rows.append((f"`extract` {name}, warm lemma cache", measure(argv, args.repeat, env)))

    header = ["| command | wall s (fastest) | CPU s (fastest) | peak MB |", "|---|---:|---:|---:|"]
    table = header + [f"| {name} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['mb']} |" for name, r in rows]
    stamp = (f"`python benchmarks/bench_startup.py --repeat {args.repeat}` — Python {platform.python_version()}, "
             f"{os.cpu_count()} CPU(s), load average {load:.1f} at start, {datetime.date.today()}.")
    text = "\n".join([stamp, "", *table])
    print(text)
    if args.write_readme:
        write_readme(text)


def write_readme(text: str) -> None:
    block = f"{START}\n## Start-up (`bench_startup.py`)\n\n{text}\n{END}"
    current = README.read_text(encoding="utf-8")
    if START in current and END in current:
        before, rest = current.split(START, 1)
        current = before + block + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    main()
