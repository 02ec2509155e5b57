"""The ``registry`` command. Each command owns its transaction: services flush, the command
commits once at the end, or nothing is written.

Exit codes:

- 0 done;
- 1 refused: nothing changed, the message says why;
- 2 usage error;
- 3 done, but some rows of an import were rejected or left for review: the rows that pass are
  committed (``--dry-run``: would be), the others are not, and are listed;
- 4 an unexpected error (a defect): nothing changed, the traceback is in the error log under
  the reference the message gives.
"""

from __future__ import annotations

import contextlib
import secrets
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from importers.kinds import KINDS
from registry.bulk import paused_gc
from registry.cli_language import LANGUAGES, InLanguage, asked, speak
from registry.config import data_dir
from registry.db import make_engine, unit_of_work
from registry.enums import Role, UnitLevel, UnitScheme
from registry.services.errors import DomainError
from registry.text import thousands, vn_date

LANGS = click.Choice(LANGUAGES)
EXIT_REFUSED, EXIT_USAGE, EXIT_PARTIAL, EXIT_CRASH = 1, 2, 3, 4
#: Rejected rows a terminal lists; the report file (``--report``) has them all.
LISTED_ROWS = 20


class Context:
    def __init__(self, db: str | None, lang: str) -> None:
        self.db = db
        self.lang = lang
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.db)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def refuse(self, vi: str, en: str) -> None:
        click.echo(en if self.lang == "en" else vi, err=True)
        sys.exit(EXIT_REFUSED)

    def say(self, vi: str, en: str, *, err: bool = False) -> None:
        click.echo(en if self.lang == "en" else vi, err=err)


pass_ctx = click.make_pass_decorator(Context)


class RegistryCommand(InLanguage, click.Command):
    """A command whose help is shown in the language asked for."""


class RegistryGroup(InLanguage, click.Group):
    """A defect is never reported as a refusal: an unexpected exception exits with its own
    code (4) and a reference to the traceback it leaves in the error log. Every command's
    transaction has been rolled back by then (:func:`registry.db.unit_of_work`). Its commands
    and groups are of its kinds, their help in the language asked for."""

    command_class = RegistryCommand
    group_class = type  # subgroups of this same class

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception:
            reference = _log_crash()
            lang = ctx.obj.lang if isinstance(ctx.obj, Context) else "vi"
            click.echo(
                f"Unexpected error (reference {reference}): nothing was changed. The details "
                f"are in {_error_log()}; please report the reference."
                if lang == "en"
                else f"Lỗi không lường trước (mã tham chiếu {reference}): không có gì bị thay "
                f"đổi. Chi tiết ở {_error_log()}; hãy báo mã tham chiếu này.",
                err=True,
            )
            sys.exit(EXIT_CRASH)


def _error_log() -> Path:
    return data_dir() / "logs" / "errors.log"


def _log_crash() -> str:
    """Append the current exception's traceback to the error log; return its reference."""
    import traceback
    from datetime import UTC, datetime

    reference = secrets.token_hex(4)
    path = _error_log()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(
            f"--- {reference} {datetime.now(UTC).isoformat()} {' '.join(sys.argv)}\n"
            f"{traceback.format_exc()}\n"
        )
    return reference


@click.group(cls=RegistryGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="REGISTRY_DATABASE_URL",
    metavar="URL",
    help="Database URL (sqlite:///file.db or postgresql://...). Default: a SQLite "
    "file in the per-user data directory.",
)
@click.option(
    "--lang",
    type=LANGS,
    default="vi",
    envvar="REGISTRY_LANG",
    show_default=True,
    help="Language of messages.",
    callback=lambda _ctx, _param, lang: speak(lang) or lang,
)
@click.version_option(package_name="coop-registry")
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str) -> None:
    """Cooperative registry of Gia Lai province (Plan 655/KH-UBND)."""
    ctx.obj = Context(db, lang)
    ctx.call_on_close(ctx.obj.close)


# --- database -------------------------------------------------------------------------------


@cli.group()
def db() -> None:
    """Schema migrations (Alembic)."""


def _alembic(ctx: Context):
    from migrations import alembic_config

    return alembic_config(ctx.engine.url.render_as_string(hide_password=False))


@db.command()
@click.argument("revision", default="head")
@pass_ctx
def upgrade(ctx: Context, revision: str) -> None:
    """Bring the database to REVISION (default: the newest)."""
    from alembic import command

    command.upgrade(_alembic(ctx), revision)
    url = ctx.engine.url.render_as_string()
    ctx.say(f"Cơ sở dữ liệu ở phiên bản {revision}: {url}", f"database at {revision}: {url}")


@db.command()
@click.argument("revision")
@pass_ctx
def downgrade(ctx: Context, revision: str) -> None:
    """Take the database back to REVISION ('base' empties it)."""
    from alembic import command

    command.downgrade(_alembic(ctx), revision)


