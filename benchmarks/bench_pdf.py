"""PDF speed and memory, run by hand (not in CI):

    python benchmarks/bench_pdf.py [PDF_DIR] [--big 300]

For each PDF: pages per second of the whole `kommunrapport extract` pipeline (read + every
extractor + JSON) and of bare pdfplumber `page.extract_text()` over the same pages in the same run,
their ratio (target: whole <= 1.5 x bare), and the peak resident memory of each (a fresh child
process per measurement, `resource.getrusage`). `--big N` also builds an N-page report from the
corpus pages (pypdfium2) to check the 400 MB ceiling for a long report.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent.parent / "shared" / "corpus" / "pdf"

# Each child measures one thing and prints {"seconds": ..., "pages": ..., "peak_mb": ...}.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, path = sys.argv[1], Path(sys.argv[2])
if mode == "bare":
    import pdfplumber
    t = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            page.extract_text()
            page.close()
    seconds = time.perf_counter() - t
elif mode == "read":
    from kommunrapport.extract.readers import read_document
    t = time.perf_counter()
    pages = read_document(path).pages
    seconds = time.perf_counter() - t
else:
    import tempfile
    from kommunrapport.extract.pipeline import extract
    # one-time loads (language pipeline, vocabularies) are not a per-page cost: warm up on a small text
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.txt"
        warm.write_text("Delårsrapport 2023\n\nSocialnämnden\n\nDrift\n\nBelopp i tkr\tBudget 2023\tUtfall 2023\n"
                        "Personalkostnader\t-100\t-90\n\nSjukfrånvaron var 8,2 procent. Målet är uppfyllt.\n",
                        encoding="utf-8")
        extract(warm).model_dump_json()
    t = time.perf_counter()
    result = extract(path)
    result.model_dump_json()
    seconds = time.perf_counter() - t
    pages = result.source.pages
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "pages": pages, "peak_mb": peak}))
"""


REPEAT = 1


def measure(mode: str, path: Path) -> dict:
    """The fastest of REPEAT runs (a shared machine only ever slows a run down); the highest peak."""
    runs = []
    for _ in range(REPEAT):
        out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True,
                             check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "peak_mb": max(r["peak_mb"] for r in runs)}


def big_report(sources: list[Path], n_pages: int, target: Path) -> Path:
    """An n-page PDF made of the corpus pages repeated (pypdfium2 copies pages between documents)."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    while len(out) < n_pages:
        for src_path in sources:
            src = pdfium.PdfDocument(str(src_path))
            take = min(len(src), n_pages - len(out))
            out.import_pages(src, list(range(take)))
            src.close()
            if len(out) >= n_pages:
                break
    out.save(str(target))
    out.close()
    return target


def row(name: str, bare: dict, read: dict, whole: dict) -> str:
    pps = [m["pages"] / m["seconds"] for m in (bare, read, whole)]
    return (f"| {name} | {bare['pages']} | {pps[0]:.1f} | {pps[1]:.1f} | {pps[2]:.1f} "
            f"| {whole['seconds'] / bare['seconds']:.2f} | {bare['peak_mb']:.0f} | {read['peak_mb']:.0f} "
            f"| {whole['peak_mb']:.0f} |")


HEADER = ("| document | pages | bare extract_text pages/s | read_pdf pages/s | whole extract pages/s "
          "| time ratio whole/bare | bare peak MB | read_pdf peak MB | whole peak MB |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdf_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--big", type=int, default=0, help="also time an N-page report built from the corpus")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts")
    args = parser.parse_args()
    global REPEAT
    REPEAT = args.repeat
    pdfs = sorted(args.pdf_dir.glob("*.pdf"))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} at start, "
          f"fastest of {REPEAT} run(s) each\n")
    print(HEADER)
    totals = {"bare": 0.0, "whole": 0.0}
    for path in pdfs:
        bare, read, whole = measure("bare", path), measure("read", path), measure("whole", path)
        totals["bare"] += bare["seconds"]
        totals["whole"] += whole["seconds"]
        print(row(path.stem, bare, read, whole), flush=True)
    print(f"| all ({len(pdfs)} PDFs) | | | | | {totals['whole'] / totals['bare']:.2f} | | | |")
    if args.big:
        with tempfile.TemporaryDirectory() as tmp:
            path = big_report(pdfs, args.big, Path(tmp) / f"big-{args.big}.pdf")
            print(row(f"{args.big}-page report", measure("bare", path), measure("read", path), measure("whole", path)))


if __name__ == "__main__":
    main()
