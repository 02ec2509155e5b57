"""Exchange with the national database, for planning staff: download the province's export,
and compare a national extract with the registry (nothing is written from it)."""

from __future__ import annotations

from flask import Response, request
from flask_admin import expose
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import validators

from admin.extensions import db
from admin.forms import RegistryForm
from admin.i18n import language
from admin.views.plain import RoleView, export_name
from registry import exchange as national
from registry.enums import AuditAction, Role
from registry.services import audit

#: The largest extract read (a province's 35,000 organisations in JSON are about 40 MB).
MAX_EXTRACT_BYTES = 100 * 1024 * 1024


class ExtractForm(RegistryForm):
    extract = FileField(
        _l("National extract (JSON, or the CSV zip)"), validators=[validators.InputRequired()]
    )


class ExchangeView(RoleView):
    roles = frozenset({Role.ADMIN, Role.PLANNER})

    @expose("/", methods=("GET", "POST"))
    def index(self):
        fmt = request.args.get("format")
        if fmt in ("json", "csv"):
            body = (
                national.write_json(db.session)
                if fmt == "json"
                else national.write_csv_zip(db.session)
            )
            audit.record(
                db.session,
                action=AuditAction.EXPORT,
                table_name="organisation",
                summary=f"national exchange, {fmt}",
            )
            db.session.commit()
            extension = "json" if fmt == "json" else "zip"
            return Response(
                body,
                mimetype="application/json" if fmt == "json" else "application/zip",
                headers={
                    "Content-Disposition": "attachment; filename="
                    + export_name("trao-doi-quoc-gia", extension)
                },
            )
        form = ExtractForm()
        found, error = None, None
        if form.validate_on_submit():
            data = form.extract.data.read(MAX_EXTRACT_BYTES + 1)
            if len(data) > MAX_EXTRACT_BYTES:
                error = "100 MB"
            else:
                try:
                    found = national.compare(db.session, national.read_extract(data))
                except national.ExtractError as exc:
                    error = exc.en if language() == "en" else exc.vi
        return self.render(
            "admin/exchange.html", form=form, found=found, error=error, format=national.FORMAT
        )