@db.command()
@pass_ctx
def check(ctx: Context) -> None:
    """Fail when the tables in code and the migrations disagree."""
    from alembic import command
    from alembic.util.exc import AutogenerateDiffsDetected

    try:
        command.check(_alembic(ctx))
    except AutogenerateDiffsDetected as exc:
        ctx.refuse(
            f"Mô hình và migration không khớp: {exc}", f"Models and migrations disagree: {exc}"
        )


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def backup(ctx: Context, path: Path) -> None:
    """Back the whole registry up to PATH (SQLite: a consistent copy, safe while serving;
    PostgreSQL: pg_dump's custom format)."""
    from registry import backup as backups

    if path.exists():
        ctx.refuse(f"Tệp «{path}» đã có: chọn tên khác.", f"'{path}' exists: choose another name.")
    try:
        revision = backups.backup(ctx.engine, path)
    except DomainError as error:
        path.unlink(missing_ok=True)
        ctx.refuse(error.vi, error.en)
    ctx.say(
        f"Đã sao lưu vào {path} (lược đồ {revision}).", f"Backed up to {path} (schema {revision})."
    )


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
def restore(ctx: Context, path: Path) -> None:
    """Restore a backup into an empty database, then bring it to this version's schema. A
    backup from a newer version is refused."""
    from registry import backup as backups

    try:
        done = backups.restore(ctx.engine, path)
    except DomainError as error:
        ctx.refuse(error.vi, error.en)
    then_vi = ", rồi nâng lược đồ lên phiên bản này" if done.upgraded else ""
    then_en = ", then migrated to this version's schema" if done.upgraded else ""
    ctx.say(
        f"Đã khôi phục {path} (lược đồ {done.revision}){then_vi}.",
        f"Restored {path} (schema {done.revision}){then_en}.",
    )


# --- units ----------------------------------------------------------------------------------


@cli.group()
def units() -> None:
    """Administrative units of Gia Lai, before and after 1/7/2025."""


@units.command("load")
@pass_ctx
def units_load(ctx: Context) -> None:
    """Load (or refresh) the shipped units and the old→new commune mapping."""
    from registry.services.units import load_units

    with unit_of_work(ctx.engine) as session:
        n_units, n_mapping = load_units(session)
    ctx.say(
        f"{n_units} đơn vị hành chính, {n_mapping} cặp xã cũ → xã mới",
        f"{n_units} units, {n_mapping} commune mappings",
    )


# --- demo -----------------------------------------------------------------------------------


@cli.command()
@click.option(
    "--cooperatives",
    type=click.IntRange(1),
    default=300,
    show_default=True,
    help="Organisations to add.",
)
@click.option(
    "--members",
    type=click.IntRange(0),
    default=10_000,
    show_default=True,
    help="Memberships to add, shared among them.",
)
@click.option("--seed", type=int, default=655, show_default=True, help="Random seed.")
@pass_ctx
def demo(ctx: Context, cooperatives: int, members: int, seed: int) -> None:
    """Add deterministic, realistic demo data (loads the units first if needed)."""
    from registry.services.batches import counted_in_words

    ctx.say(*counted_in_words(_demo(ctx, cooperatives, members, seed)))


def _demo(ctx: Context, cooperatives: int, members: int, seed: int):
    from registry import demo as demo_data
    from registry.models import AdminUnit
    from registry.services.units import load_units

    started = time.perf_counter()
    with unit_of_work(ctx.engine) as session:
        if not session.exec(select(func.count()).select_from(AdminUnit)).one():
            load_units(session)
        counts = demo_data.generate(
            session.connection(),
            cooperatives=cooperatives,
            members=members,
            seed=seed,
            progress=lambda vi, en: ctx.say(f"  … {vi}", f"  … {en}", err=True),
        )
    took = time.perf_counter() - started
    ctx.say(f"  … xong trong {took:.1f} giây", f"  … done in {took:.1f} s", err=True)
    return counts


# --- users ----------------------------------------------------------------------------------


@cli.group()
def user() -> None:
    """User accounts."""


@user.command("create")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="admin, planner, alliance, area_officer or viewer.",
)
@click.option("--full-name", default=None, help="Name shown in the audit log.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    metavar="SCHEME:CODE",
    help="A unit the user works in, e.g. legacy:627 (huyện Chư Păh) or current:23563."
    " Repeatable; required for area officers.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of prompting.",
)
@pass_ctx
def user_create(
    ctx: Context,
    username: str,
    role: str,
    full_name: str | None,
    scopes: tuple[str, ...],
    password_stdin: bool,
) -> None:
    """Create a user. The password is prompted for (or read from stdin), never an argument."""
    from registry.services.users import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Mật khẩu / Password", hide_input=True, confirmation_prompt=True)
    try:
        with unit_of_work(ctx.engine) as session:
            units_in_scope = []
            for scope in scopes:
                units_in_scope.append(_unit(ctx, session, scope))
            created = create_user(
                session=session,
                username=username,
                full_name=full_name or username,
                password=password,
                role=Role(role),
                scope=units_in_scope,
            )
    except DomainError as exc:
        ctx.refuse(exc.vi, exc.en)
    click.echo(
        f"user {created.username} ({created.role.en}) created"
        if ctx.lang == "en"
        else f"đã tạo người dùng {created.username} ({created.role.label})"
    )


