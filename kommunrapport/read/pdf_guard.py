"""Guards around pdfminer and pdfplumber for PDFs built to hang or exhaust a reader.

    with watching() as log:          # around one document's reading; install() happens once
        ...                          # pdfplumber.open, pages, page.chars ...
    log.events                       # what the guards refused: (page or None, code, message)

    drawing_load(page) -> str | None # why a page's drawing is too much for the grid finder

The guards are put into pdfminer once, by `install()` (every later PDF in the process goes
through them; outside `watching()` they guard the same way and only keep no log):

- references: an indirect reference that leads to another reference (`6 0 obj 6 0 R endobj`, two
  objects naming each other) is followed at most `max_reference_chain` steps and never twice
  through the same object; a cycle reads as the missing object (pdfminer's own default), so a
  self-referencing /MediaBox, /Resources or /Contents ends in a clean error or an empty page
  instead of a loop that never ends. The outline (bookmarks) is walked visiting each entry once.
  pdfminer itself stops Form XObjects that draw themselves (its log line becomes a warning) and
  page trees that hold themselves.
- streams: a Flate stream is inflated in pieces and refused past `max_stream_bytes` (a 1 GiB
  content stream of one repeated byte is 1 MB on disk); the page that needs it fails on its own
  and the document says so in a warning.
- drawing: a page with more than `max_page_drawing` rects, lines and curves, or whose ruling
  lines would cross in more than `max_grid_crossings` places, is read from its words alone:
  pdfplumber's table finder is quadratic in them (50 000 rects: seven minutes, 700 MB).

The settings are a dict with documented defaults, like pdfplumber's `table_settings`.
"""
from __future__ import annotations

import contextvars
import logging
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field

from kommunrapport.read.errors import UnreadableDocument

GUARD_SETTINGS = {
    "max_reference_chain": 32,          # a reference to a reference to ... more steps is a cycle
    "max_stream_bytes": 64 * 2**20,     # one decoded Flate stream; real content streams are < 10 MB
    "max_page_drawing": 20_000,         # rects + lines + curves on one page
    "max_grid_crossings": 20_000,       # distinct vertical rulings x distinct horizontal ones
}


class StreamTooLarge(Exception):
    """A stream that inflates past max_stream_bytes: refused for the page that needs it."""


@dataclass
class GuardLog:
    events: list[tuple[int | None, str, str]] = field(default_factory=list)

    def note(self, code: str, message: str, page: int | None = None) -> None:
        if (page, code, message) not in self.events:
            self.events.append((page, code, message))


_log: contextvars.ContextVar[GuardLog | None] = contextvars.ContextVar("kommunrapport_pdf_guard", default=None)
_installed = False


def _note(code: str, message: str) -> None:
    log = _log.get()
    if log is not None:
        log.note(code, message)


@contextmanager
def watching(settings: dict | None = None):
    """Collect what the guards refuse while one document is read. A document that cannot be read
    at all says in its one line what a guard refused on the way (a reference cycle, a bomb)."""
    install(settings)
    log = GuardLog()
    token = _log.set(log)
    try:
        yield log
    except UnreadableDocument as exc:
        if not log.events:
            raise
        raise type(exc)(exc.path, f"{exc.reason} ({log.events[0][2]})") from None
    finally:
        _log.reset(token)


@contextmanager
def closing(pdf):
    """pdfplumber's PDF, closed on the way out even where its pages cannot be built (its own close
    builds them first, and would raise again over the error that is being reported)."""
    try:
        yield pdf
    finally:
        try:
            pdf.close()
        except Exception:  # noqa: BLE001 - the file handle is what matters here
            stream = getattr(pdf, "stream", None)
            if stream is not None and not getattr(pdf, "stream_is_external", False):
                stream.close()


def install(settings: dict | None = None) -> None:
    """Put the guards into pdfminer (once per process; later calls only update the settings)."""
    global _installed
    GUARD_SETTINGS.update(settings or {})
    if _installed:
        return
    from pdfminer import pdfdocument, pdftypes

    pdftypes.PDFObjRef.resolve = _guarded_resolve(pdftypes.PDFObjRef.resolve)
    pdftypes.zlib = _BoundedZlib()
    pdfdocument.PDFDocument.get_outlines = _guarded_outlines
    # pdfminer logs what it finds odd; with no handler anywhere Python prints it on stderr, which
    # must hold the one error line only (a user who configures logging still gets it). The cycles
    # pdfminer stops itself become the document's warnings.
    logging.getLogger("pdfminer").addHandler(_CycleHandler())
    _installed = True


# --- references --------------------------------------------------------------------------------

