"""How fast ``registry demo`` fills a database, against the bare insert speed of SQLite.

    python bench/demo_scale.py --cooperatives 30000 --members 1000000

Steps, in one run on fresh SQLite files:
1. the measured command: ``registry db upgrade`` then ``registry demo`` (generation + insert);
2. the baseline: the same number of rows as the demo wrote, as constant tuples of the same
   width, inserted with ``sqlite3.executemany`` into bare tables without indexes or
   constraints — the floor no generator can beat on this machine.
The ratio says how far above that floor the demo is. Counts are checked against the request.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

from registry.models import Membership, Organisation, Person


def _run(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "registry", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _baseline(path: Path, rows_by_width: dict[int, int]) -> float:
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    for width, rows in rows_by_width.items():
        columns = ", ".join(f"c{i}" for i in range(width))
        db.execute(f"CREATE TABLE t{width} (id INTEGER PRIMARY KEY, {columns})")
        row = tuple(f"giá trị {i}" for i in range(width))
        marks = ", ".join("?" * width)
        db.executemany(
            f"INSERT INTO t{width} ({columns}) VALUES ({marks})", (row for _ in range(rows))
        )
    db.commit()
    db.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cooperatives", type=int, default=30_000)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=655)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/demo.db"
        upgrade = _run("--db", url, "db", "upgrade")
        demo = _run(
            "--db",
            url,
            "demo",
            "--cooperatives",
            str(args.cooperatives),
            "--members",
            str(args.members),
            "--seed",
            str(args.seed),
        )
        engine = create_engine(url)
        with engine.connect() as conn:
            orgs = conn.execute(select(func.count()).select_from(Organisation)).scalar_one()
            members = conn.execute(select(func.count()).select_from(Membership)).scalar_one()
            persons = conn.execute(select(func.count()).select_from(Person)).scalar_one()
            total = sum(
                conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
                for t in (
                    "organisation",
                    "status_event",
                    "person",
                    "membership",
                    "contribution",
                    "annual_figures",
                    "asset",
                    "debt",
                )
            )
        engine.dispose()
        assert orgs == args.cooperatives and members == args.members, (orgs, members)
        # Same row count, at the widths the real tables have (members and ledger are narrow).
        baseline = _baseline(Path(tmp) / "baseline.db", {8: total})

    print(
        f"organisations {orgs:,}, memberships {members:,}, persons {persons:,}, "
        f"rows in all {total:,}"
    )
    print(f"db upgrade              {upgrade:8.1f} s")
    print(f"demo (generate+insert)  {demo:8.1f} s   {total / demo:,.0f} rows/s")
    print(f"baseline bare insert    {baseline:8.1f} s   {total / baseline:,.0f} rows/s")
    print(f"ratio demo / baseline   {demo / baseline:8.2f}")


if __name__ == "__main__":
    main()
