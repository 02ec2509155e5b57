"""An import of 100,000 member rows into a registry at national scale (issue 15), against the
bare read of the same workbook, in one run.

    registry --db postgresql://postgres@127.0.0.1:5432/national db upgrade
    registry --db postgresql://postgres@127.0.0.1:5432/national demo \\
        --cooperatives 35000 --members 4000000
    python bench/national_import.py --db postgresql://postgres@127.0.0.1:5432/national

The workbook is ``bench/import_members.py``'s (Vietnamese names, dates and amounts in every
shape), its cooperatives the first thousand of the database that have a tax code. Measured:
``registry import`` of it into the database as it is (once: the import stays); the baseline:
``pandas.read_excel(engine="calamine")`` of the same file. Both in child processes, Python's
start-up included.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_members import cooperatives, timed_child, workbook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    url = args.db.replace("postgresql://", "postgresql+psycopg://", 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "thanh-vien.xlsx"
        workbook(path, args.rows, cooperatives(url)[:1000], args.seed)
        read, read_peak = timed_child(
            [
                sys.executable,
                "-c",
                "import sys, pandas; pandas.read_excel(sys.argv[1], engine='calamine', "
                "header=None, dtype=object)",
                str(path),
            ]
        )
        report = Path(tmp) / "report.json"
        command = [sys.executable, "-m", "registry", "--db", args.db, "import", str(path)]
        imported, import_peak = timed_child([*command, "--report", str(report)])
        counts = json.loads(report.read_text(encoding="utf-8"))["counts"]
    print(f"rows {args.rows:,} into {args.db.rsplit('/', 1)[-1]}, outcomes {counts}")
    print(f"pandas.read_excel (calamine)  {read:7.1f} s   peak {read_peak / 1024:6.0f} MB")
    print(f"registry import               {imported:7.1f} s   peak {import_peak / 1024:6.0f} MB")
    print(f"ratio import / read           {imported / read:7.2f}")


if __name__ == "__main__":
    main()
