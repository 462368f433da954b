"""The command line: parse arguments, call one function, print. No logic here.

Heavy libraries (spaCy, pdfplumber, pandas, duckdb) are imported inside the commands, so
`kommunrapport --help` answers at once.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from kommunrapport import __version__
from kommunrapport.read.errors import display_path


class ReportError(click.ClickException):
    """One line on stderr, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"kommunrapport: error: {self.format_message()}", err=True)


def _write_atomically(output: str | None, text: str, inputs: tuple[str, ...] = ()) -> None:
    """All or nothing: the output file appears only once everything is written ('-': stdout)."""
    from kommunrapport.corpus.output import OutputError, write_text

    try:
        write_text(output, text, inputs=inputs)
    except OutputError as exc:
        raise ReportError(str(exc)) from None


def _refuse_inputs(output: str | None, inputs: tuple[str, ...]) -> None:
    """-o naming one of the inputs is refused before minutes of extraction, not after."""
    from kommunrapport.corpus.writing import OutputError, refuse_inputs

    if not output or output == "-":
        return
    try:
        refuse_inputs(output, inputs)
    except OutputError as exc:
        raise ReportError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kommunrapport")
def cli() -> None:
    """Read Swedish municipal committee reports into one canonical set of tables."""
    _check_user_vocabulary()


def _check_user_vocabulary() -> None:
    """A bad KOMMUNRAPPORT_VOCAB file is named before any report is read (and never blamed on one)."""
    import os

    if not os.environ.get("KOMMUNRAPPORT_VOCAB"):
        return
    from kommunrapport.normalize.vocab import VocabError, check_user_vocab

    try:
        check_user_vocab()
    except VocabError as exc:
        raise ReportError(str(exc)) from None


_EXTRACT_FORMATS = ("json", "jsonl", "table", "csv", "parquet", "xlsx")   # corpus/output.py EXTRACT_FORMATS
_FRAMES = ("goals", "indicators", "financial_lines", "sick_leave", "tables", "sections", "warnings")


def _pages_option(ctx, param, value: str | None) -> str | None:
    from kommunrapport.api import parse_pages

    try:
        parse_pages(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc).removeprefix(f"--pages '{value}': ")) from None
    return value


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(_EXTRACT_FORMATS), default=None,
              help="[default: from the -o suffix (.json .jsonl .csv .parquet .xlsx), else json]")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write here instead of stdout")
@click.option("--table", type=click.Choice(_FRAMES), default="financial_lines", show_default=True,
              help="the facts a csv or parquet output holds (xlsx: a sheet each)")
@click.option("--pages", metavar="PAGES", callback=_pages_option, help="only these pages, 1-based: 3-7 or 2,5,9-10")
@click.option("--indent", type=int, default=None, help="indent the JSON (one file only)")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar")
@click.option("--timeout", type=click.FloatRange(min=0), default=120.0, show_default=True,
              help="seconds per document before it is given up (0: no bound)")
def extract(files: tuple[str, ...], fmt: str | None, output: str | None, table: str, pages: str | None,
            indent: int | None, quiet: bool, timeout: float) -> None:
    """Extract goals, indicators, financial lines and sick leave from FILES (files, folders, or - for
    standard input). The good files are written; each bad one is named on stderr and the exit status is 1."""
    from kommunrapport.api import extract_to
    from kommunrapport.corpus.output import OutputError
    from kommunrapport.corpus.progress import file_progress
    from kommunrapport.normalize.vocab import VocabError

    _refuse_inputs(output, files)
    try:
        with file_progress(quiet=quiet) as progress:
            batch = extract_to(list(files), output=output, fmt=fmt, table=table, pages=pages, indent=indent,
                               progress=progress, timeout=timeout)
    except (OutputError, VocabError) as exc:
        raise ReportError(str(exc)) from None
    for path, reason in batch.failures:
        click.echo(f"kommunrapport: error: {display_path(path)}: {reason}", err=True)
    if not batch.ok:
        sys.exit(1)


