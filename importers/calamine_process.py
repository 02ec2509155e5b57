"""Workbooks are parsed by python-calamine in a process of their own.

A damaged or hostile workbook can make calamine ask for more memory than the machine has (a
6 KB .xlsx with one cell at XFD1048576 asks for 512 GB; a mutated .xls for 36 GB), and Rust
then aborts the whole process: run in the server, one upload would take every officer's
session down with it. calamine can also panic on a malformed .xls. In a child process with
its memory capped (``RLIMIT_AS``, where the system has it) and its time bounded, any of these
ends the child only, and the file is refused; the child also leaves the server's interpreter
free for other requests while it parses.

The child returns, per sheet: its name, its rows (``to_python``), the merged ranges calamine
reports and whether it is visible.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Parsed:
    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    visible: bool


class Failed(Exception):
    """The child could not parse the file: ``reason`` says why, in English (calamine's words,
    or what happened to the child)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse(path: Path, *, max_memory: int, max_seconds: float) -> list[Parsed]:
    """Every sheet of the workbook at ``path``, parsed in a child process (a fresh
    interpreter: nothing of the server's threads or state is copied into it); :class:`Failed`
    when calamine refuses the file, panics, runs out of ``max_memory`` bytes or of
    ``max_seconds``."""
    child = subprocess.Popen(
        [sys.executable, "-m", __name__, str(path), str(max_memory)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        output, _ = child.communicate(timeout=max_seconds)
    except subprocess.TimeoutExpired as exc:
        child.kill()
        child.communicate()
        raise Failed(f"still reading after {max_seconds:.0f} s") from exc
    if child.returncode != 0 or not output:
        raise Failed(
            "it asks for more memory than a workbook may take, or it broke the reader (exit "
            f"code {child.returncode})"
        )
    outcome, payload = pickle.loads(output)  # our own child's answer
    if outcome == "failed":
        raise Failed(payload)
    return payload


def _child(path: str, max_memory: int) -> tuple[str, Any]:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    except (ImportError, ValueError, OSError):  # no such limit here (Windows)
        pass
    try:
        from python_calamine import CalamineWorkbook, SheetVisibleEnum

        book = CalamineWorkbook.from_path(path)
        hidden = {m.name for m in book.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
        return "parsed", [
            Parsed(
                name=name,
                rows=(sheet := book.get_sheet_by_name(name)).to_python(skip_empty_area=False),
                merged=list(sheet.merged_cell_ranges or ()),
                visible=name not in hidden,
            )
            for name in book.sheet_names
        ]
    except BaseException as exc:  # calamine panics as a BaseException
        return "failed", f"{type(exc).__name__}: {exc}"


if __name__ == "__main__":
    from importers import calamine_process  # its classes under their importable name

    answer = calamine_process._child(sys.argv[1], int(sys.argv[2]))
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
