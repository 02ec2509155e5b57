"""Web pages saved under a workbook's name: what web systems export as "Excel" (an HTML table
in a file called ``.xls``), laid out as Excel opens one — the page's text above and between
its tables a row each, then every table's rows; a cell spanning columns or rows is merged, its
text in its first cell. Cells are text, as the page writes them; the cleaners read numbers and
dates from text.

The page is file content: it is read by a scanner of its own in linear time (Python 3.11's
``html.parser`` takes quadratic time over a run of unclosed tags), which knows the few
elements a table needs and skips the rest."""

from __future__ import annotations

import html
import re

#: Elements that end a line of the page's text outside tables (a title, a signature).
_LINES = frozenset(
    {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption", "tr", "table"}
)
#: Elements whose text is never shown.
_HIDDEN = frozenset({"head", "title", "script", "style", "template"})
#: The most columns or rows one cell may span (Excel's own limit of columns is 16,384): a
#: hostile page's ``colspan="1000000"`` would otherwise fill memory with empty cells.
MOST_SPANNED = 1_000


class TooLarge(Exception):
    """The page lays out more cells than :func:`read_page` was allowed."""


#: A tag's name, after its ``<`` (or ``</``).
_NAME = re.compile(r"/?+([a-zA-Z][a-zA-Z0-9:-]{0,40})")
#: A cell's span among its attributes.
_SPAN = re.compile(r"\b(rowspan|colspan)\s*+=\s*+[\"']?+\s*+(\d{1,9})", re.IGNORECASE)
#: Where the text of a hidden element ends.
_HIDDEN_END = {name: re.compile(rf"</{name}\b", re.IGNORECASE) for name in _HIDDEN}


def read_page(text: str, max_cells: int) -> tuple[list[list[str]], list[tuple]]:
    """The page's rows of cell texts and its merged ranges, ``((row, column), (last row,
    last column))`` as calamine gives a workbook's; :class:`TooLarge` beyond ``max_cells``
    cells (spans counted)."""
    page = _Page(max_cells)
    for kind, name, attributes in _tokens(text):
        if kind == "text":
            page.text.append(name)
        elif kind == "start":
            page.start(name, attributes)
        else:
            page.end(name)
    page.finish()
    return page.rows, page.merged


def _tokens(text: str):
    """``("text", text, "")``, ``("start", name, attributes)`` and ``("end", name, "")`` in
    the page's order, the text of hidden elements, comments and declarations left out.
    Every search runs forward from where the last one ended, and a tag's ``>`` is looked
    for only before the next ``<`` (a ``<`` without one is text): linear time."""
    at, size = 0, len(text)
    while at < size:
        lt = text.find("<", at)
        if lt == -1:
            lt = size
        if lt > at:
            yield "text", html.unescape(text[at:lt]), ""
        if lt == size:
            return
        if text.startswith("<!--", lt):
            end = text.find("-->", lt + 4)
            if end == -1:
                return  # an unclosed comment hides the rest, as a browser reads it
            at = end + 3
            continue
        following = text.find("<", lt + 1)
        gt = text.find(">", lt + 1, size if following == -1 else following)
        named = _NAME.match(text, lt + 1)
        if gt == -1 or (named is None and text[lt + 1 : lt + 2] not in ("!", "?")):
            yield "text", "<", ""  # not a tag: a "<" in the text
            at = lt + 1
            continue
        at = gt + 1
        if named is None:  # <!DOCTYPE …>, <?xml …?>
            continue
        name = named.group(1).lower()
        if text[lt + 1] == "/":
            yield "end", name, ""
            continue
        yield "start", name, text[named.end() : gt]
        if name in _HIDDEN:  # its text is never shown: skip to its end tag
            found = _HIDDEN_END[name].search(text, at)
            at = size if found is None else found.start()


class _Page:
    """The rows a page lays out, told its tags and text by :func:`read_page`."""

    def __init__(self, max_cells: int) -> None:
        self.rows: list[list[str]] = []
        self.merged: list[tuple] = []
        self.max_cells = max_cells
        self.cells = 0
        self.depth = 0  # tables open; a table inside a cell is read as that cell's text
        self.text: list[str] = []  # the line or the cell being read
        self.in_cell = False
        self.row: list[str] | None = None
        self.spans: dict[int, int] = {}  # column → rows below still covered by a cell above
        self.span = (1, 1)

    def start(self, tag: str, attributes: str) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.end_line()
                self.spans = {}
        elif self.depth == 1 and tag == "tr":
            self.end_row()
            self.row = []
        elif self.depth == 1 and tag in ("td", "th"):
            self.end_cell()
            spans = {k.lower(): int(v) for k, v in _SPAN.findall(attributes)}
            self.span = tuple(
                min(max(spans.get(k, 1), 1), MOST_SPANNED) for k in ("rowspan", "colspan")
            )
            self.in_cell, self.text = True, []
            if self.row is None:
                self.row = []
        elif self.in_cell and (tag in _LINES or tag in ("td", "th")):
            self.text.append(" ")  # a line, or a cell of a table inside the cell
        elif tag in _LINES and not self.depth:
            self.text.append("\n")

    def end(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
            if not self.depth:
                self.end_row()
            elif self.in_cell:
                self.text.append(" ")
        elif self.depth == 1 and tag in ("td", "th"):
            self.end_cell()
        elif self.depth == 1 and tag == "tr":
            self.end_row()
        elif self.in_cell and tag in ("td", "th", "tr"):  # of a table inside the cell
            self.text.append(" ")
        elif tag in _LINES and not self.depth:
            self.end_line()

    def finish(self) -> None:
        """The page's end: a table left open is closed there, its row and cell with it, as a
        browser closes it (a cell spanning rows was merged over a row never laid out)."""
        if self.depth:
            self.end_row()
            self.depth = 0
        self.end_line()

    def end_line(self) -> None:
        """The page's text read since the last line, a row each of its lines."""
        if self.depth or self.in_cell:
            return
        for line in "".join(self.text).split("\n"):
            if line := " ".join(line.split()):
                self._add([line])
        self.text = []

    def end_cell(self) -> None:
        if not self.in_cell:
            return
        row, (down, across) = self.row, self.span
        while self.spans.get(len(row)):  # columns a cell of a row above still covers
            row.append("")
        self._count(down * across)  # before laying the cells out, not after
        first = len(row)
        row.append(" ".join("".join(self.text).split()))
        row.extend([""] * (across - 1))
        if down > 1 or across > 1:
            here = len(self.rows)
            self.merged.append(((here, first), (here + down - 1, first + across - 1)))
        for column in range(first, first + across):
            self.spans[column] = down  # counted down as the rows below are read
        self.in_cell, self.text = False, []

    def end_row(self) -> None:
        self.end_cell()
        if self.row is None:
            return
        row = self.row
        while self.spans.get(len(row)):
            row.append("")
        self._add(row)
        self.row = None
        self.spans = {c: n - 1 for c, n in self.spans.items() if n > 1}

    def _add(self, row: list[str]) -> None:
        self.rows.append(row)
        self._count(1)

    def _count(self, cells: int) -> None:
        self.cells += cells
        if self.cells > self.max_cells:
            raise TooLarge