@cli.command()
@click.argument("file")
def blocks(file: str) -> None:
    """Print the block list a reader makes of FILE (for debugging a reader)."""
    from kommunrapport.read.errors import UnreadableDocument
    from kommunrapport.tables.build import read_tables as read_document

    try:
        doc = read_document(file)
    except UnreadableDocument as exc:
        raise ReportError(str(exc)) from None
    for i, b in enumerate(doc.blocks):
        where = f"p{b.provenance.page}" if b.provenance.page else f"l{b.provenance.line}"
        first = b.text.split("\n", 1)[0][:90]
        level = "" if b.level is None else str(b.level)
        colour = f" [{b.colour.name}]" if b.colour else ""
        click.echo(f"{i:4d} {b.kind.value:9s} {level:2s} {where:6s} {first}{colour}")


@cli.command()
@click.argument("report")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="the HTML file [default: REPORT's name + .review.html, in this folder]")
@click.option("--extraction", type=click.Path(dir_okay=False),
              help="draw this saved `extract --format json` of REPORT instead of extracting it again")
@click.option("--pages", help="draw only these pages, e.g. 1-5,12 (the facts of the others are still listed)")
def review(report: str, output: str | None, extraction: str | None, pages: str | None) -> None:
    """Draw every fact of REPORT on its page: one self-contained HTML file to check the numbers by eye."""
    from kommunrapport.read.errors import UnreadableDocument
    from kommunrapport.review import ReviewError, review_report

    try:
        result = review_report(report, extraction, pages)
    except (UnreadableDocument, ReviewError) as exc:
        raise ReportError(str(exc)) from None
    output = output or f"{Path(report).stem}.review.html"
    _write_atomically(output, result.html, inputs=(report,))
    click.echo(f"{output}: {result.facts} facts ({result.placed} drawn), {result.pages} pages, "
               f"{result.silent} amount-shaped numbers with no fact ({result.silent_unexplained} without a warning)",
               err=output == "-")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the extraction object."""
    from kommunrapport.models.report import Extraction

    click.echo(json.dumps(Extraction.model_json_schema(), ensure_ascii=False, indent=2))


# --- corpus: batch builds into DuckDB, queries, exports, comparisons (logic in kommunrapport/corpus/) ---

_DB_OPTION = click.option("--db", default="corpus.duckdb", show_default=True, type=click.Path(dir_okay=False),
                          help="the corpus database (DuckDB)")


def _corpus_call(fn, *args, **kwargs):
    """Run a corpus function; its CorpusError or OutputError becomes one line on stderr."""
    from kommunrapport.corpus.output import OutputError
    from kommunrapport.corpus.store import CorpusError

    try:
        return fn(*args, **kwargs)
    except (CorpusError, OutputError) as exc:
        raise ReportError(str(exc)) from None


@cli.group()
def corpus() -> None:
    """Build, query and export a corpus of many reports in one DuckDB file."""


@corpus.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@_DB_OPTION
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="worker processes [default: the idle CPUs, measured: CPUs minus the load average, as memory allows]")
@click.option("--force", is_flag=True, help="extract every file again, even where it is stored")
@click.option("--retry-failed", is_flag=True, help="try again the files that failed before")
@click.option("--executor", type=click.Choice(["processes", "dask", "serial"]), default="processes",
              show_default=True, help="where extraction runs")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address (with --executor dask); "
              "without it a local Dask cluster is started")
@click.option("-q", "--quiet", is_flag=True, help="no progress output, only the summary")
@click.option("--timeout", type=click.FloatRange(min=0), default=120.0, show_default=True,
              help="seconds per file before it is given up and recorded as `timeout` (0: no bound)")
@click.option("--max-memory", type=click.FloatRange(min=0), default=2048, show_default=True, metavar="MB",
              help="memory one file may add to its worker process before it is recorded as `memory` (0: no bound)")
def corpus_build(paths, db, jobs, force, retry_failed, executor, scheduler, quiet, timeout, max_memory) -> None:
    """Extract every PDF and text report under PATHS into the corpus database.

    Incremental: files already stored (by content hash and extractor version) are skipped.
    Exit status 1 where any file failed; the failures are in the `failures` table."""
    from kommunrapport.corpus.build import build, summary_lines
    from kommunrapport.corpus.progress import reporter_for
    from kommunrapport.corpus.workers import choose_workers

    if jobs is None and executor == "processes":
        choice = choose_workers()
        jobs = choice.jobs
        if not quiet:
            click.echo(f"extracting with {choice.reason()}; -j N to choose", err=True)
    summary = _corpus_call(build, paths, db, jobs=jobs, force=force, retry_failed=retry_failed,
                           executor=executor, scheduler=scheduler, reporter=reporter_for(quiet=quiet),
                           timeout_s=timeout, memory_mb=max_memory)
    for line in summary_lines(summary):
        click.echo(line)
    sys.exit(0 if summary.ok else 1)


@corpus.command("query")
@click.argument("sql")
@_DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "parquet"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write here instead of stdout")
def corpus_query(sql, db, fmt, output) -> None:
    """Run one SQL statement on the corpus (tables: documents, sections, goals, indicators,
    indicator_values, financial_lines, sick_leave, warnings, failures)."""
    from kommunrapport.corpus.output import query, write_frame

    _corpus_call(write_frame, _corpus_call(query, db, sql), fmt, output)


@corpus.command("export")
@click.argument("outdir", type=click.Path(file_okay=False))
@_DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "xlsx"]), default="parquet",
              show_default=True)
def corpus_export(outdir, db, fmt) -> None:
    """Write the corpus tables into OUTDIR (one file per table; xlsx: one sheet per table)."""
    from kommunrapport.corpus.export import export

    for path in _corpus_call(export, db, fmt, outdir):
        click.echo(path)


@corpus.command("review")
@_DB_OPTION
@click.option("--sample", "size", type=click.IntRange(min=1), default=20, show_default=True,
              help="how many documents to draw at random")
@click.option("--seed", type=int, help="the random seed (printed; the same seed draws the same sample)")
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False),
              help="the folder for the review pages, index.html and sample.csv")
def corpus_review(db, size, seed, outdir) -> None:
    """Draw a random sample of the corpus's documents, each as a review page of its stored extraction."""
    from kommunrapport.review.sample import review_sample

    result = _corpus_call(review_sample, db, size, outdir, seed,
                          report=lambda r: click.echo(f"{r.n:3d} {r.file_name}: " + (
                              r.problem or f"{r.facts} facts, {r.silent_unexplained} silent numbers"), err=True))
    click.echo(f"{len(result.rows)} of {result.population} documents (seed {result.seed}): {result.index}")
    sys.exit(0 if result.ok else 1)


