"""Last year's report as this year's starting point: `kommunrapport template`.

    build_skeleton(extraction, year) -> Skeleton      the sheets, format-free
    write_template(extraction, year, path)            .xlsx or .md by the suffix, all or nothing
    make_template(report, year, path)                 the same from a report file or saved extraction JSON
"""
from __future__ import annotations

from pathlib import Path

from kommunrapport.corpus.template.build import build_skeleton
from kommunrapport.models import Extraction

FORMATS = (".xlsx", ".md")


class TemplateError(ValueError):
    """A draft that cannot be made: the message is one line for the user."""


def draft_year(extraction: Extraction, year: int | None) -> int:
    if year is not None:
        return year
    if extraction.report.fiscal_year is None:
        raise TemplateError("the report's year is unknown: give the draft's year with --year")
    return extraction.report.fiscal_year + 1


def check_output(path: str | Path) -> Path:
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise TemplateError(f"{target}: the draft is written as .xlsx or .md, not {target.suffix or 'no suffix'!r}")
    if not target.parent.is_dir():
        raise TemplateError(f"{target.parent}: no such directory")
    if target.is_dir():
        raise TemplateError(f"{target}: is a directory")
    return target


def write_template(extraction: Extraction, year: int | None, path: str | Path,
                   inputs: tuple[str | Path, ...] = ()) -> Path:
    from kommunrapport.corpus.writing import OutputError, write_atomically

    target = check_output(path)
    skeleton = build_skeleton(extraction, draft_year(extraction, year))
    try:
        return write_atomically(target, lambda tmp: _write(skeleton, tmp, target.suffix.lower()), inputs=inputs)
    except OutputError as exc:
        raise TemplateError(str(exc)) from None


def _write(skeleton, tmp: Path, suffix: str) -> None:
    if suffix == ".xlsx":
        from kommunrapport.corpus.template.xlsx import write_xlsx

        write_xlsx(skeleton, tmp)
    else:
        from kommunrapport.corpus.template.markdown import to_markdown

        tmp.write_text(to_markdown(skeleton), encoding="utf-8")


def load_extraction(path: str | Path) -> Extraction:
    """A report (PDF or text) is extracted; a `.json` is read as a saved `kommunrapport extract` output."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        try:
            return Extraction.model_validate_json(p.read_bytes())
        except OSError as exc:
            raise TemplateError(f"{p}: {exc.strerror}") from None
        except ValueError as exc:
            raise TemplateError(f"{p}: not an extraction JSON ({str(exc).splitlines()[0]})") from None
    from kommunrapport.find.pipeline import extract_or_unreadable
    from kommunrapport.read.errors import UnreadableDocument

    try:
        return extract_or_unreadable(p)
    except UnreadableDocument as exc:
        raise TemplateError(str(exc)) from None


def make_template(report: str | Path, year: int | None, output: str | Path) -> Path:
    """The CLI's one call: read REPORT (or its saved extraction), write the draft to OUTPUT."""
    check_output(output)
    from kommunrapport.corpus.writing import OutputError, refuse_inputs

    try:
        refuse_inputs(output, [report])
    except OutputError as exc:
        raise TemplateError(str(exc)) from None
    return write_template(load_extraction(report), year, output, inputs=(report,))


__all__ = ["TemplateError", "build_skeleton", "draft_year", "load_extraction", "make_template", "write_template"]
