"""Importing a 100,000-row members workbook end to end, against merely reading it.

    python bench/import_members.py --rows 100000

In one run: a fresh SQLite registry with 1,000 cooperatives (demo data); a generated workbook
of member rows, 12 columns, Vietnamese text and the messy values of real files (dates as text,
serials or years; amounts as `5.000.000`, `5 triệu` or numbers; IDs with apostrophes or dots;
decomposed Unicode); then
- the baseline: ``pandas.read_excel(path, engine="calamine", header=None, dtype=object)``;
- the measured: ``registry import`` of the same file (read, repair, find the table, clean,
  match, commit in one transaction) in its own process.
- the floor: ``bench/write_floor.py``, the same read and the rows an import must write
  (persons, memberships, contributions, a change row per record, the batch's audit entry),
  bare, with nothing else: what no import keeping those records can beat. Twice: by
  ``executemany`` as issue 13 measured it, and in statements of many rows as the import now
  writes (``--many-rows``), the lower; and so, one cooperative after the other, as the
  import writes since 2026-12-07 (``--many-rows --by-cooperative``): the lowest, and so the
  true floor.
Each is run ``--repeat`` times, alternating, the import always into the registry as it was
before any import (this machine's speed drifts by a factor of two within minutes). Reports the
median times, their ratio, every run, and each process's peak memory.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

HEADERS = [
    "STT",
    "Mã số HTX",
    "Tên HTX",
    "Họ và tên",
    "Đối tượng",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD/CMND",
    "Xã",
    "Loại thành viên",
    "Ngày gia nhập",
    "Vốn góp (đồng)",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Rơ Châm", "Ksor", "Siu", "Đinh", "Bùi"]
GIVEN = ["Văn Hùng", "Thị Lan", "Đức Thắng", "Thị Hoa", "Minh Tuấn", "H'Blơh", "Thị Nhung"]


def registry(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "registry", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def cooperatives(url: str) -> list[tuple[str, str]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT tax_code, name FROM organisation WHERE tax_code IS NOT NULL")
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def workbook(path: Path, rows: int, coops: list[tuple[str, str]], seed: int) -> None:
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Thanh vien")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["DANH SÁCH THÀNH VIÊN HỢP TÁC XÃ"])
    sheet.write_row(2, 0, HEADERS)
    for n in range(rows):
        tax_code, coop = coops[n % len(coops)]
        name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        if n % 7 == 0:
            name = unicodedata.normalize("NFD", name)
        joined = date(2005, 1, 1) + timedelta(days=rng.randrange(7000))
        capital = rng.randrange(1, 15) * 1_000_000
        r = n + 3
        sheet.write(r, 0, n + 1)
        sheet.write_string(r, 1, tax_code)
        sheet.write_string(r, 2, coop)
        sheet.write_string(r, 3, name)
        sheet.write_string(r, 4, "cá nhân" if n % 10 else "Hộ gia đình")
        sheet.write_string(r, 5, str(rng.randrange(1950, 2004)))
        sheet.write_string(r, 6, "Nam" if n % 2 else "Nữ")
        sheet.write_string(r, 7, ("'" if n % 5 == 0 else "") + f"064{n:09d}")
        sheet.write_string(r, 8, "Xã Ia Nhin")
        sheet.write_string(r, 9, rng.choice(["Chính thức", "TV chính thức", "chính thức"]))
        if n % 3 == 0:
            sheet.write_datetime(r, 10, joined, dates)
        else:
            sheet.write_string(r, 10, f"{joined.day}/{joined.month}/{joined.year}")
        if n % 4 == 0:
            sheet.write_string(r, 11, f"{capital // 1_000_000} triệu")
        elif n % 4 == 1:
            sheet.write_string(r, 11, f"{capital:,}".replace(",", "."))
        else:
            sheet.write_number(r, 11, capital)
    book.close()


def timed_child(command: list[str]) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of one child process (``wait4`` gives that child's own
    usage; the ``RUSAGE_CHILDREN`` peak would be the largest of all children so far)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return elapsed, usage.ru_maxrss


def restored(source: str, target: str) -> None:
    """``target`` made a copy of the SQLite file ``source``, no write-ahead log of an earlier
    run left beside it (SQLite would replay it over the copy)."""
    for leftover in (f"{target}-wal", f"{target}-shm"):
        Path(leftover).unlink(missing_ok=True)
    shutil.copy(source, target)


def options(description: str) -> argparse.Namespace:
    """``--rows``, ``--seed`` and ``--repeat``, as the import benchmarks take them."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (medians reported)")
    return parser.parse_args()