@cli.command()
@_DB_OPTION
@click.option("--metric", required=True, help="sick_leave.<category>, financial.<category>, goals.count, "
              "goals.assessed or goals.share_<level>, e.g. sick_leave.total, financial.net_cost")
@click.option("--year", type=int, help="the year compared [default: each municipality's latest]")
@click.option("--measure", default="outcome", show_default=True,
              help="for financial.*: budget, outcome, forecast, deviation, change or planned_effect")
@click.option("--committee", help="only this committee (its name or part of it), or kind of committee "
              "(social, omsorg, utbildning, ...: normalize/data/compare.toml)")
@click.option("--document-type", type=click.Choice(["interim_report", "annual_report", "plan", "monthly_report",
                                                    "other"]), help="only reports of this type")
@click.option("--municipality", multiple=True, help="only this municipality (name or SCB code); repeatable")
@click.option("--per-document", is_flag=True, help="one row per document instead of per municipality")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "parquet"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write here instead of stdout")
@click.option("--chart", type=click.Path(dir_okay=False), help="also draw a bar chart into this PNG")
@click.option("--allow-mixed", is_flag=True, help="draw the chart even where the rows mix years or kinds of "
              "committee")
def compare(db, metric, year, measure, committee, document_type, municipality, per_document, fmt, output, chart,
            allow_mixed) -> None:
    """Compare one metric across the municipalities of a corpus."""
    from kommunrapport.corpus.compare import run

    warnings = _corpus_call(run, db, metric, fmt=fmt, output=output, chart=chart, allow_mixed=allow_mixed,
                            year=year, measure=measure, per_document=per_document, committee=committee,
                            document_type=document_type, municipality=municipality)
    for warning in warnings:
        click.echo(f"kommunrapport: warning: {warning}", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--vocab", type=click.Path(dir_okay=False), help="a TOML file extending the heading vocabulary")
def headings(files: tuple[str, ...], vocab: str | None) -> None:
    """List every heading of FILES with its section kind and score, and the headings no kind took."""
    from kommunrapport.find.sections import format_heading_listing, list_headings
    from kommunrapport.normalize.vocab import VocabError
    from kommunrapport.read.errors import UnreadableDocument

    try:
        matches = list_headings(list(files), vocab)
    except (UnreadableDocument, VocabError) as exc:
        raise ReportError(str(exc)) from None
    except Exception as exc:  # never a traceback for a user's file
        raise ReportError(f"could not list headings ({type(exc).__name__}: {exc})") from None
    click.echo(format_heading_listing(matches), nl=False)


@cli.command()
@click.argument("last_report")
@click.option("--year", type=int, default=None, help="the draft's year [default: the report's year + 1]")
@click.option("-o", "--output", required=True, help="draft.xlsx or draft.md")
@click.option("--force", is_flag=True, help="replace OUTPUT if it exists (it may hold your work)")
def template(last_report: str, year: int | None, output: str, force: bool) -> None:
    """Turn LAST_REPORT (a report, or its saved extraction .json) into the skeleton of next year's."""
    from kommunrapport.corpus.template import TemplateError, make_template

    try:
        click.echo(make_template(last_report, year, output, force=force))
    except TemplateError as exc:
        raise ReportError(str(exc)) from None


def main() -> None:
    """The console script: click's own handling, plus one line (never a traceback) for what no
    command caught, and where standard output cannot take what is written (a full disk), also when
    it is flushed at the very end."""
    from kommunrapport.read import limits

    limits.DEFAULT_HARD_STOP = _hard_stop
    try:
        cli(prog_name="kommunrapport")
        code = 0
    except SystemExit as exc:
        code = exc.code
    except OSError as exc:
        code = _output_fault(exc) if exc.filename is None else _internal_fault(exc)
    except Exception as exc:  # noqa: BLE001 - the promise: one line, never a traceback
        code = _internal_fault(exc)
    try:
        sys.stdout.flush()
    except OSError as exc:
        code = _output_fault(exc)
    sys.exit(code)


def _hard_stop(line: str) -> None:
    """A document stuck in C code past its bound (read/limits.py): its one line, and the end."""
    click.echo(f"kommunrapport: error: {line}", err=True)
    os._exit(1)


def _internal_fault(exc: Exception) -> int:
    """Anything no command turned into its own one line: still one line, and how to see more."""
    if os.environ.get("KOMMUNRAPPORT_DEBUG"):
        raise exc
    where = f"{display_path(exc.filename)}: " if isinstance(exc, OSError) and exc.filename else ""
    said = exc.strerror if isinstance(exc, OSError) and exc.strerror else " ".join(str(exc).split())
    click.echo(f"kommunrapport: error: {where}{said or type(exc).__name__} ({type(exc).__name__}; "
               "KOMMUNRAPPORT_DEBUG=1 shows where)"[:400], err=True)
    return 1


def _output_fault(exc: OSError) -> int:
    """Standard output that cannot take what is left in its buffer (a full disk)."""
    click.echo(f"kommunrapport: error: standard output: cannot write ({exc.strerror or exc})", err=True)
    try:   # what is still buffered goes nowhere, so that Python's own last flush stays quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 1


if __name__ == "__main__":
    main()
