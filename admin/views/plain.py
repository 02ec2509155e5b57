"""What screens that are not one model's list share: sign-in and role checks, and tables
offered as a download."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from flask import Response, abort, redirect, request, url_for
from flask_admin import BaseView
from flask_login import current_user
from werkzeug.utils import secure_filename

from admin.access import current_access
from admin.formatting import LOCAL_TIME
from admin.views.urls import CachedStaticUrls
from registry.enums import Role
from registry.export import safe_cell, xlsx_bytes
from registry.scope import Scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RoleView(CachedStaticUrls, BaseView):
    """A screen for signed-in users of ``roles``: others are sent to sign in, or refused."""

    roles: frozenset[Role] = frozenset(Role)

    @property
    def access(self) -> Scope:
        return current_access()

    def is_accessible(self) -> bool:
        return current_user.is_authenticated and current_user.role in self.roles

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)


def export_name(base: str, export_type: str) -> str:
    """Named by the province's clock (an evening export in UTC was dated the day before)."""
    now = datetime.now(LOCAL_TIME)
    return secure_filename(f"{base}_{now:%Y-%m-%d_%H-%M-%S}.{export_type}")


def table_download(
    titles: list[str], rows: list[list[Any]], export_type: str, base: str
) -> Response:
    """A table as a CSV (UTF-8 with its mark, which Excel needs to read Vietnamese) or xlsx
    file; text that a spreadsheet would run as a formula is quoted."""
    if export_type == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(titles)
        writer.writerows([[safe_cell(v) for v in row] for row in rows])
        body, mimetype = "\ufeff" + out.getvalue(), "text/csv; charset=utf-8"
    else:
        body, mimetype = xlsx_bytes(titles, rows), XLSX
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={export_name(base, export_type)}"},
    )
