"""The record kinds an import reads, registered here and nowhere else: the command line's
``--kind`` choices, the screens' labels and the mapping's field tables are derived from
:data:`KINDS`. Each module plans its rows (reading only) and commits them as one batch,
behind the interface :class:`importers.results.Kind`."""

from __future__ import annotations

from importers.kinds import debts, figures, members, organisations
from importers.results import Kind

KINDS: dict[str, Kind] = {
    kind.name: kind for kind in (organisations.KIND, members.KIND, figures.KIND, debts.KIND)
}
