"""Make the test renditions of corpus reports (run from the repository root):

    python tests/data/renditions/make_renditions.py

- NAME.layout.txt: `pdftotext -layout tests/data/pdf/NAME.pdf` (Debian's poppler-utils);
- NAME.md: the tabbed text turned into the Markdown a PDF-to-Markdown converter writes: `#` headings
  (the levels the PDF's table of contents shows), pipe tables with a `|---|` rule under the first row,
  the table of contents as dot-leader lines, paragraphs separated by blank lines.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent
LAYOUT = ["alingsas-sn-delarsbokslut-2023", "ale-sn-namndplan-2024", "strangnas-sn-arsrapport-2023",
          "sala-san-delarsrapport-2024", "linkoping-sn-delarsrapport-2018"]
# heading levels as the PDF's table of contents shows them (indentation)
MARKDOWN = {
    "alingsas-sn-delarsbokslut-2023": {
        "Verksamhet": 1, "Måluppföljning": 1, "Koppling till Agenda 2030": 2, "Mål och nyckeltal": 2,
        "Uppföljning av internkontroll": 2, "Ekonomi": 1, "Drift": 2, "Investeringar": 2, "Personal": 1,
        "Rekryteringsbehov och kompetensförsörjning": 2, "Arbetsmiljö": 2, "Sjukfrånvaro": 2,
    },
}


def to_markdown(text: str, levels: dict[str, int]) -> str:
    out: list[str] = []
    lines = text.split("\n")
    i, in_toc = 0, False
    while i < len(lines):
        line = lines[i].rstrip()
        if "\t" in line:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                cells = lines[i].rstrip("\n").split("\t")
                if not all(re.fullmatch(r"\s*-*\s*", c) for c in cells):
                    rows.append(cells)
                i += 1
            if in_toc:
                out += [f"{r[0].rstrip('.')} ..... {r[1] if len(r) > 1 else ''}".rstrip() for r in rows] + [""]
                in_toc = False
                continue
            width = max(len(r) for r in rows)
            for k, r in enumerate(rows):
                r = r + [""] * (width - len(r))
                out.append("| " + " | ".join(c.strip().replace("|", "\\|") for c in r) + " |")
                if k == 0:
                    out.append("|" + "|".join(["---"] * width) + "|")
            out.append("")
            continue
        stripped = line.strip()
        if stripped.lower() in ("innehåll", "innehållsförteckning"):
            out += [f"# {stripped}", ""]
            in_toc = True
        elif stripped in levels:
            out += ["#" * levels[stripped] + " " + stripped, ""]
        elif stripped:
            out += [stripped, ""]
        i += 1
    return "\n".join(out)


def main() -> None:
    for name in LAYOUT:
        subprocess.run(["pdftotext", "-layout", str(DATA / "pdf" / f"{name}.pdf"), str(OUT / f"{name}.layout.txt")],
                       check=True, stderr=subprocess.DEVNULL)
    for name, levels in MARKDOWN.items():
        text = (DATA / "text" / f"{name}.txt").read_text(encoding="utf-8")
        (OUT / f"{name}.md").write_text(to_markdown(text, levels), encoding="utf-8")


if __name__ == "__main__":
    main()
