"""The ``registry`` command's entry point.

An import's workbook begins to be parsed, in a process of its own, before the command line's
modules load: their half second of start-up is spent while the workbook is parsed, on
another core. Its process ends without the interpreter's teardown, which after 100,000 rows
frees object after object for a fifth of a second in a process about to end anyway.
"""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path
from typing import NoReturn


def main() -> None:
    path = _imported_file(sys.argv[1:])
    if path is not None:
        from importers.readers import read_ahead

        read_ahead(path)
    from registry.cli import main as cli

    if path is None:
        cli()
        return
    try:
        cli()
    except SystemExit as exc:
        _end(exc.code)
    _end(0)


#: The options the ``registry`` group takes a value after.
_VALUED = {"--db", "--lang"}


def _imported_file(words: list[str]) -> Path | None:
    """The file of ``registry [options] import [options] FILE``, if the command is
    ``import`` and names one that is there (an option's value that is a file too would only
    be parsed for nothing)."""
    rest = iter(words)
    for word in rest:  # the command: the first word that is no option nor an option's value
        if word in _VALUED:
            next(rest, None)
        elif not word.startswith("-"):
            break
    else:
        return None
    if word != "import":
        return None
    for word in rest:
        if not word.startswith("-") and (path := Path(word)).is_file():
            return path
    return None


def _end(code: object) -> NoReturn:
    """Exit as ``sys.exit(code)`` would (exit handlers run, output flushed, a message code
    printed and exit status 1), but without the interpreter's teardown."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    main()
