"""PDF speed and memory, run by hand (not in CI):

    python benchmarks/bench_pdf.py [PDF_DIR] [--repeat 3] [--big 300] [--clock wall|cpu]

For each PDF: pages per second of bare pdfplumber `page.extract_text()` over all pages, of the PDF
reader alone (`read_pdf`), and of the whole `kommunrapport extract` pipeline (read + every extractor
+ JSON), timed in this one process, alternating, the fastest of `--repeat` runs each (a shared
machine only ever slows a run down); the ratio whole / bare (target <= 1.35). `--clock cpu` times
the process's CPU seconds instead of the wall clock: on a machine where other jobs queue for the
cores, the wall time of a run measures the queue as much as the run, its CPU time does not. Peak
resident memory (the child's own VmHWM) of each is taken in a fresh child process per document.
`--big N` also builds an N-page report of corpus pages (pypdfium2) to check the 400 MB ceiling for
a long report.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent.parent / "shared" / "corpus" / "pdf"
WARM_TEXT = ("Delårsrapport 2023\n\nSocialnämnden\n\nDrift\n\nBelopp i tkr\tBudget 2023\tUtfall 2023\n"
             "Personalkostnader\t-100\t-90\n\nSjukfrånvaron var 8,2 procent. Målet är uppfyllt.\n")


def bare(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def read(path: Path) -> int:
    from kommunrapport.read.dispatch import read_document

    return read_document(path).pages


def whole(path: Path) -> int:
    from kommunrapport.find.pipeline import extract

    result = extract(path)
    result.model_dump_json()
    return result.source.pages


MODES = {"bare": bare, "read": read, "whole": whole}


def warm_up() -> None:
    """One-time loads (language pipeline, vocabularies) are not a per-page cost."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warm.txt"
        path.write_text(WARM_TEXT, encoding="utf-8")
        whole(path)


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def timed(path: Path, repeat: int, clock=time.perf_counter) -> dict[str, tuple[float, int]]:
    """mode -> (fastest seconds, pages), the modes run in turn `repeat` times."""
    best: dict[str, tuple[float, int]] = {}
    for _ in range(repeat):
        for mode, fn in MODES.items():
            t = clock()
            pages = fn(path)
            seconds = clock() - t
            if mode not in best or seconds < best[mode][0]:
                best[mode] = (seconds, pages)
    return best


CHILD = r"""
import json, resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import bench_pdf
mode, path = sys.argv[1], Path(sys.argv[2])
if mode == "whole":
    bench_pdf.warm_up()
bench_pdf.MODES[mode](path)
# VmHWM is this process's own high-water mark; ru_maxrss would carry over the parent's from before exec
hwm = next((int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")), None)
print(json.dumps((hwm or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024))
"""


def peak_mb(mode: str, path: Path) -> float:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path), str(HERE)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def big_report(sources: list[Path], n_pages: int, target: Path) -> Path:
    """An n-page PDF made of the corpus pages repeated (pypdfium2 copies pages between documents)."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    while len(out) < n_pages:
        for src_path in sources:
            src = pdfium.PdfDocument(str(src_path))
            out.import_pages(src, list(range(min(len(src), n_pages - len(out)))))
            src.close()
            if len(out) >= n_pages:
                break
    out.save(str(target))
    out.close()
    return target


HEADER = ("| document | pages | bare extract_text pages/s | read_pdf pages/s | whole extract pages/s "
          "| ratio whole/bare | bare peak MB | read_pdf peak MB | whole peak MB |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|")


def report(name: str, path: Path, repeat: int, totals: dict, clock=time.perf_counter) -> None:
    t = timed(path, repeat, clock)
    pages = t["bare"][1]
    for mode in t:
        totals[mode] = totals.get(mode, 0.0) + t[mode][0]
    pps = [pages / t[m][0] for m in MODES]
    peaks = [peak_mb(m, path) for m in MODES]
    print(f"| {name} | {pages} | {pps[0]:.1f} | {pps[1]:.1f} | {pps[2]:.1f} | {t['whole'][0] / t['bare'][0]:.2f} "
          f"| {peaks[0]:.0f} | {peaks[1]:.0f} | {peaks[2]:.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdf_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per mode; the fastest counts")
    parser.add_argument("--big", type=int, default=0, help="also an N-page report built from the corpus pages")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                        help="wall: elapsed time; cpu: this process's CPU time (robust on a shared machine)")
    args = parser.parse_args()
    pdfs = sorted(args.pdf_dir.glob("*.pdf"))
    warm_up()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} "
          f"at start, fastest of {args.repeat} run(s) each, {args.clock} clock\n")
    print(HEADER)
    totals: dict[str, float] = {}
    for path in pdfs:
        report(path.stem, path, args.repeat, totals, CLOCKS[args.clock])
    print(f"| all {len(pdfs)} PDFs | | | | | {totals['whole'] / totals['bare']:.2f} | | | |")
    if args.big:
        with tempfile.TemporaryDirectory() as tmp:
            path = big_report(pdfs, args.big, Path(tmp) / f"big-{args.big}.pdf")
            report(f"{args.big}-page report (corpus pages)", path, 1, {}, CLOCKS[args.clock])


if __name__ == "__main__":
    main()