# --- export ---------------------------------------------------------------------------------


@cli.group()
def export() -> None:
    """Export data."""


@export.command("organisations")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "xlsx"]),
    default="json",
    show_default=True,
    help="xlsx needs --output.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
@pass_ctx
def export_organisations(ctx: Context, fmt: str, output: Path | None) -> None:
    """Every organisation with its current status, members and units."""
    from registry.enums import AuditAction
    from registry.export import organisation_rows, write_csv, write_json, write_xlsx
    from registry.services import audit

    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs --output FILE")
    writer = {"csv": write_csv, "json": write_json, "xlsx": write_xlsx}[fmt]
    with unit_of_work(ctx.engine) as session:
        rows = organisation_rows(session)
        if output is None:
            count = writer(rows, sys.stdout)
        else:
            with output.open(
                "wb" if fmt == "xlsx" else "w",
                **({} if fmt == "xlsx" else {"encoding": "utf-8", "newline": ""}),
            ) as f:
                count = writer(rows, f)
            ctx.say(
                f"{thousands(count)} tổ chức → {output}",
                f"{count:,} organisations → {output}",
                err=True,
            )
        audit.record(
            session,
            action=AuditAction.EXPORT,
            table_name="organisation",
            summary=(
                f"Xuất {thousands(count)} tổ chức thành tệp {fmt.upper()}, từ dòng lệnh.",
                f"Exported {count:,} organisations as {fmt.upper()}, from the command line.",
            ),
        )


def _unit(ctx: Context, session, text: str):
    """The unit ``text`` names: ``legacy:627``, ``current:23563``, a bare code (legacy: old
    files name old units), or a name (``Chư Păh``, ``current:Ia Băng``) that one unit alone
    bears — a district before a commune of that name; refused naming the choices otherwise."""
    from registry.services.units import find_units, unit_by_code

    scheme, _, code = text.rpartition(":")
    if scheme not in {s.value for s in UnitScheme}:
        scheme, code = "", text
    schemes = [UnitScheme(scheme)] if scheme else [UnitScheme.LEGACY, UnitScheme.CURRENT]
    if code.strip().isdigit():
        found = [u for s in schemes[:1] if (u := unit_by_code(session, s, code.strip()))]
    else:
        named = [u for s in schemes for u in find_units(session, code, scheme=s)]
        districts = [u for u in named if u.level != UnitLevel.COMMUNE]
        found = districts if len(districts) == 1 else named
    if len(found) == 1:
        return found[0]
    choices = ", ".join(f"{u.name} ({u.scheme.value}:{u.code})" for u in found[:8])
    if found:
        ctx.refuse(
            f"Có {len(found)} đơn vị hành chính tên «{text}»: {choices}; hãy ghi mã.",
            f"{len(found)} administrative units are called '{text}': {choices}; give the code.",
        )
    ctx.refuse(
        f"Không có đơn vị hành chính «{text}» (ghi tên huyện, xã hoặc mã: 627, legacy:627, "
        "current:23563).",
        f"No administrative unit '{text}' (give a district's or commune's name, or a code: "
        "627, legacy:627, current:23563).",
    )


# --- import ---------------------------------------------------------------------------------


@cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(list(KINDS)),
    help="What the rows are (default: told from the headers).",
)
@click.option(
    "--sheet",
    help="Sheet to read (default: every sheet with a table of members, figures or debts and "
    "land; for organisations, the first).",
)
@click.option(
    "--unit",
    "unit_code",
    help="Unit the file is about, for rows naming none: its name (Chư Păh) or code: 627, "
    "legacy:627 or current:23563.",
)
@click.option("--profile", help="A saved column mapping to read the file with.")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
    help="Date the figures refer to (default: the day the list states or was signed, else today).",
)
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option(
    "--strict",
    is_flag=True,
    help="All or nothing: write nothing if any row is rejected or left for review.",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the counts and every row's outcome to this JSON file.",
)
@click.option(
    "--map",
    "answers",
    multiple=True,
    metavar="COLUMN:VALUE=CODE",
    help="What an unknown word means, for every row holding it: status:'HĐ kém'=active, "
    "sector:NLTS=agriculture, member_type:…, person_kind:…, resolution:… (repeatable).",
)
@click.option("--user", "username", help="Who the audit trail names (a user name).")
@pass_ctx
@paused_gc()  # the whole command: its report walks the same rows as the plan and the commit
def import_file(
    ctx: Context,
    path: Path,
    kind: str,
    sheet: str | None,
    unit_code: str | None,
    profile: str | None,
    as_of,
    dry_run: bool,
    strict: bool,
    report: Path | None,
    answers: tuple[str, ...],
    username: str | None,
) -> None:
    """Import a legacy spreadsheet in one transaction: the rows that pass are written, the
    rejected ones are listed (exit 3); with --strict, nothing is written unless every row
    passes. A word a vocabulary column does not know never rejects a row: the row is kept
    with that field empty (or "other"), flagged, and the words are listed to answer with
    --map."""
    from importers.fields import FIELDS
    from importers.messages import in_language
    from importers.results import SET_ASIDE_WORDS, Refused
    from importers.run import commit, plan
    from importers.values import parse_answer

    meanings = {}
    for text in answers:
        try:
            key, code = parse_answer(text)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--map") from None
        meanings[key] = code
    from registry.models import ImportProfile, User
    from registry.scope import scope_of

    try:
        with unit_of_work(ctx.engine) as session, contextlib.ExitStack() as bars:

            def progress(total: int):
                bar = bars.enter_context(
                    click.progressbar(length=total, label=path.name, file=sys.stderr)
                )
                return lambda: bar.update(1)

            if username:
                user = session.exec(select(User).where(User.username == username)).first()
                if user is None:
                    ctx.refuse(f"Không có người dùng «{username}».", f"No user '{username}'.")
                if not scope_of(session, user).can_import:
                    ctx.refuse(
                        f"Người dùng «{username}» không được nhập dữ liệu.",
                        f"User '{username}' may not import.",
                    )
                session.info["user_id"] = user.id
            unit = _unit(ctx, session, unit_code) if unit_code else None
            corrections = None
            if profile:
                saved = session.exec(
                    select(ImportProfile).where(ImportProfile.name == profile)
                ).first()
                if saved is None:
                    ctx.refuse(
                        f"Không có cách đọc cột đã lưu tên «{profile}».",
                        f"No saved column mapping called '{profile}'.",
                    )
                kind, corrections = kind or saved.kind, saved.columns
                # The profile's answers, then --map's: the command line has the last word.
                meanings = {(f, word): code for f, word, code in saved.answers or []} | meanings
            result = plan(
                session,
                path,
                sheet=sheet,
                as_of=as_of.date() if as_of else None,
                kind=kind,
                corrections=corrections,
                unit=unit,
                scope=scope_of(session, user) if username else None,
                progress=progress if sys.stderr.isatty() else None,
                answers=meanings,
            )
            held = [o for o in result.outcomes if o.action in ("rejected", "review")]
            if strict and held:
                _list_held(ctx, held, report)
                raise Refused(
                    f"Tệp «{path.name}»: {len(held)} dòng bị từ chối hoặc cần xem lại; với "
                    "--strict, không có gì được ghi.",
                    f"File '{path.name}': {len(held)} rows rejected or left for review; with "
                    "--strict, nothing was written.",
                )
            batch = None if dry_run else commit(session, result)
            if dry_run:
                session.rollback()
            if report is not None:  # made while the database commits, which leaves Python's
                # lock free; written once the commit is done
                pool = ThreadPoolExecutor(1)
                report_json = pool.submit(_report_json, result, dry_run, ctx.lang)
                pool.shutdown(wait=False)
    except Refused as exc:
        ctx.refuse(exc.vi, exc.en)
    line = f"{path.name} / {result.sheet}: {in_language(result.counted(), ctx.lang)}"
    if dry_run:
        ctx.say(f"{line} (chạy thử, không ghi gì)", f"{line} (dry run, nothing written)")
    elif batch:
        ctx.say(f"{line} → lô nhập số {batch.id}", f"{line} → import batch no. {batch.id}")
    else:
        ctx.say(f"{line} (không có gì thay đổi)", f"{line} (nothing to change)")
    day = vn_date(result.as_of)  # read off the list's title or signature, else today's
    ctx.say(
        f"  số liệu tính đến ngày {day} (--as-of để chọn ngày khác)",
        f"  figures as of {day} (--as-of to give another day)",
        err=True,
    )
    if result.set_aside:
        kinds = Counter(r["kind"] for r in result.set_aside)
        said = ", ".join(
            f"{n} {in_language(SET_ASIDE_WORDS[kind], ctx.lang)}"
            for kind, n in sorted(kinds.items())
        )
        click.echo(
            f"  dòng không phải bản ghi: {said}"
            if ctx.lang != "en"
            else f"  rows that are not records: {said}",
            err=True,
        )
    for text in result.disagreements(ctx.lang):
        click.echo(f"  {text}", err=True)
    for word in result.unknown:
        label = in_language(FIELDS[word["field"]].label, ctx.lang)
        n = word["rows"]
        click.echo(
            f"  {label}: unknown «{word['value']}» in {n:,} row{'s' * (n != 1)} (kept, flagged):"
            f" --map {word['field']}:'{word['value']}'=CODE"
            if ctx.lang == "en"
            else f"  {label}: chưa hiểu «{word['value']}» ở {thousands(n)} dòng (vẫn giữ,"
            f" cần xem lại): --map {word['field']}:'{word['value']}'=MÃ",
            err=True,
        )
    held = [o for o in result.outcomes if o.action in ("rejected", "review")]
    _list_held(ctx, held, report)
    if report is not None:
        with report.open("wb") as out:
            out.writelines(report_json.result())
    if held:
        sys.exit(EXIT_PARTIAL)


