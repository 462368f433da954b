"""The one error a reader raises for input it cannot read: the CLI prints it as one line.

`kind` says which bound or fault it was, for the corpus's `failures` table: 'unreadable' (the
file itself), 'timeout' and 'memory' (the document passed a bound). A path is always named in its
printable form (`display_path`), so a file name of any bytes gives a message that can be written.
"""
from __future__ import annotations

import os


def display_path(path: str | os.PathLike) -> str:
    """The path as text that any output takes: bytes that are not UTF-8 (a file name of another
    encoding) written as \\xNN, the way `ls -b` and Python show them. Everything else unchanged."""
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:     # a lone surrogate that no file system byte gave
        return os.fspath(path).encode("utf-8", "backslashreplace").decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


class UnreadableDocument(Exception):
    """The document cannot be read at all (missing, empty, not a PDF, encrypted, no text layer)."""

    kind = "unreadable"

    def __init__(self, path: str | os.PathLike, reason: str):
        self.path = display_path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class DocumentTimeout(UnreadableDocument):
    """Reading the document took longer than its time bound."""

    kind = "timeout"


class DocumentTooLarge(UnreadableDocument):
    """Reading the document needed more memory than its bound."""

    kind = "memory"
