"""The ``registry`` command's entry point. The workbook an import names begins to be parsed, in
a process of its own, before the command line's modules load: their half second of start-up
is then spent while the workbook is parsed, on another core."""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    if path := _imported_file(sys.argv[1:]):
        from importers.readers import read_ahead

        read_ahead(path)
    from registry.cli import main as cli

    cli()


def _imported_file(words: list[str]) -> Path | None:
    """The file of ``registry [options] import [options] FILE``, if it names one that is
    there (an option's value that is a file too would only be parsed for nothing)."""
    if "import" not in words:
        return None
    for word in words[words.index("import") + 1 :]:
        if not word.startswith("-") and (path := Path(word)).is_file():
            return path
    return None


if __name__ == "__main__":
    main()