#: Rows of the JSON report encoded by one call (:func:`_report_json`).
REPORT_ROWS = 10_000


def _report_json(result, dry_run: bool, lang: str) -> list[bytes]:
    """The JSON report of an import, in UTF-8 and in parts to write one after the other: its
    counts, what was set aside, checked and not understood, and every row's outcome on a line
    of its own."""
    import json

    head = {
        "file": result.file_name,
        "sha256": result.sha256,
        "sheet": result.sheet,
        "as_of": result.as_of.isoformat(),
        "dry_run": dry_run,
        "counts": result.counts(),
        "set_aside": result.set_aside,
        "total_checks": result.total_checks,
        "unknown_values": result.unknown,
    }
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    parts = [f'{text},\n "rows": [\n'.encode()]
    # Rows by one call of json's C encoder per REPORT_ROWS (``indent`` would use the
    # pure-Python one: a minute for 100,000 rows; a call per row takes twice as long; one call
    # for all holds every row's dict and three copies of the text at once), then a line per
    # row: a quote inside a string is escaped, so ``}, {"sheet": `` is a row's start (or a
    # nested record's, where a line break is harmless whitespace too).
    outcomes = result.outcomes
    for start in range(0, len(outcomes), REPORT_ROWS):
        if start:
            parts.append(b",\n")
        rows = [o.report(lang) for o in outcomes[start : start + REPORT_ROWS]]
        listed = json.dumps(rows, ensure_ascii=False, default=str)
        parts.append(listed[1:-1].replace('}, {"sheet": ', '},\n{"sheet": ').encode())
    parts.append(b"\n]}\n")
    return parts


def _list_held(ctx: Context, held: list, report: Path | None) -> None:
    """The first rows not written, then how many there are for each reason."""
    from importers.messages import in_language
    from importers.results import ACTION_WORDS

    for outcome in held[:LISTED_ROWS]:
        vi, en = ACTION_WORDS[outcome.action]
        where = (
            f"{outcome.sheet}, row {outcome.row}: {en}"
            if ctx.lang == "en"
            else f"{outcome.sheet}, dòng {outcome.row}: {vi}"
        )
        click.echo(
            f"  {where}: " + "; ".join(in_language(r, ctx.lang) for r in outcome.reasons),
            err=True,
        )
    if len(held) > LISTED_ROWS:
        more = len(held) - LISTED_ROWS
        where = f" ({report})" if report else " (--report FILE)"
        click.echo(
            f"  … and {more} more rows{where}"
            if ctx.lang == "en"
            else f"  … và {more} dòng khác{where}",
            err=True,
        )
    reasons = Counter(in_language(o.reasons[0], ctx.lang) if o.reasons else o.action for o in held)
    if len(held) > 1:
        click.echo(
            "  rows not written, by reason:"
            if ctx.lang == "en"
            else "  số dòng không ghi, theo lý do:",
            err=True,
        )
        for text, n in reasons.most_common(10):
            click.echo(f"    {n} × {text}", err=True)


@cli.command("undo-import")
@click.argument("batch_id", type=int)
@pass_ctx
def undo_import(ctx: Context, batch_id: int) -> None:
    """Undo an import batch: put back exactly what it wrote, or refuse, naming the later
    records that rest on it."""
    from registry.models import ImportBatch
    from registry.scope import Scope
    from registry.services.batches import counted_in_words, undo_batch

    try:
        with unit_of_work(ctx.engine) as session:
            batch = session.get(ImportBatch, batch_id)
            if batch is None:
                ctx.refuse(f"Không có lô nhập #{batch_id}.", f"No import batch #{batch_id}.")
            removed = undo_batch(session=session, batch=batch, scope=Scope.everything())
    except DomainError as exc:
        ctx.refuse(exc.vi, exc.en)
    removed_vi, removed_en = counted_in_words(dict(reversed(removed.items())))
    ctx.say(
        f"Đã hoàn tác lô nhập số {batch_id}" + (f"; đã xoá {removed_vi}." if removed_vi else "."),
        f"Import batch no. {batch_id} undone" + (f"; removed {removed_en}." if removed_en else "."),
    )


# --- dissolution cases and the rule set ----------------------------------------------------


@cli.group()
def cases() -> None:
    """Grounds for dissolution and the cases opened on them."""


