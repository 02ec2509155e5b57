"""Workbooks are parsed by python-calamine in a process of their own.

A damaged or hostile workbook can make calamine ask for more memory than the machine has (a
6 KB .xlsx with one cell at XFD1048576 asks for 512 GB; a mutated .xls for 36 GB), and Rust
then aborts the whole process: run in the server, one upload would take every officer's
session down with it. calamine can also panic on a malformed .xls. In a child process with
its memory capped (``RLIMIT_AS``, where the system has it) and its time bounded, any of these
ends the child only, and the file is refused; the child also leaves the server's interpreter
free for other requests while it parses.

The child answers, per sheet: its name, the merged ranges calamine reports, whether it is
visible, then its rows (``to_python``'s) in pickled parts of :data:`PART_ROWS` rows: the
parent takes in one part while the child prepares the next, on another core.
"""

from __future__ import annotations

import atexit
import pickle
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Rows per pickled part of the child's answer.
PART_ROWS = 5_000


@dataclass
class Parsed:
    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    visible: bool
    #: Every distinct value of the sheet's cells, gathered as the parts come in, while the
    #: child prepares the next part: what the text repair looks at.
    values: set = field(default_factory=set)


class Failed(Exception):
    """The child could not parse the file: ``reason`` says why, in English (calamine's words,
    or what happened to the child)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: Children begun ahead of their :func:`parse`, by the file and memory cap they parse with.
_begun: dict[tuple, subprocess.Popen] = {}


def begin(path: Path, *, max_memory: int) -> None:
    """Start parsing ``path`` now, for the :func:`parse` of the same file that comes later.
    The command line begins the workbook it imports before loading the registry (half a
    second of start-up, spent while the child parses); a child no parse takes is ended when
    the process exits."""
    key = _key(path, max_memory)
    if key not in _begun:
        _begun[key] = _start(path, max_memory)


def parse(path: Path, *, max_memory: int, max_seconds: float) -> list[Parsed]:
    """Every sheet of the workbook at ``path``, parsed in a child process (a fresh
    interpreter: nothing of the server's threads or state is copied into it); :class:`Failed`
    when calamine refuses the file, panics, runs out of ``max_memory`` bytes or of
    ``max_seconds``."""
    child = _begun.pop(_key(path, max_memory), None) or _start(path, max_memory)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        child.kill()

    timer = threading.Timer(max_seconds, expire)
    timer.start()
    try:
        sheets = _answer(child)
    finally:
        timer.cancel()
        child.kill()  # done already, or stopped at a broken answer
        child.stdout.close()
        child.wait()
    if expired.is_set():
        raise Failed(f"still reading after {max_seconds:.0f} s")
    if isinstance(sheets, str):
        raise Failed(sheets)
    return sheets


def _key(path: Path, max_memory: int) -> tuple:
    stat = path.stat()
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns, max_memory)


def _start(path: Path, max_memory: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", __name__, str(path), str(max_memory)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def _answer(child: subprocess.Popen) -> list[Parsed] | str:
    """The child's sheets as it sends them, or the reason it failed."""
    sheets: list[Parsed] = []
    try:
        while (message := pickle.load(child.stdout))[0] != "done":  # our own child's answer
            match message:
                case ("sheet", name, merged, visible):
                    sheets.append(Parsed(name, [], merged, visible))
                case ("rows", part):
                    sheets[-1].rows.extend(part)
                    sheets[-1].values.update(*part)
                case ("failed", reason):
                    return reason
    except (EOFError, pickle.UnpicklingError, ValueError):  # it stopped before its answer
        child.wait()
        return (
            "it asks for more memory than a workbook may take, or it broke the reader (exit "
            f"code {child.returncode})"
        )
    return sheets


def _child(path: str, max_memory: int, out) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    except (ImportError, ValueError, OSError):  # no such limit here (Windows)
        pass

    def send(message: tuple) -> None:
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)

    try:
        from python_calamine import CalamineWorkbook, SheetVisibleEnum

        book = CalamineWorkbook.from_path(path)
        hidden = {m.name for m in book.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            send(("sheet", name, list(sheet.merged_cell_ranges or ()), name not in hidden))
            # ``iter_rows`` gives the empty rows above the used range, not the columns left
            # of it, which ``to_python(skip_empty_area=False)`` gives too.
            left = [""] * sheet.start[1] if sheet.start else []
            part = []
            for row in sheet.iter_rows():
                part.append(left + row if left else row)
                if len(part) == PART_ROWS:
                    send(("rows", part))
                    part = []
            send(("rows", part))
    except BaseException as exc:  # calamine panics as a BaseException
        send(("failed", f"{type(exc).__name__}: {exc}"))
    send(("done",))


@atexit.register
def _end_begun() -> None:
    while _begun:
        _file, child = _begun.popitem()
        child.kill()
        child.stdout.close()
        child.wait()


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]), sys.stdout.buffer)
    sys.stdout.buffer.flush()
