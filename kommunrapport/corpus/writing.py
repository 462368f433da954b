"""Every output file the tool writes goes through here: all or nothing, and one line when it cannot.

    with atomic_target(target, inputs=()) as tmp: a temporary name in the target's own folder,
                                                 renamed over the target when the block ends
    write_atomically(target, write, inputs=())   the same, for write(tmp)
    write_text(target, text, inputs=())          the same for text ('-' or None: standard output)
    write_stdout(text)                           standard output, its faults (a full disk) as OutputError

A target that already exists and is not a regular file (/dev/null, a named pipe) is written into,
never replaced. A target that names one of the inputs is refused before anything is written. Any
fault (a missing or read-only folder, a full disk, a folder where a file was meant) ends as one
`OutputError` that names the path and the cause; the temporary file is removed, and the old target,
if there was one, is left as it was.
"""
from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kommunrapport.read.errors import display_path


class OutputError(Exception):
    """An output that cannot be written: one line naming the path and the cause (the CLI prints it)."""


def _cause(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def refuse_inputs(target: str | Path, inputs: Iterable[str | Path]) -> None:
    """The output must not be one of the files read: writing it would destroy the report."""
    for source in inputs:
        try:
            same = os.path.samefile(target, source)
        except OSError:
            continue
        if same:
            raise OutputError(f"{display_path(target)}: is the input file; refusing to write over it "
                              "(give another -o)")


@contextmanager
def atomic_target(target: str | Path, *, inputs: Iterable[str | Path] = (),
                  errors: tuple[type[BaseException], ...] = ()) -> Iterator[Path]:
    """A temporary path in the target's own folder, renamed over the target once the block ends
    without error; `errors` are the writer's own exceptions besides OSError (e.g. duckdb.Error)
    that mean the same: the file could not be written."""
    target = Path(target)
    name = display_path(target)
    refuse_inputs(target, inputs)
    if target.is_dir():
        raise OutputError(f"{name}: is a directory, not a file")
    if target.exists() and not target.is_file():
        try:                                  # /dev/null, a named pipe: written into, never replaced
            yield target
        except (OSError, *errors) as exc:
            raise OutputError(f"{name}: cannot write ({_cause(exc)})") from None
        return
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        cause = "no such folder" if exc.errno == errno.ENOENT else _cause(exc)
        raise OutputError(f"{name}: cannot write ({cause})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except (OSError, *errors) as exc:
        raise OutputError(f"{name}: cannot write ({_cause(exc)})") from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def write_atomically(target: str | Path, write: Callable[[Path], None], *, inputs: Iterable[str | Path] = (),
                     errors: tuple[type[BaseException], ...] = ()) -> Path:
    """`write(tmp)` through atomic_target; the target's path."""
    with atomic_target(target, inputs=inputs, errors=errors) as tmp:
        write(tmp)
    return Path(target)


def write_text(target: str | Path | None, text: str, *, inputs: Iterable[str | Path] = ()) -> None:
    if target is None or str(target) == "-":
        write_stdout(text)
        return
    write_atomically(target, lambda tmp: tmp.write_text(text, encoding="utf-8"), inputs=inputs)


def write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise                                 # the reader went away (`| head`): main() ends quietly
    except OSError as exc:
        raise OutputError(f"standard output: cannot write ({_cause(exc)})") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