@cases.command("candidates")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
    help="Date the grounds are checked for (default: today).",
)
@click.option(
    "--unit", "unit_code", help="Only this unit: its name or code (627, legacy:627, current:23563)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "xlsx"]),
    default="json",
    show_default=True,
    help="xlsx needs --output.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
@pass_ctx
def cases_candidates(ctx: Context, as_of, unit_code: str | None, fmt: str, output) -> None:
    """Organisations that meet one or more grounds for dissolution, with the evidence."""
    import csv
    import json
    from datetime import date

    from registry.export import safe_cell, xlsx_bytes
    from registry.services import candidates, rule_sets
    from registry.services.units import in_unit

    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs --output FILE")
    day = as_of.date() if as_of else date.today()
    if day > date.today():
        ctx.refuse(
            "Không xét căn cứ cho một ngày trong tương lai: dữ liệu chưa có.",
            "Grounds are not checked for a future date: the data does not exist yet.",
        )
    with unit_of_work(ctx.engine) as session:
        where = None
        if unit_code:
            where = in_unit(_unit(ctx, session, unit_code))
        found = candidates.candidates(session, day, rule_sets.current(session), where)
        if fmt == "json":
            text = json.dumps(
                candidates.as_records(session, found, ctx.lang), ensure_ascii=False, indent=1
            )
            if output is None:
                click.echo(text)
            else:
                output.write_text(text + "\n", encoding="utf-8")
        else:
            titles, rows = candidates.as_table(session, found, ctx.lang)
            if fmt == "xlsx":
                output.write_bytes(xlsx_bytes(list(titles), rows))
            else:
                with contextlib.ExitStack() as stack:
                    out = (
                        stack.enter_context(output.open("w", encoding="utf-8", newline=""))
                        if output
                        else sys.stdout
                    )
                    writer = csv.writer(out, lineterminator="\n")
                    writer.writerow(titles)
                    writer.writerows([[safe_cell(v) for v in row] for row in rows])
        if output is not None:
            ctx.say(
                f"{thousands(len(found))} tổ chức → {output}",
                f"{len(found):,} organisations → {output}",
                err=True,
            )


@cli.group()
def report() -> None:
    """Reports computed from the dated history."""


@report.command("annual")
@click.option("--year", type=click.IntRange(1990, 2100), required=True, help="Reporting year.")
@click.option(
    "--unit", "unit_code", help="Only this unit: its name or code (627, legacy:627, current:23563)."
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
    help="Date the figures refer to (default: 14/12 of the year).",
)
@click.option(
    "--scheme",
    type=click.Choice(["legacy", "current"]),
    help="Rows by district (before 1/7/2025) or commune (from then); default: by the date.",
)
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), required=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write.",
)
@pass_ctx
def report_annual(ctx: Context, year, unit_code, as_of, scheme, fmt, output) -> None:
    """The annual report of an area (default: the province), as of a date."""
    from datetime import date

    from registry.reports import annual, outputs
    from registry.services import rule_sets

    with unit_of_work(ctx.engine) as session:
        day = as_of.date() if as_of else rule_sets.current(session).report_on(year)
    if day > date.today():
        ctx.refuse(
            f"Ngày {day:%d/%m/%Y} chưa đến: báo cáo chỉ lập cho ngày đã qua.",
            f"{day:%d/%m/%Y} has not come yet: a report is made for a day that has passed.",
        )
    with unit_of_work(ctx.engine) as session:
        unit = None
        if unit_code:
            unit = _unit(ctx, session, unit_code)
        result = annual.compute(
            session,
            year=year,
            as_of=day,
            scheme=UnitScheme(scheme) if scheme else None,
            unit=unit,
            rules=rule_sets.current(session),
        )
        if fmt == "xlsx":
            output.write_bytes(outputs.write_xlsx(result))
        else:
            writer = outputs.write_csv if fmt == "csv" else outputs.write_json
            output.write_text(writer(result), encoding="utf-8")
    organisations, areas = result.total["orgs_total"], len(result.table)
    communes = result.scheme == UnitScheme.CURRENT
    ctx.say(
        f"{thousands(organisations)} tổ chức, {areas} {'xã' if communes else 'huyện'} → {output}",
        f"{organisations:,} organisations, {areas} {'communes' if communes else 'districts'}"
        f" → {output}",
        err=True,
    )


@cli.group()
def token() -> None:
    """Keys for the read-only API (/api/v1/)."""


