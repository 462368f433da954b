"""Last year's report as this year's starting point: `kommunrapport template`.

    build_skeleton(extraction, year) -> Skeleton      the sheets, format-free
    write_template(extraction, year, path)            .xlsx or .md by the suffix, all or nothing
    make_template(report, year, path)                 the same from a report file or saved extraction JSON

A draft never replaces an existing file unless asked (`force`): it may hold a user's work. It is
written beside the target and moved over it only once complete, with the permissions any new file
of the user gets (or, replacing a file, that file's).
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from kommunrapport.corpus.template.build import build_skeleton
from kommunrapport.models import Extraction
from kommunrapport.read.errors import display_path

FORMATS = (".xlsx", ".md")


class TemplateError(ValueError):
    """A draft that cannot be made: the message is one line for the user."""


def draft_year(extraction: Extraction, year: int | None) -> int:
    if year is not None:
        return year
    if extraction.report.fiscal_year is None:
        raise TemplateError("the report's year is unknown: give the draft's year with --year")
    return extraction.report.fiscal_year + 1


def check_output(path: str | Path, force: bool = False) -> Path:
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise TemplateError(f"{target}: the draft is written as .xlsx or .md, not {target.suffix or 'no suffix'!r}")
    if not target.parent.is_dir():
        raise TemplateError(f"{target.parent}: no such directory")
    if target.is_dir():
        raise TemplateError(f"{target}: is a directory")
    if target.exists() and not force:
        raise TemplateError(f"{target}: exists and may hold your work; give --force to replace it")
    return target


def _new_file_mode(target: Path) -> int:
    """The mode of the file being replaced, else what the umask gives a new file (0644 under 022)."""
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_template(extraction: Extraction, year: int | None, path: str | Path, *, force: bool = False) -> Path:
    target = check_output(path, force)
    skeleton = build_skeleton(extraction, draft_year(extraction, year))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
        os.close(fd)
        _write(skeleton, Path(tmp), target.suffix.lower())
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except OSError as exc:      # a read-only folder, a full disk: one line, the old draft as it was
        raise TemplateError(f"{display_path(target)}: cannot write ({exc.strerror or exc})") from None
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
    return target


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


def make_template(report: str | Path, year: int | None, output: str | Path, *, force: bool = False) -> Path:
    """The CLI's one call: read REPORT (or its saved extraction), write the draft to OUTPUT
    (an existing OUTPUT only with `force`)."""
    from kommunrapport.corpus.writing import OutputError, refuse_inputs

    try:
        refuse_inputs(output, [report])        # not even with --force: it is the report itself
    except OutputError as exc:
        raise TemplateError(str(exc)) from None
    check_output(output, force)
    return write_template(load_extraction(report), year, output, force=force)


__all__ = ["TemplateError", "build_skeleton", "draft_year", "load_extraction", "make_template", "write_template"]
