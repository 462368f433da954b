"""The review page against the extraction it shows, run by hand (not in CI):

    python benchmarks/bench_review.py [PDF ...] [--repeat 3]

For each PDF (by default the test corpus's reports of about 40 pages): the seconds of the whole
`extract` pipeline and of drawing its review page from that extraction (render every page with
pypdfium2, read its numbers, place the facts, write the HTML), timed in this one process, alternating,
the fastest of `--repeat` runs each (a shared machine only ever slows a run down). The target is a
review that costs less than the extraction.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent / "tests" / "data"
DEFAULT = [TESTS / "real" / "goteborg_revisorskollegiet_arsrapport_2023.pdf",
           TESTS / "real" / "simrishamn_kulturfritid_arsbokslut_2025.pdf",
           TESTS / "pdf" / "strangnas-sn-arsrapport-2023.pdf",
           TESTS / "pdf" / "goteborg_revisorskollegiet_arsrapport_2022.pdf"]


def timed(fn, *args):
    t = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each; the fastest counts")
    args = parser.parse_args()
    from kommunrapport.find.pipeline import extract
    from kommunrapport.review import review_extraction

    extract(args.pdfs[0])      # one-time loads (spaCy, vocabularies) are no per-report cost
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} "
          f"at start, fastest of {args.repeat} run(s) each\n")
    print("| document | pages | facts | extract s | review s | review / extract | HTML MB |\n"
          "|---|---:|---:|---:|---:|---:|---:|")
    totals = [0.0, 0.0]
    for path in args.pdfs:
        t_extract, t_review, ex, page = None, None, None, None
        for _ in range(args.repeat):    # alternate, so both see the same machine
            s, ex = timed(extract, path)
            t_extract = s if t_extract is None else min(t_extract, s)
            s, page = timed(review_extraction, ex, path)
            t_review = s if t_review is None else min(t_review, s)
        totals[0] += t_extract
        totals[1] += t_review
        print(f"| {path.stem} | {ex.source.pages} | {page.facts} | {t_extract:.2f} | {t_review:.2f} "
              f"| {t_review / t_extract:.2f} | {len(page.html.encode()) / 1e6:.1f} |", flush=True)
    print(f"| all {len(args.pdfs)} | | | {totals[0]:.2f} | {totals[1]:.2f} | {totals[1] / totals[0]:.2f} | |")


if __name__ == "__main__":
    main()