@token.command("issue")
@click.argument("username")
@click.option("--name", required=True, help="What the key is for (the system using it).")
@pass_ctx
def token_issue(ctx: Context, username: str, name: str) -> None:
    """Issue a key carrying USERNAME's role and area; print it (it is shown only once)."""
    from registry.models import User
    from registry.scope import Scope
    from registry.services import tokens

    try:
        with unit_of_work(ctx.engine) as session:
            user = session.exec(select(User).where(User.username == username)).first()
            if user is None:
                ctx.refuse(f"Không có người dùng «{username}».", f"No user '{username}'.")
            secret, row = tokens.issue(
                session, scope=Scope.everything(), issued_by=None, user=user, name=name
            )
            number = row.id
    except DomainError as exc:
        ctx.refuse(exc.vi, exc.en)
    ctx.say(f"khoá số {number} của {username}:", f"key #{number} for {username}:", err=True)
    click.echo(secret)


@token.command("revoke")
@click.argument("key_id", type=int)
@pass_ctx
def token_revoke(ctx: Context, key_id: int) -> None:
    """Revoke key KEY_ID: it stops working at once."""
    from registry.models import ApiToken
    from registry.scope import Scope
    from registry.services import tokens

    with unit_of_work(ctx.engine) as session:
        row = session.get(ApiToken, key_id)
        if row is None:
            ctx.refuse(f"Không có khoá #{key_id}.", f"No key #{key_id}.")
        tokens.revoke(session, scope=Scope.everything(), token=row)
    ctx.say(f"đã thu hồi khoá số {key_id}", f"key #{key_id} revoked")


@cli.group()
def exchange() -> None:
    """Exchange with the national collective-economy database (docs/national-exchange.md)."""


@exchange.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    required=True,
    help="json: one document; csv: a zip of three CSV files.",
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@pass_ctx
def exchange_export(ctx: Context, fmt: str, output: Path) -> None:
    """Every organisation with its status history, member counts and annual figures."""
    from registry import exchange as national
    from registry.enums import AuditAction
    from registry.services import audit

    with unit_of_work(ctx.engine) as session:
        if fmt == "json":
            output.write_text(national.write_json(session), encoding="utf-8")
        else:
            output.write_bytes(national.write_csv_zip(session))
        audit.record(
            session,
            action=AuditAction.EXPORT,
            table_name="organisation",
            summary=(
                f"Xuất tệp trao đổi với cơ sở dữ liệu quốc gia ({fmt.upper()}), từ dòng lệnh.",
                f"Exported the national exchange document ({fmt.upper()}), from the command line.",
            ),
        )
    click.echo(f"{national.FORMAT} → {output}", err=True)


@exchange.command("compare")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every difference to this JSON file.",
)
@pass_ctx
def exchange_compare(ctx: Context, path: Path, report: Path | None) -> None:
    """List how a national extract (PATH, json or csv zip) differs from the registry; change
    nothing."""
    import json

    from registry import exchange as national

    try:
        extract = national.read_extract(path.read_bytes())
    except national.ExtractError as exc:
        ctx.refuse(f"{path.name}: {exc.vi}", f"{path.name}: {exc.en}")
    with unit_of_work(ctx.engine) as session:
        found = national.compare(session, extract)
    if report is not None:
        report.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    en = ctx.lang == "en"
    click.echo(
        f"{len(found['missing_here'])} missing here, {len(found['missing_there'])} missing "
        f"there, {len(found['differing'])} differing, {found['without_tax_code_in_extract']} "
        "without a tax code in the extract"
        if en
        else f"{len(found['missing_here'])} chưa có trong cơ sở dữ liệu tỉnh, "
        f"{len(found['missing_there'])} chưa có trong dữ liệu quốc gia, "
        f"{len(found['differing'])} khác nhau, {found['without_tax_code_in_extract']} "
        "không có mã số thuế trong tệp"
    )
    for item in found["differing"][:LISTED_ROWS]:
        fields = "; ".join(
            f"{k}: {v['registry']} ≠ {v['national']}" for k, v in item["fields"].items()
        )
        click.echo(f"  {item['tax_code']} {item['name']}: {fields}")


@cli.group("rules")
def rules_group() -> None:
    """The legal rule set: thresholds, citations, deadlines (versioned)."""


@rules_group.command("show")
@pass_ctx
def rules_show(ctx: Context) -> None:
    """Print the rule set in force (a TOML document)."""
    from registry.services import rule_sets

    with unit_of_work(ctx.engine) as session:
        current = rule_sets.current(session)
        ctx.say(f"# phiên bản {current.version}", f"# version {current.version}", err=True)
        click.echo(current.text, nl=False)


@rules_group.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--note", required=True, help="What changed and on which legal text.")
@click.option("--user", "username", help="Who the audit trail names (a user name).")
@pass_ctx
def rules_load(ctx: Context, path: Path, note: str, username: str | None) -> None:
    """Save the TOML file PATH as the new version of the rule set, once it is checked."""
    from registry.models import User
    from registry.scope import Scope
    from registry.services import rule_sets

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        ctx.refuse(f"{path}: không phải văn bản UTF-8.", f"{path}: not UTF-8 text.")
    try:
        with unit_of_work(ctx.engine) as session:
            user = None
            if username:
                user = session.exec(select(User).where(User.username == username)).first()
                if user is None:
                    ctx.refuse(f"Không có người dùng «{username}».", f"No user '{username}'.")
                session.info["user_id"] = user.id
            version = rule_sets.save_version(
                session, scope=Scope.everything(), text=text, note=note, user=user
            )
            number = version.id
    except DomainError as exc:
        ctx.refuse(f"{path}: {exc.vi}", f"{path}: {exc.en}")
    ctx.say(f"bộ quy tắc phiên bản {number} có hiệu lực", f"rule set version {number} in force")


