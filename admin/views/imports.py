"""Importing legacy spreadsheets on the web: upload, preview every row's outcome, confirm,
see the batches, undo one. The work is done by ``importers.run``; this is its face."""

from __future__ import annotations

import io
import re
import secrets
from pathlib import Path

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from werkzeug.utils import secure_filename
from wtforms import StringField

from admin.access import current_access
from admin.extensions import db
from admin.forms import RegistryForm
from importers.run import Refused, commit, plan, undo
from registry.config import data_dir
from registry.enums import Role
from registry.models import ImportBatch, User

ALLOWED = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
OUTCOMES = ("new", "update", "unchanged", "review", "rejected")
OUTCOME_LABELS = {
    "new": _l("new"),
    "update": _l("update"),
    "unchanged": _l("unchanged"),
    "review": _l("to review"),
    "rejected": _l("rejected"),
}


class UploadForm(RegistryForm):
    file = FileField(
        _l("Spreadsheet (.xlsx, .xls, .ods, .csv)"), validators=[FileRequired(_l("Choose a file."))]
    )
    sheet = StringField(_l("Sheet (empty: the first with a table)"))


def _uploads() -> Path:
    path = data_dir() / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stored(token: str) -> tuple[Path, str]:
    """The uploaded file behind a preview token, and its original name."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,}", token):
        abort(404)
    matches = sorted(_uploads().glob(f"{token}--*"))
    if not matches:
        abort(404)
    return matches[0], matches[0].name.split("--", 1)[1]


class ImportView(BaseView):
    def is_accessible(self) -> bool:
        return current_user.is_authenticated and current_user.role in {
            Role.ADMIN,
            Role.PLANNER,
            Role.AREA_OFFICER,
        }

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = UploadForm()
        if form.validate_on_submit():
            upload = form.file.data
            name = secure_filename(upload.filename or "") or "tep"
            if Path(name).suffix.lower() not in ALLOWED:
                form.file.errors = [_("Only .xlsx, .xlsm, .xls, .ods and .csv files.")]
            else:
                token = secrets.token_urlsafe(16)
                upload.save(_uploads() / f"{token}--{name}")
                return redirect(
                    self.get_url(".preview", token=token, sheet=form.sheet.data or None)
                )
        batches = db.session.scalars(
            select(ImportBatch).order_by(ImportBatch.id.desc()).limit(50)
        ).all()
        users = dict(db.session.execute(select(User.id, User.full_name)).all())
        return self.render(
            "admin/import_upload.html",
            form=form,
            batches=batches,
            users=users,
            labels=OUTCOME_LABELS,
        )

    def _plan(self, token: str):
        path, name = _stored(token)
        access = current_access()
        return plan(
            db.session,
            path,
            sheet=request.args.get("sheet") or None,
            file_name=name,
            allowed=None
            if access.everywhere
            else lambda legacy, current: access.allows_units(current, legacy),
        )

    @expose("/preview/<token>")
    def preview(self, token: str):
        try:
            result = self._plan(token)
        except Refused as exc:
            flash(exc.vi, "error")
            return redirect(self.get_url(".index"))
        shown = request.args.get("outcome")
        rows = [o for o in result.outcomes if not shown or o.action == shown]
        return self.render(
            "admin/import_preview.html",
            plan=result,
            rows=rows,
            token=token,
            shown=shown,
            outcomes=OUTCOMES,
            counts=result.counts(),
            form=RegistryForm(),
            labels=OUTCOME_LABELS,
        )

    @expose("/preview/<token>/outcomes.xlsx")
    def outcomes_xlsx(self, token: str):
        """The original rows with an outcome column, for the clerk to work through."""
        import xlsxwriter

        from importers.readers import read_any
        from registry.export import safe_cell

        result = self._plan(token)
        path, name = _stored(token)
        by_place = {(o.sheet, o.row): o for o in result.outcomes}
        out = io.BytesIO()
        book = xlsxwriter.Workbook(
            out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        for sheet in read_any(path):
            if not any(o.sheet == sheet.name for o in result.outcomes):
                continue
            ws = book.add_worksheet(sheet.name[:31] or "Sheet1")
            for r, row in enumerate(sheet.rows):
                outcome = by_place.get((sheet.name, r + 1))
                cells = [
                    safe_cell(v if not hasattr(v, "isoformat") else v.isoformat()) for v in row
                ]
                if outcome:
                    cells += [outcome.action, "; ".join(outcome.reasons + outcome.issues)]
                ws.write_row(r, 0, cells)
        book.close()
        return Response(
            out.getvalue(),
            headers={
                "Content-Disposition": f"attachment; filename=ket-qua-{secure_filename(name)}.xlsx"
            },
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    @expose("/commit/<token>", methods=("POST",))
    def confirm(self, token: str):
        if not RegistryForm().validate_on_submit():
            abort(400)
        path, _name = _stored(token)
        try:
            result = self._plan(token)
            batch = commit(db.session, result)
            db.session.commit()
        except Refused as exc:
            db.session.rollback()
            flash(exc.vi, "error")
            return redirect(self.get_url(".index"))
        path.unlink(missing_ok=True)
        counts = ", ".join(f"{n} {OUTCOME_LABELS[action]}" for action, n in result.counts().items())
        flash(_("Imported %(file)s: %(counts)s.", file=result.file_name, counts=counts), "success")
        return redirect(self.get_url(".index") + (f"#batch-{batch.id}" if batch else ""))

    @expose("/undo/<int:batch_id>", methods=("POST",))
    def undo_batch(self, batch_id: int):
        if not RegistryForm().validate_on_submit():
            abort(400)
        batch = db.session.get(ImportBatch, batch_id)
        if batch is None:
            abort(404)
        if not current_access().everywhere and batch.user_id != current_user.id:
            abort(403)
        try:
            undo(db.session, batch)
            db.session.commit()
            flash(_("Batch #%(id)s undone.", id=batch_id), "success")
        except Refused as exc:
            db.session.rollback()
            flash(exc.vi, "error")
        return redirect(self.get_url(".index"))
