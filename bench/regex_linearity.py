"""How the time of every pattern the importer applies to file content grows with its input.

Each module-level pattern of ``importers`` (and ``registry.text``) searches inputs made of one
repeated fragment — spaces, digits with separators, brackets, the words dates and amounts
start with, XML tags — at n and at 4n characters; so does the scanner of web pages
(``importers.web_tables.read_page``), over runs of HTML tags, comments and references. A
linear pattern takes about 4× as long on the longer input; one that backtracks takes 16×
(quadratic) or 64× (cubic). The baseline of the run is ``str.count`` over the same inputs,
linear by construction.

    python bench/regex_linearity.py [--n 2500]

Prints, per pattern, the worst ratio over the fragments and the slowest search at 4n; exits
1 when a pattern's worst ratio is above 8 with at least 20 ms at 4n (timings below that are
noise).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time

import importers

TEXT_FRAGMENTS = [
    " ", "\n", "\t", "a", "1", ".", ",", "1.", "1,", "1 ", "a ", "đ", "-", " - ", "/", "1/",
    "(", "((", "(a", ")", "'", "HTX ", "tỷ ", "1 tỷ ", "ngày ", "ngay thang ", "năm ", "0",
    "+", "ha ", "m2 ", ":", "MST ", "a@", "a.", "0:00 ",
]  # fmt: skip
XML_FRAGMENTS = [
    b"a", b"<", b" ", b"=", b"/", b'a="', b"<a:", b"<c", b'<c r="A1" t="e"', b"<c>",
    b"<f>", b"<v>", b'<sheet name="a"', b"<Relationship ",
]  # fmt: skip


HTML_FRAGMENTS = [
    "<", "<a ", "<!--", "<!-- -->", "&#", "&", "<td", "<td>", '<td a="', '<td rowspan="',
    "<!", "<?", "</", "<script>", "<tr><td>x</td>", "<table>", "<br>",
]  # fmt: skip


class _Scanner:
    """A function over file content measured as the patterns are: ``finditer`` is the
    function, its result walked through."""

    def __init__(self, function) -> None:
        self.finditer, self.pattern = function, ""


def scanners() -> list[tuple[str, _Scanner]]:
    from importers.web_tables import read_page

    def page(text: str):
        return read_page("<table><tr><td>" + text, max_cells=10**9)

    return [("importers.web_tables.read_page", _Scanner(page))]


def patterns() -> list[tuple[str, re.Pattern]]:
    modules = [
        importlib.import_module(m.name)
        for m in pkgutil.walk_packages(importers.__path__, "importers.")
    ] + [importlib.import_module("registry.text")]
    found = []
    for module in modules:
        for name, value in vars(module).items():
            items = value.items() if isinstance(value, dict) else [(None, value)]
            if isinstance(value, list | tuple):
                items = list(enumerate(value))
            for key, item in items:
                for candidate in item if isinstance(item, tuple) else (item,):
                    if isinstance(candidate, re.Pattern):
                        label = name if key is None else f"{name}[{key!r}]"
                        found.append((f"{module.__name__}.{label}", candidate))
    return found


def timed(function, argument) -> float:
    """The best of three runs of ``function(argument)``, whose result is walked through."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        result = function(argument)
        if not isinstance(result, int):
            for _match in result:
                pass
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2500)
    n = parser.parse_args().n
    failed = 0
    baseline = []
    print(f"{'pattern':60} {'ratio':>7} {'4n, ms':>8}  worst fragment")
    for name, pattern in [*patterns(), *scanners()]:
        fragments = XML_FRAGMENTS if isinstance(pattern.pattern, bytes) else TEXT_FRAGMENTS
        if isinstance(pattern, _Scanner):
            fragments = HTML_FRAGMENTS
        end = b"!" if isinstance(pattern.pattern, bytes) else "!"
        worst = (0.0, 0.0, None)
        for fragment in fragments:
            short = fragment * (n // len(fragment)) + end
            long = fragment * (4 * n // len(fragment)) + end
            t_short, t_long = timed(pattern.finditer, short), timed(pattern.finditer, long)
            baseline.append(timed(long.count, end) / max(timed(short.count, end), 1e-9))
            ratio = t_long / max(t_short, 1e-6)
            if t_long > 0.002 and ratio > worst[0]:
                worst = (ratio, t_long, fragment)
        ratio, t_long, fragment = worst
        bad = ratio > 8 and t_long > 0.02
        failed += bad
        flag = "  <- grows faster than linear" if bad else ""
        print(f"{name:60} {ratio:7.1f} {t_long * 1000:8.1f}  {fragment!r}{flag}")
    baseline.sort()
    print(f"\nbaseline (str.count), median ratio 4n/n: {baseline[len(baseline) // 2]:.1f}")
    print(f"{failed} patterns grow faster than linear")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
