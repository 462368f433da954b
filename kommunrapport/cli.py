"""The command line: parse arguments, call one function, print. No logic here.

Heavy libraries (spaCy, pdfplumber, pandas, duckdb) are imported inside the commands, so
`kommunrapport --help` answers at once.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kommunrapport import __version__


class ReportError(click.ClickException):
    """One line on stderr, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"kommunrapport: error: {self.format_message()}", err=True)


def _extract_or_fail(path: str):
    from kommunrapport.extract.errors import UnreadableDocument
    from kommunrapport.extract.pipeline import extract

    try:
        return extract(path)
    except UnreadableDocument as exc:
        raise ReportError(str(exc)) from None
    except Exception as exc:  # never a traceback for a user's file
        raise ReportError(f"{path}: could not be read ({type(exc).__name__}: {exc})") from None


def _write_atomically(output: str | None, text: str) -> None:
    """All or nothing: the output file appears only once everything is written."""
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    target = Path(output)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kommunrapport")
def cli() -> None:
    """Read Swedish municipal committee reports into one canonical set of tables."""


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "table", "csv"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write here instead of stdout")
@click.option("--indent", type=int, default=None, help="indent the JSON (one file only)")
def extract(files: tuple[str, ...], fmt: str, output: str | None, indent: int | None) -> None:
    """Extract goals, indicators, financial lines and sick leave from FILES."""
    from kommunrapport.extract import render

    extractions = [_extract_or_fail(f) for f in files]
    _write_atomically(output, render.render(extractions, fmt, indent=indent))


@cli.command()
@click.argument("file")
def blocks(file: str) -> None:
    """Print the block list a reader makes of FILE (for debugging a reader)."""
    from kommunrapport.extract.errors import UnreadableDocument
    from kommunrapport.extract.readers import read_document

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
def schema() -> None:
    """Print the JSON Schema of the extraction object."""
    from kommunrapport.models.report import Extraction

    click.echo(json.dumps(Extraction.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    cli(prog_name="kommunrapport")


if __name__ == "__main__":
    main()
