"""Every page of demo data, in Vietnamese and in English, shows labels only: no enum code, no
ISO date, no amount without its separators, no ``_id`` field and no word of the other language
(:mod:`tests.admin.labels_check`). The pages are found from the application's URL map, so a
new screen is walked without being listed here."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import Session, func, select

from importers.run import commit, plan
from registry import demo_cases
from registry.enums import DebtDirection, Status
from registry.models import (
    CaseStep,
    Debt,
    ImportBatch,
    Organisation,
    ReportSubmission,
    User,
)
from registry.services.organisations import record_status
from tests.admin.conftest import PASSWORD, csrf_token
from tests.admin.labels_check import data_names, raw_values

#: Pages that are files, actions or documents of another kind, not screens to read.
SKIPPED = re.compile(
    r"/static/|/logout|/lang/|/api/|/export/|\.(?:xlsx|csv|json|svg|js|css)$|/download|/outcomes"
    r"|/delete/|/ajax/|/progress/|/working/|/healthz"
)


@pytest.fixture(scope="module")
def walked(app, engine, samples):
    """The registry's demo data with an import, a status change and an edited debt, so that
    every kind of history entry is there to read."""
    with Session(engine) as session:
        session.info["user_id"] = session.exec(select(User.id)).first()
        for name in ("coops_vni.xls", "debts_assets.xlsx"):
            commit(session, plan(session, samples / name))
        org = session.exec(
            select(Organisation)
            .where(Organisation.current_status == Status.ACTIVE)
            .order_by(Organisation.id)
        ).first()
        record_status(
            session=session,
            organisation=org,
            status=Status.SUSPENDED,
            effective_on=date(2026, 1, 5),
            reason="Tạm ngừng theo thông báo",
        )
        debt = session.exec(
            select(Debt).where(Debt.direction == DebtDirection.PAYABLE).order_by(Debt.id)
        ).first()
        debt.outstanding_vnd = 123_456_789
        session.add(debt)
        demo_cases.seed(session, PASSWORD)  # cases at every step, submissions of reports
        session.commit()
    return app


#: What a page's path argument names.
ARGUMENTS = {
    "case_id": "dissolution_case",
    "batch_id": "import_batch",
    "submission_id": "report_submission",
    "organisation_id": "organisation",
    "debt_id": "debt",
}


def _ids(engine) -> dict[str, int | None]:
    """The first record of each kind a page's path names; the case with the most steps."""
    models = (Organisation, Debt, ImportBatch, ReportSubmission)
    with Session(engine) as session:
        ids = {
            model.__tablename__: session.exec(select(model.id).order_by(model.id)).first()
            for model in models
        }
        ids["dissolution_case"] = session.exec(
            select(CaseStep.case_id).group_by(CaseStep.case_id).order_by(func.count().desc())
        ).first()
    return ids


def _pages(app, engine) -> list[str]:
    """Every screen of the URL map: lists, and each view of a record with the first one."""
    ids = _ids(engine)
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or SKIPPED.search(rule.rule):
            continue
        if not rule.arguments:
            if not rule.endpoint.endswith((".details_view", ".edit_view")):
                pages.append(rule.rule)
            elif first := _first_of(app, engine, rule.endpoint):
                pages.append(f"{rule.rule}?id={first}")
            continue
        values = {
            argument: ids.get(
                ARGUMENTS.get(argument)
                or ("organisation" if rule.endpoint.startswith("organisation.") else "")
            )
            for argument in rule.arguments
        }
        if all(values.values()):
            pages.append(rule.build(values)[1])
    return sorted(set(pages))


def _first_of(app, engine, endpoint: str) -> int | None:
    """The first record of the model a Flask-Admin view shows."""
    admin = app.extensions["admin"][0]
    view = next((v for v in admin._views if v.endpoint == endpoint.split(".")[0]), None)
    model = getattr(view, "model", None)
    if model is None:
        return None
    with Session(engine) as session:
        return session.exec(select(model.id).order_by(model.id)).first()


@pytest.mark.parametrize("username", ["admin", "planner", "alliance", "chupah", "viewer"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_shows_labels_only(walked, engine, language, username):
    """Each role walks every page: what it may open, and the refusals of what it may not
    (a styled page too); no page fails."""
    client = walked.test_client()
    page = client.get("/login")
    client.post(
        "/login",
        data={"csrf_token": csrf_token(page.text), "username": username, "password": PASSWORD},
    )
    home = client.get("/admin/")
    client.post(f"/lang/{language}", data={"csrf_token": csrf_token(home.text)})
    names = data_names(engine)
    problems, opened = {}, 0
    pages = _pages(walked, engine)
    assert len(pages) > 30
    for url in pages:
        response = client.get(url)
        assert response.status_code < 500, url
        if "text/html" not in response.content_type or response.status_code in (301, 302):
            continue
        opened += response.status_code == 200
        found = raw_values(response.text, language, names)
        if found:
            problems[url] = found[:6]
    assert opened > 10
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_every_recorded_field_has_a_label():
    """A change list names each field by its label: every column the audit log or an import
    batch records has one (a reference is named after what it points to)."""
    from admin.labels import LABELS
    from registry.services.audit import AUDITED, IGNORED

    unlabelled = [
        f"{model.__tablename__}.{column.key}"
        for model in AUDITED
        for column in model.__table__.columns
        if column.key not in LABELS
        and column.key not in IGNORED
        and column.key != "id"
        and not column.foreign_keys
    ]
    assert unlabelled == []


#: Script the Content Security Policy refuses: an inline script (data blocks of JSON are not
#: run), an event-handler attribute, a ``javascript:`` action.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|\son[a-z]+\s*=\s*[\"']|\b(?:action|formaction)=\"javascript:",
    re.I,
)


@pytest.mark.parametrize("username", ["admin", "chupah"])
def test_every_page_is_held_to_its_own_scripts(walked, engine, username):
    """Every page carries the Content Security Policy and the other security headers, and
    runs no script of its own markup, which that policy would refuse."""
    from admin.security import HEADERS

    client = walked.test_client()
    page = client.get("/login")
    client.post(
        "/login",
        data={"csrf_token": csrf_token(page.text), "username": username, "password": PASSWORD},
    )
    inline = {}
    for url in [*_pages(walked, engine), "/login", "/no-such-page"]:
        response = client.get(url)
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (url, name)
        if response.mimetype == "text/html" and (found := INLINE_SCRIPT.findall(response.text)):
            inline[url] = found[:3]
        if response.mimetype == "text/html":
            assert response.headers["Cache-Control"] == "no-store", url
    assert not inline, inline