# --- serve ----------------------------------------------------------------------------------


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=5000, show_default=True)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=8,
    show_default=True,
    help="Requests served at once.",
)
@click.option(
    "--demo",
    "with_demo",
    is_flag=True,
    help="First run: create the schema, demo data and an administrator, and print the login.",
)
@pass_ctx
def serve(ctx: Context, host: str, port: int, threads: int, with_demo: bool) -> None:
    """Run the web application under Waitress, a production WSGI server (pure Python, so it
    runs on Windows servers too), with a pool of threads."""
    from waitress import create_server

    from admin import create_app

    if with_demo:
        _prepare_demo(ctx)
    app = create_app({"DATABASE_URL": ctx.engine.url.render_as_string(hide_password=False)})
    app.extensions["registry.jobs"].start()  # its share of the jobs, and the watch over them
    settle_heap()
    server = create_server(app, host=host, port=port, threads=threads, ident="registry")
    click.echo(f"Mở / Open: http://{host}:{port}/ (Waitress, {threads} luồng / threads)")
    server.run()


# --- jobs -----------------------------------------------------------------------------------


@cli.group("jobs")
def jobs_group() -> None:
    """Work that outlasts a request: imports' checks and commits, exchange exports."""


@jobs_group.command("work")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="Jobs at once."
)
@pass_ctx
def jobs_work(ctx: Context, workers: int) -> None:
    """Run job workers without the web application, on a machine given to jobs (the web's
    own processes run theirs too). Ctrl+C or SIGTERM lets the running jobs finish first; a
    job this process dies in is taken again by another once its lease runs out."""
    import signal
    import threading

    from registry.jobs import Jobs

    queue = Jobs(ctx.engine, workers=workers)
    stopping = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stopping.set())
    queue.start()
    url = ctx.engine.url.render_as_string()
    ctx.say(f"{workers} luồng xử lý công việc trên {url}", f"{workers} job workers on {url}")
    stopping.wait()
    ctx.say(
        "đang dừng: các công việc đang chạy được làm xong trước",
        "stopping: the running jobs finish first",
    )
    queue.stop(graceful=True)


def settle_heap() -> None:
    """Move what the server holds for its whole life (routes, views, units, rule sets,
    compiled templates) out of the cyclic collector's reach: a full collection walks every
    object it tracks, and at national scale those walks added 100-150 ms to one request in
    twenty (bench/README.md). Called once the application is built."""
    import gc

    gc.collect()
    gc.freeze()


def _prepare_demo(ctx: Context) -> None:
    """Idempotent: schema to head, demo data once (with officers of each role and dissolution
    cases at every step), an administrator whose password is kept in the data directory so
    every start can print it."""
    from alembic import command

    from registry import demo_cases
    from registry.models import Organisation, User
    from registry.services.users import create_user

    command.upgrade(_alembic(ctx), "head")
    login_file = data_dir() / "demo-login.txt"
    with Session(ctx.engine) as session:
        has_orgs = session.exec(select(func.count()).select_from(Organisation)).one() > 0
        has_admin = session.exec(select(User).where(User.username == "admin")).first()
    if not has_orgs:
        _demo(ctx, 300, 10_000, 655)
    if not has_admin:
        password = secrets.token_urlsafe(12)
        with unit_of_work(ctx.engine) as session:
            create_user(
                session=session,
                username="admin",
                full_name="Quản trị viên (demo)",
                password=password,
                role=Role.ADMIN,
            )
            if not has_orgs:
                demo_cases.seed(session, password)
        login_file.write_text(password + "\n", encoding="utf-8")
        login_file.chmod(0o600)
    if login_file.exists():
        password = login_file.read_text(encoding="utf-8").strip()
        click.echo(f"Đăng nhập / Login: admin / {password}")
        with Session(ctx.engine) as session:
            officers = session.exec(
                select(User.username).where(User.username.in_(list(demo_cases.OFFICERS)))
            ).all()
        if officers:
            click.echo(
                f"Cùng mật khẩu / same password: {', '.join(sorted(officers))} "
                "(kế hoạch, Liên minh HTX, cán bộ địa bàn / planner, Alliance, area officer)"
            )
    else:
        click.echo("Đăng nhập bằng tài khoản admin đã có / Log in with the existing admin account")


def main() -> None:
    speak(asked(sys.argv[1:]))
    cli(prog_name="registry")
