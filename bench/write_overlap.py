"""Whether an import's writes could hide behind its planning: rows written by a thread of their
own while the main thread runs Python, as a pipeline planning one part while writing the last
would do in one process (one transaction, so one connection).

    python bench/write_overlap.py [--rows 300000]

Writes ``--rows`` change rows (a members import's largest table, 300,000 for 100,000 members)
in statements of 2,000 rows with bare ``sqlite3`` under the registry's schema and connection
settings, rolled back after each run:
- alone: the baseline;
- by a second thread while the main thread keeps busy in Python (building dicts of strings,
  as cleaning and judging rows do) until the writes are done, at Python's default switch
  interval (5 ms) and at 0.5 ms.
SQLite writes without holding Python's lock, but the writer needs the lock back between
statements (to bind the next one's parameters), and waits for the busy thread to give it up.
Reports the median of ``--repeat`` runs of each and the ratios to the baseline.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from itertools import chain

from import_members import registry

ROWS_PER_STATEMENT = 2_000  # as registry.bulk


def write(db: sqlite3.Connection, rows: list[tuple]) -> float:
    """The seconds writing ``rows`` takes, in statements of many rows."""
    started = time.perf_counter()
    head = (
        'INSERT INTO import_change (batch_id, table_name, record_id, sheet, "row", action, '
        "version_after) VALUES "
    )
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        part = rows[start : start + ROWS_PER_STATEMENT]
        db.execute(head + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(part)), list(chain(*part)))
    return time.perf_counter() - started


def beside_busy_thread(db: sqlite3.Connection, rows: list[tuple]) -> float:
    """The seconds the writes take on a thread of their own while this one runs Python."""
    took: list[float] = []
    writer = threading.Thread(target=lambda: took.append(write(db, rows)))
    writer.start()
    while writer.is_alive():
        {n: f"Nguyễn Văn {n}" for n in range(1_000)}
    writer.join()
    return took[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        registry("--db", f"sqlite:///{tmp}/overlap.db", "db", "upgrade")
        db = sqlite3.connect(f"{tmp}/overlap.db", isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "cache_size = -65536"):
            db.execute(f"PRAGMA {pragma}")
        db.execute(
            "INSERT INTO import_batch (id, file_name, sha256, sheet, kind, created_at) "
            "VALUES (1, 'f', 's', 'Thanh vien', 'members', '2026-01-01 00:00:00')"
        )
        rows = [(1, "membership", n, "Thanh vien", n + 4, "create", 1) for n in range(args.rows)]
        ways = {
            "alone": (None, write),
            "beside a busy thread, switch interval 5 ms": (0.005, beside_busy_thread),
            "beside a busy thread, switch interval 0.5 ms": (0.0005, beside_busy_thread),
        }
        times: dict[str, list[float]] = {way: [] for way in ways}
        for _ in range(args.repeat):  # alternating, so a slow spell of the machine hits all
            for way, (interval, run) in ways.items():
                sys.setswitchinterval(interval or 0.005)
                db.execute("BEGIN")
                times[way].append(run(db, rows))
                db.execute("ROLLBACK")
        db.close()
    alone = statistics.median(times["alone"])
    print(f"{args.rows:,} change rows written, {args.repeat} runs each, medians:")
    for way, seconds in times.items():
        median = statistics.median(seconds)
        print(f"{way:46} {median:6.2f} s   {median / alone:5.1f}× alone")


if __name__ == "__main__":
    main()
