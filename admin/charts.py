"""Charts drawn on the server as SVG with pygal: no script on the page, nothing fetched from
elsewhere (government networks are often closed), and they print as they show."""

from __future__ import annotations

import re
import sys

import pygal
from markupsafe import Markup
from pygal.style import Style

from admin.formatting import num

# pygal appends to sys.meta_path a finder for its map plugins that has only the old
# find_module: every import that the other finders miss afterwards (numpy probes for optional
# modules) warns "PluginImportFixer.find_spec() not found". The registry draws no maps.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    colors=("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"),
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
    title_font_size=14,
)


#: pygal writes its configuration into the SVG as an inline script for its own tooltip script,
#: which is never loaded here: the page carries no script it did not serve itself.
_CONFIG_SCRIPT = re.compile(r"<script[^>]*>[^<]*</script>")


def _svg(chart) -> Markup:
    svg = _CONFIG_SCRIPT.sub("", chart.render(is_unicode=True))
    return Markup(svg)  # pygal escapes the labels it is given


def _chart(kind, title: str, x_labels: list[str], series, unit: str = "") -> Markup:
    chart = kind(
        js=[],
        disable_xml_declaration=True,
        style=_STYLE,
        height=320,
        width=720,
        title=title,
        legend_at_bottom=True,
        value_formatter=lambda v: f"{num(round(v))}{unit}",
    )
    chart.x_labels = x_labels
    for name, values in series:
        chart.add(name, values)
    return _svg(chart)


def stacked_bars(
    title: str, x_labels: list[str], series: list[tuple[str, list[int]]], *, unit: str = ""
) -> Markup:
    """Bars per year, one colour per series, stacked; values as Vietnamese numbers."""
    return _chart(pygal.StackedBar, title, x_labels, series, unit)


def paired_bars(title: str, labels: list[str], pairs: list[tuple[str, list[int]]]) -> Markup:
    """Side-by-side bars (the baseline against now)."""
    return _chart(pygal.Bar, title, labels, pairs)
