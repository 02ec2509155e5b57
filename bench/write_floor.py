"""The floor under a members import: what reading the workbook and writing what an import must
write cost, with nothing else.

    python bench/write_floor.py WORKBOOK SQLITE_FILE [--many-rows] [--by-cooperative]

Run by ``import_members.py`` on the same workbook and on a copy of the same registry. It reads
the sheet with python-calamine into lists (no pandas), then writes, with bare ``sqlite3``
``executemany`` of prepared tuples, in one transaction under the registry's own schema
(indexes, constraints, foreign keys, the connection settings of ``registry.db``): one person,
one membership and one contribution per row, one change row of the batch per record (what
undo and every record's history rest on, with its source row and organisation), and the
batch's one audit entry. No cleaning, no matching, no checks, no report: values are taken from
the cells as they are. No import that keeps those records can take less.

The rows are written by ``executemany`` (a statement run per row), or with ``--many-rows`` in
statements of many rows each, as ``registry.bulk`` writes them since that was found to take
about half the time: the floor under an import that writes that way. With
``--by-cooperative``, the rows are written one cooperative after the other, as the import
writes them since that was found to take a fifth less (each index on the cooperative takes
its entries in order).
"""

from __future__ import annotations

import sqlite3
import sys
from itertools import chain

from python_calamine import CalamineWorkbook

FIRST_ROW = 3  # the generated workbook's title, blank row and header come first
NOW = "2026-01-01 00:00:00.000000"
ROWS_PER_STATEMENT = 2_000  # as registry.bulk (not imported: it would load SQLAlchemy)


def main(path: str, database: str, *flags: str) -> None:
    many_rows = "--many-rows" in flags
    book = CalamineWorkbook.from_path(path)
    sheet = book.get_sheet_by_name(book.sheet_names[0])
    rows = sheet.to_python(skip_empty_area=False)[FIRST_ROW:]
    db = sqlite3.connect(database, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "cache_size = -65536"):
        db.execute(f"PRAGMA {pragma}")
    db.execute("PRAGMA foreign_keys = ON")
    organisations = dict(db.execute("SELECT tax_code, id FROM organisation"))
    if "--by-cooperative" in flags:
        rows.sort(key=lambda r: organisations[r[1]])
    db.execute("BEGIN")
    batch = db.execute(
        "INSERT INTO import_batch (file_name, sha256, sheet, kind, created_at) "
        "VALUES ('f', 's', 'Thanh vien', 'members', ?)",
        (NOW,),
    ).lastrowid
    persons, memberships = (_fresh_ids(db, table, len(rows)) for table in ("person", "membership"))
    insert(
        db,
        many_rows,
        "INSERT INTO person (id, kind, full_name, name_key, id_number, birth_year, "
        "created_at) VALUES (?, 'individual', ?, ?, ?, 1970, ?)",
        [(i, r[3], r[3].lower(), r[7], NOW) for i, r in zip(persons, rows, strict=True)],
    )
    insert(
        db,
        many_rows,
        "INSERT INTO membership (id, organisation_id, person_id, member_type, joined_on) "
        "VALUES (?, ?, ?, 'official', '2010-01-01')",
        [(m, organisations[r[1]], p) for m, p, r in zip(memberships, persons, rows, strict=True)],
    )
    insert(
        db,
        many_rows,
        'INSERT INTO contribution (membership_id, kind, amount_vnd, "on", note) '
        "VALUES (?, 'contribution', 5000000, '2010-01-01', ?)",
        [(m, f"Nhập từ tệp, dòng {n}") for n, m in enumerate(memberships, FIRST_ROW + 1)],
    )
    contributions = [
        i
        for (i,) in db.execute(
            "SELECT id FROM contribution WHERE membership_id >= ? ORDER BY id", (memberships[0],)
        )
    ]
    insert(
        db,
        many_rows,
        "INSERT INTO import_change (batch_id, table_name, record_id, organisation_id, sheet, "
        "\"row\", action) VALUES (?, ?, ?, ?, 'Thanh vien', ?, 'create')",
        [
            (batch, table, i, organisations[r[1]], n)
            for table, ids in (
                ("person", persons),
                ("membership", memberships),
                ("contribution", contributions),
            )
            for n, (i, r) in enumerate(zip(ids, rows, strict=True), FIRST_ROW + 1)
        ],
    )
    db.execute(
        "INSERT INTO audit_entry (at, action, table_name, record_id, summary) "
        "VALUES (?, 'import', 'import_batch', ?, 'f / Thanh vien')",
        (NOW, str(batch)),
    )
    db.execute("COMMIT")
    db.close()


def insert(db: sqlite3.Connection, many_rows: bool, statement: str, rows: list[tuple]) -> None:
    """``statement`` (``INSERT … VALUES (…)``) for each of ``rows``."""
    if not many_rows:
        db.executemany(statement, rows)
        return
    head, values = statement.split(" VALUES ")
    step = min(
        ROWS_PER_STATEMENT, db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // values.count("?")
    )
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        db.execute(f"{head} VALUES {', '.join([values] * len(part))}", list(chain(*part)))


def _fresh_ids(db: sqlite3.Connection, table: str, count: int) -> range:
    given = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    top = db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    first = max(top, given[0] if given else 0) + 1
    return range(first, first + count)


if __name__ == "__main__":
    main(*sys.argv[1:])
