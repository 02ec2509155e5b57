"""Writing many rows at once, for imports and demo data.

Core's ``insert()`` executemany spends most of its time per row and per value in Python
(parameter dictionaries, type processing, RETURNING), about ten times what the database itself
takes. Here each column's values are converted in one pass with the column type's own bind
processor (so values are stored exactly as the ORM stores them, on either backend) and handed
to the driver: on SQLite as statements of many rows each (``INSERT … VALUES (…), (…), …``),
on PostgreSQL by ``COPY``; ids are allocated up front, so no RETURNING is needed.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    String,
    Table,
    any_,
    bindparam,
    func,
    literal_column,
    select,
    text,
)

#: PostgreSQL's most parameters in one statement.
POSTGRESQL_MAX_PARAMETERS = 65_535
#: Rows in one statement on SQLite, at most. A statement of many rows takes less than half the
#: time of ``executemany`` of one-row statements (measured: 100,000 persons, 0.24 s against
#: 0.49 s), which runs a statement per row; beyond about 3,000 rows the time and memory grow
#: again (an import's 400,000 rows: 2,000 a statement 1.7 s and 565 MB at its peak; 4,000,
#: what the parameters allow, 2.2 s and 730 MB).
ROWS_PER_STATEMENT = 2_000


def next_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """``count`` fresh ids for ``table``: from its sequence on PostgreSQL (safe beside other
    writers), else above the largest id ever given. SQLite allows one writer at a time, and a
    writer whose snapshot is stale cannot write, so ids taken here are taken by no one else."""
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar_one()
        return list(
            connection.execute(
                text("SELECT nextval(CAST(:sequence AS regclass)) FROM generate_series(1, :n)"),
                {"sequence": sequence, "n": count},
            ).scalars()
        )
    first = first_free_id(connection, table)
    return list(range(first, first + count))


def first_free_id(connection: Connection, table: Table) -> int:
    """The id after the largest there is, and after the largest there ever was in a table
    whose ids are never given twice (SQLite's AUTOINCREMENT remembers it in sqlite_sequence;
    explicit ids above it move it on)."""
    top = connection.execute(select(func.max(table.c.id))).scalar() or 0
    if connection.dialect.name == "sqlite" and table.dialect_options["sqlite"]["autoincrement"]:
        given = connection.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = :table"), {"table": table.name}
        ).scalar()
        top = max(top, given or 0)
    return top + 1


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys: column names) into ``table``. No Python-side
    column defaults are applied: the rows name every column they fill."""
    if rows:
        insert_columns(
            connection, table, {name: list(map(itemgetter(name), rows)) for name in rows[0]}
        )


def insert_columns(
    connection: Connection,
    table: Table,
    columns: dict[str, list[Any]],
    same: dict[str, Any] | None = None,
) -> None:
    """Insert rows into ``table`` given by column: ``columns`` holds each column's values in
    row order (lists of one length), ``same`` the columns that hold one value in every row.
    For callers that hold their rows' values by column already, this spares building a dict
    per row (a 100,000-row import writes 400,000 rows). No Python-side column defaults are
    applied."""
    count = len(next(iter(columns.values()))) if columns else 0
    if count == 0:
        return
    dialect = connection.dialect
    quote = dialect.identifier_preparer
    converted = {
        name: _converted(dialect, table.c[name], values) for name, values in columns.items()
    }
    shared = {
        name: _converted(dialect, table.c[name], [value])[0] for name, value in (same or {}).items()
    }
    if dialect.name == "postgresql":
        shared_values = [[value] * count for value in shared.values()]
        _copy(
            connection,
            quote.format_table(table),
            [quote.quote(n) for n in [*converted, *shared]],
            list(zip(*converted.values(), *shared_values, strict=True)),
        )
        return
    # A column holding one value in every row (a batch, a time, a date never given) is bound
    # once a statement, as a numbered parameter every row names: bound in every row, it took
    # about a tenth of the time of writing an import's change rows (275,000 rows, 0.85 s
    # against 0.78 s).
    for name, values in list(converted.items()):
        if values.count(values[0]) == count:
            shared[name] = converted.pop(name)[0]
    _insert_sqlite(connection, quote.format_table(table), converted, shared, count)


def _insert_sqlite(
    connection: Connection, table: str, columns: dict[str, list], shared: dict[str, Any], count
) -> None:
    """Statements of many rows each; ``shared`` values bound once a statement, as ``?1``,
    ``?2``…, the others in turn after them."""
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(n) for n in [*shared, *columns])
    row = "(" + ", ".join([f"?{n}" for n in range(1, len(shared) + 1)] + ["?"] * len(columns)) + ")"
    head = f"INSERT INTO {table} ({names}) VALUES "
    width = len(columns)
    step = min(ROWS_PER_STATEMENT, (most_parameters(connection) - len(shared)) // max(width, 1))
    first = list(shared.values())
    for start in range(0, count, step):
        rows = min(step, count - start)
        flat = first + [None] * (rows * width)  # row after row, each column laid in by a slice
        for offset, values in enumerate(columns.values(), len(first)):
            flat[offset::width] = values[start : start + rows]
        connection.exec_driver_sql(head + ", ".join([row] * rows), tuple(flat))


def most_parameters(connection: Connection) -> int:
    """How many parameters one statement may take: SQLite's own limit (32,766 since 3.32, 999
    before), PostgreSQL's 65,535."""
    if connection.dialect.name != "sqlite":
        return POSTGRESQL_MAX_PARAMETERS
    dbapi = connection.connection.dbapi_connection
    return dbapi.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def one_of(connection: Connection, column: ColumnElement, values: Iterable[Any]):
    """``column IN (values)`` for any number of values, bound as one parameter: a JSON array
    read by ``json_each`` on SQLite, an array on PostgreSQL. With a placeholder per value,
    SQLAlchemy builds a parameter object for each (100,000 ID numbers: 0.15 s) and the
    statement must be cut to the database's parameter limit."""
    values = list(values)
    if connection.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    listed = select(literal_column("value")).select_from(
        func.json_each(bindparam(None, json.dumps(values, ensure_ascii=False), type_=String))
    )
    return column.in_(listed)


def _converted(dialect, column, values: list[Any]) -> list[Any]:
    """A column's values as the driver takes them, by the column type's own bind processor
    (stored exactly as the ORM stores them, on either backend)."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return values
    if values.count(values[0]) == len(values):  # one value (a time, a user): once
        return [process(values[0])] * len(values)
    try:  # values repeat (dates, kinds): each distinct one converted once
        done = {value: process(value) for value in set(values)}
    except TypeError:  # unhashable: JSON documents
        return list(map(process, values))
    return list(map(done.__getitem__, values))


def _copy(connection: Connection, table: str, names: list[str], tuples: list[tuple]) -> None:
    """PostgreSQL's own bulk load, in the connection's transaction: about four times faster
    than ``executemany`` for an import's rows (measured: 100,000 members)."""
    dbapi = connection.connection.dbapi_connection
    with (
        dbapi.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy,
    ):
        for row in tuples:
            copy.write_row(row)


_pauses = 0
_pauses_lock = threading.Lock()


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a bulk job runs (usable as a decorator too).

    A job holding a million cell values and row objects makes each full collection walk all of
    them, over and over, for nothing: they hold no reference cycles and are freed by reference
    counting. Measured on a 100,000-row import: about a quarter of the time. Nested and
    concurrent pauses (threads of the web server) are counted; the last one out resumes."""
    global _pauses
    with _pauses_lock:
        _pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0:
                gc.enable()