def _guarded_resolve(original):
    def resolve(self, default=None):
        x = original(self, default)
        seen = {self.objid}
        while type(x) is type(self):                    # a reference to a reference ...
            if x.objid in seen or len(seen) >= GUARD_SETTINGS["max_reference_chain"]:
                _note("pdf_reference_cycle", f"object {self.objid} leads back to itself through references; "
                      "read as missing")
                return default
            seen.add(x.objid)
            x = original(x, default)
        return x

    resolve.__wrapped__ = original
    return resolve


class _CycleHandler(logging.Handler):
    """pdfminer's own refusals of a cycle (a Form XObject that draws itself) into the log."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a log line must never break a read
            return
        if "circular reference" in message:
            _note("pdf_reference_cycle", f"{message}; drawn once")


def _guarded_outlines(self):
    """pdfminer's PDFDocument.get_outlines, but an outline entry is visited once: /Next or /First
    leading back to an entry (or a chain deeper than the reference bound) ends the outline there."""
    from pdfminer.pdfdocument import PDFNoOutlines
    from pdfminer.pdftypes import dict_value, str_value
    from pdfminer.utils import decode_text

    if "Outlines" not in self.catalog:
        raise PDFNoOutlines
    seen: set = set()

    def search(ref, level: int):
        while ref is not None:
            key = getattr(ref, "objid", None) or id(ref)
            if key in seen or level > GUARD_SETTINGS["max_reference_chain"]:
                _note("pdf_outline_cycle", "the outline (bookmarks) leads back to itself; read up to there")
                return
            seen.add(key)
            entry = dict_value(ref)
            if "Title" in entry and ("A" in entry or "Dest" in entry):
                yield (level, decode_text(str_value(entry["Title"])), entry.get("Dest"), entry.get("A"),
                       entry.get("SE"))
            if "First" in entry and "Last" in entry:
                yield from search(entry["First"], level + 1)
            ref = entry.get("Next")

    return search(self.catalog["Outlines"], 0)


# --- streams -----------------------------------------------------------------------------------

class _BoundedZlib:
    """What pdfminer's pdftypes calls `zlib`: the same, but nothing inflates past the bound."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        inflater = _BoundedInflater()
        out = inflater.decompress(data)
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")   # as zlib.decompress says it
        return out

    @staticmethod
    def decompressobj(*args, **kwargs) -> _BoundedInflater:
        return _BoundedInflater(*args, **kwargs)


class _BoundedInflater:
    def __init__(self, *args, **kwargs):
        self._d = zlib.decompressobj(*args, **kwargs)
        self._size = 0

    @property
    def eof(self) -> bool:
        return self._d.eof

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        limit = GUARD_SETTINGS["max_stream_bytes"]
        out = self._d.decompress(data, limit - self._size + 1)
        self._size += len(out)
        if self._size > limit:
            mb = limit / 2**20
            _note("pdf_stream_too_large", f"a stream inflates past {mb:g} MB; the page that needs it is not read")
            raise StreamTooLarge(f"a stream inflates past {mb:g} MB (refused)")
        return out

    def flush(self, *args) -> bytes:
        return self._d.flush(*args)


# --- drawing -----------------------------------------------------------------------------------

def grid_is_readable(page, settings: dict | None = None) -> bool:
    """False (and a warning in the log) where the page's drawing is too much for the grid finder."""
    load = drawing_load(page, settings)
    if load is None:
        return True
    log = _log.get()
    if log is not None:
        log.note("pathological_page", f"page {page.page_number}: {load}; no ruled grid is looked for, "
                 "tables are read from the words' positions", page=page.page_number)
    return False


def drawing_load(page, settings: dict | None = None) -> str | None:
    """Why the page's drawing is too much to look for a ruled grid in, or None. Counts pdfplumber's
    objects (they are parsed for the page's words anyway) and the distinct ruling positions."""
    s = {**GUARD_SETTINGS, **(settings or {})}
    objects = page.objects
    drawing = [o for kind in ("rect", "line", "curve") for o in objects.get(kind, ())]
    if len(drawing) > s["max_page_drawing"]:
        return f"{len(drawing)} drawn rects, lines and curves"
    xs, ys = set(), set()
    for o in drawing:
        if o.get("object_type") == "curve":
            continue
        x0, x1, top, bottom = o["x0"], o["x1"], o["top"], o["bottom"]
        if x1 - x0 < 3 or o.get("object_type") == "rect":
            xs.update((round(x0), round(x1)) if o.get("object_type") == "rect" else (round(x0),))
        if bottom - top < 3 or o.get("object_type") == "rect":
            ys.update((round(top), round(bottom)) if o.get("object_type") == "rect" else (round(top),))
    if len(xs) * len(ys) > s["max_grid_crossings"]:
        return f"{len(xs)} vertical and {len(ys)} horizontal rulings ({len(xs) * len(ys)} crossings)"
    return None