def prepared(tmp: str, rows: int, seed: int) -> tuple[str, Path]:
    """A SQLite registry of 1,000 demo cooperatives in ``tmp`` and the members workbook of
    ``rows`` rows for it: the registry's URL and the workbook's path."""
    url = f"sqlite:///{tmp}/bench.db"
    registry("--db", url, "db", "upgrade")
    registry("--db", url, "demo", "--cooperatives", "1000", "--members", "0")
    path = Path(tmp) / "thanh-vien.xlsx"
    workbook(path, rows, cooperatives(url), seed)
    return url, path


def main() -> None:
    args = options(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as tmp:
        url, path = prepared(tmp, args.rows, args.seed)
        reads, imports, floors, many, ordered = [], [], [], [], []
        read_peak = import_peak = 0
        for run in range(args.repeat):  # alternating, so a slow spell of the machine hits both
            if run:  # the same starting point every time: the registry before the import
                restored(f"{tmp}/before.db", f"{tmp}/bench.db")
            else:
                shutil.copy(f"{tmp}/bench.db", f"{tmp}/before.db")
            seconds, peak = timed_child(
                [
                    sys.executable,
                    "-c",
                    "import sys, pandas; pandas.read_excel(sys.argv[1], engine='calamine', "
                    "header=None, dtype=object)",
                    str(path),
                ]
            )
            reads.append(seconds)
            read_peak = max(read_peak, peak)
            seconds, peak = timed_child(
                [
                    sys.executable,
                    "-m",
                    "registry",
                    "--db",
                    url,
                    "import",
                    str(path),
                    "--report",
                    f"{tmp}/report.json",
                ]
            )
            imports.append(seconds)
            import_peak = max(import_peak, peak)
            floor = [sys.executable, str(Path(__file__).with_name("write_floor.py")), str(path)]
            for times, flags in (
                (floors, []),
                (many, ["--many-rows"]),
                (ordered, ["--many-rows", "--by-cooperative"]),
            ):
                restored(f"{tmp}/before.db", f"{tmp}/floor.db")
                times.append(timed_child([*floor, f"{tmp}/floor.db", *flags])[0])
        import json

        counts = json.loads(Path(f"{tmp}/report.json").read_text(encoding="utf-8"))["counts"]
    read, imported, floor, lower, lowest = map(
        statistics.median, (reads, imports, floors, many, ordered)
    )
    print(f"rows {args.rows:,}, outcomes {counts}, {args.repeat} runs each, medians:")
    print(f"pandas.read_excel (calamine)  {read:7.1f} s   peak {read_peak / 1024:6.0f} MB")
    print(f"registry import               {imported:7.1f} s   peak {import_peak / 1024:6.0f} MB")
    print(f"floor, executemany            {floor:7.1f} s")
    print(f"floor, many rows a statement  {lower:7.1f} s")
    print(f"  and by cooperative          {lowest:7.1f} s")
    print(f"ratio import / read           {imported / read:7.2f}   (target 2.5)")
    print(
        f"ratio floor / read            {floor / read:7.2f} (executemany), {lower / read:.2f}, "
        f"{lowest / read:.2f}"
    )
    print(
        f"ratio import / floor          {imported / floor:7.2f} (executemany), "
        f"{imported / lower:.2f} (many rows), {imported / lowest:.2f} (and by cooperative)"
        "   (target 1.3)"
    )
    print(f"ratio peak import / read      {import_peak / read_peak:7.2f}   (target 2)")
    runs = zip(reads, imports, floors, many, ordered, strict=True)
    print(
        "runs (read / import / floor / many rows / and by cooperative): "
        + ", ".join(" / ".join(f"{t:.1f}" for t in run) + " s" for run in runs)
    )


if __name__ == "__main__":
    main()
