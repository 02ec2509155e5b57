"""Who may do what, route by route: every rule of the application's URL map, asked by every
role (and by nobody signed in) with every HTTP method, about a record inside the area
officer's area and one outside it. Each answer must be the one :data:`RULES` states: allowed,
or refused (403 for a role, 404 for another area, the sign-in page for nobody, 405 for a
method the route does not take). A route missing from :data:`RULES` fails the test, and so
does any rule the application stops enforcing.

The requests carry a valid CSRF token and an empty form: what is allowed is asked and answered
(a form's errors, a list, a file) without changing a record, so the order of the requests
does not matter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlmodel import Session, select

from importers.run import commit, plan
from registry import demo_cases
from registry.enums import UnitLevel
from registry.models import (
    AdminUnit,
    AnnualFigures,
    Asset,
    AuditEntry,
    Contribution,
    Debt,
    DissolutionCase,
    Membership,
    Organisation,
    User,
)
from registry.scope import scope_of
from registry.services import cases, rule_sets, submissions, tokens
from registry.services.candidates import candidates
from registry.services.errors import DomainError
from tests.admin.conftest import PASSWORD, csrf_token
from tests.importers.conftest import workbook

ROLES = ("admin", "planner", "alliance", "area", "viewer")
#: The users of each role: ``diaban`` is demo_cases' area officer, of the district its cases
#: are in.
USERNAMES = {
    "admin": "admin",
    "planner": "planner",
    "alliance": "alliance",
    "area": "diaban",
    "viewer": "viewer",
}
EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
EDITORS = frozenset({"admin", "planner", "area"})
WORKERS = frozenset({"admin", "planner", "alliance", "area"})
PROVINCE = frozenset({"admin", "planner"})
ADMIN = frozenset({"admin"})
IMPORTERS = EDITORS
REPORTERS = frozenset({"admin", "area"})
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Rule:
    """``get`` / ``post``: the roles a GET / POST is allowed to. ``record``: the kind of record
    the route names (by its path or by ``?id=``), asked inside the area officer's area and
    outside it; an area officer is refused the outside one. ``public``: open to nobody signed
    in. ``missing``: the route names a thing no request here has (an import preview's token, a
    look-up field the view lacks), so an allowed role is told it is not there (404) and a
    refused one is refused (403). ``query``: what the request adds to the URL."""

    get: frozenset[str] = NOBODY
    post: frozenset[str] = NOBODY
    record: str | None = None
    public: bool = False
    missing: bool = False
    query: str = ""


def _model_view(
    read: frozenset[str],
    record: str,
    *,
    edit: frozenset[str] = EDITORS,
    create: frozenset[str] | None = None,
    delete: frozenset[str] = NOBODY,
    details: bool = True,
    export: bool = True,
    lookup: str | None = None,
) -> dict[str, Rule]:
    """The rules of one Flask-Admin model view, by its endpoints' names. ``lookup``: the
    field its forms look up as one types (Select2's ajax), if any."""
    create = edit if create is None else create
    return {
        "index_view": Rule(get=read),
        "details_view": Rule(get=read if details else NOBODY, record=record),
        "edit_view": Rule(get=edit, post=edit, record=record),
        "create_view": Rule(get=create, post=create),
        "delete_view": Rule(post=delete),
        "action_view": Rule(post=read),
        "ajax_lookup": Rule(
            get=read, missing=lookup is None, query=f"?name={lookup}&query=a" if lookup else ""
        ),
        "ajax_update": Rule(post=read, missing=True),  # no list is edited in place
        "export": Rule(get=read if export else NOBODY),
    }


def _views() -> dict[str, Rule]:
    found = {}
    for view, rules in {
        "organisation": _model_view(EVERYONE, "organisation", delete=ADMIN),
        "person": _model_view(EVERYONE, "person"),
        "membership": _model_view(EVERYONE, "membership", details=False, lookup="person"),
        "contribution": _model_view(EVERYONE, "contribution", edit=NOBODY, create=EDITORS),
        "debts": _model_view(EVERYONE, "debt", delete=EDITORS),
        "land": _model_view(EVERYONE, "asset", delete=EDITORS),
        "figures": _model_view(EVERYONE, "figures"),
        "user": _model_view(ADMIN, "user", edit=ADMIN, export=False),
        "audit": _model_view(PROVINCE, "audit", edit=NOBODY),
    }.items():
        found |= {f"{view}.{name}": rule for name, rule in rules.items()}
    return found


RULES: dict[str, Rule] = _views() | {
    "root": Rule(get=EVERYONE, public=True),
    "static": Rule(get=EVERYONE, public=True),
    "admin.static": Rule(get=EVERYONE, public=True),
    "auth.login": Rule(get=EVERYONE, post=EVERYONE, public=True),
    "auth.logout": Rule(post=EVERYONE, public=True),
    "auth.set_language": Rule(post=EVERYONE, public=True),
    "admin.index": Rule(get=EVERYONE),
    "organisation.status_view": Rule(get=WORKERS, post=WORKERS, record="organisation"),
    "organisation.observation_view": Rule(get=WORKERS, post=WORKERS, record="organisation"),
    "organisation.support_view": Rule(
        get=frozenset({"admin", "alliance"}),
        post=frozenset({"admin", "alliance"}),
        record="organisation",
    ),
    "debts.settle_view": Rule(get=EDITORS, post=EDITORS, record="debt"),
    "candidates.index": Rule(get=WORKERS),
    "cases.index": Rule(get=EVERYONE),
    "cases.case_view": Rule(get=EVERYONE, record="case"),
    "cases.open_view": Rule(
        get=frozenset({"admin", "planner", "alliance"}),
        post=frozenset({"admin", "planner", "alliance"}),
        record="organisation",
    ),
    "cases.review_view": Rule(post=frozenset({"admin", "area"}), record="case"),
    "cases.decide_view": Rule(post=PROVINCE, record="case"),
    "cases.complete_view": Rule(post=PROVINCE, record="case"),
    "cases.evidence_view": Rule(post=WORKERS, record="case"),
    "cases.document_view": Rule(get=EVERYONE, record="document"),
    "progress.index": Rule(get=EVERYONE),
    "progress.baseline_view": Rule(post=PROVINCE),
    "reports.index": Rule(get=EVERYONE),
    "submissions.index": Rule(get=EVERYONE),
    "submissions.submission_view": Rule(get=EVERYONE, record="submission"),
    "submissions.prepare_view": Rule(post=REPORTERS),
    "submissions.step_view": Rule(post=REPORTERS, record="submission"),  # the step "submit"
    "exchange.index": Rule(get=PROVINCE, post=PROVINCE),
    "exchange.export": Rule(get=PROVINCE, missing=True),
    "jobs.index": Rule(get=ADMIN),
    "exchange.export_progress": Rule(get=PROVINCE, missing=True),
    "rules.index": Rule(get=ADMIN, post=ADMIN),
    "api_keys.index": Rule(get=ADMIN, post=ADMIN),
    "api_keys.revoke_view": Rule(post=ADMIN, record="key"),
    "imports.index": Rule(get=IMPORTERS, post=IMPORTERS),
    "imports.batch_view": Rule(get=IMPORTERS, record="batch"),
    "imports.undo_batch": Rule(post=IMPORTERS, record="batch"),
    "imports.preview": Rule(get=IMPORTERS, missing=True),
    "imports.progress": Rule(get=IMPORTERS, missing=True),
    "imports.working": Rule(get=IMPORTERS, missing=True),
    "imports.outcomes_xlsx": Rule(get=IMPORTERS, missing=True),
    "imports.answer": Rule(post=IMPORTERS, missing=True),
    "imports.correct_mapping": Rule(post=IMPORTERS, missing=True),
    "imports.decide": Rule(post=IMPORTERS, missing=True),
    "imports.confirm": Rule(post=IMPORTERS, missing=True),
    # The API: a key of each role's user; the area officer's key sees the area only.
    "api.openapi": Rule(get=EVERYONE, public=True),
    "api.organisations": Rule(get=EVERYONE),
    "api.organisation": Rule(get=EVERYONE, record="organisation"),
    "api.status_history": Rule(get=EVERYONE, record="organisation"),
    "api.figures": Rule(get=EVERYONE, record="organisation"),
    "api.debts": Rule(get=EVERYONE, record="organisation"),
    "api.land": Rule(get=EVERYONE, record="organisation"),
    "api.annual_report": Rule(get=EVERYONE),  # the key's area's report
}


def _district_id(session: Session, organisation: Organisation) -> int | None:
    unit = (
        session.get(AdminUnit, organisation.legacy_unit_id) if organisation.legacy_unit_id else None
    )
    if unit is None:
        return None
    return unit.parent_id if unit.level == UnitLevel.COMMUNE else unit.id


def _district_name(session: Session, organisation: Organisation) -> str:
    return session.get(AdminUnit, _district_id(session, organisation)).short_name


def _in(session: Session, organisation: Organisation, district: AdminUnit) -> bool:
    return _district_id(session, organisation) == district.id


@pytest.fixture(scope="module")
def world(app, engine, tmp_path_factory):
    """The demo data with demo_cases' officers and cases, and one record of each kind inside
    the area officer's district and one outside it: ``{kind: (inside id, outside id)}``."""
    folder = tmp_path_factory.mktemp("matrix")
    with Session(engine) as session:
        admin = session.exec(select(User).where(User.username == "admin")).one()
        session.info["user_id"] = admin.id
        home_name = demo_cases.seed(session, PASSWORD)
        home = session.exec(
            select(AdminUnit).where(
                AdminUnit.name == home_name, AdminUnit.level == UnitLevel.DISTRICT
            )
        ).one()
        orgs = session.exec(select(Organisation).order_by(Organisation.id)).all()
        inside = [o for o in orgs if _in(session, o, home)]
        outside = [o for o in orgs if _district_id(session, o) not in (None, home.id)]
        everything = scope_of(session, admin)
        rules = rule_sets.current(session)
        # A case outside the area, with a document; demo_cases' are all inside.
        found = candidates(session, date.today(), rules)
        for candidate in (c for c in found if c.id in {o.id for o in outside}):
            try:
                with session.begin_nested():
                    far = cases.open_case(
                        session,
                        scope=everything,
                        user=admin,
                        organisation=session.get(Organisation, candidate.id),
                        as_of=date.today(),
                        note=None,
                        rules=rules,
                    )
                break
            except DomainError:
                continue
        near = session.exec(
            select(DissolutionCase)
            .where(DissolutionCase.organisation_id.in_([o.id for o in inside]))
            .order_by(DissolutionCase.id)
        ).first()
        documents = [
            cases.attach_document(
                session,
                scope=everything,
                user=admin,
                case=c,
                file_name="qd.pdf",
                content=b"%PDF-1.4 matrix",
            )
            for c in (near, far)
        ]
        # Two import batches: a new cooperative in the area, one outside it.
        # Import batches and API keys, which an allowed request undoes or revokes: each role
        # asks about its own. A batch is a new cooperative, in the area or outside it.
        places = (home.short_name, _district_name(session, outside[0]))
        batches = {}
        for role in (*ROLES, None):
            batches[role] = tuple(
                commit(
                    session,
                    plan(
                        session,
                        workbook(
                            folder,
                            [["STT", "Tên HTX", "Huyện"], [1, f"HTX Ma Trận {role} {n}", place]],
                            f"{role}-{n}.xlsx",
                        ),
                    ),
                ).id
                for n, place in enumerate(places)
            )
        ids = {}
        for kind, model, of in (
            ("membership", Membership, Membership.organisation_id),
            ("debt", Debt, Debt.organisation_id),
            ("asset", Asset, Asset.organisation_id),
            ("figures", AnnualFigures, AnnualFigures.organisation_id),
        ):
            ids[kind] = tuple(
                session.exec(select(model.id).where(of.in_([o.id for o in group]))).first()
                for group in (inside, outside)
            )
        ids["contribution"] = tuple(
            session.exec(
                select(Contribution.id)
                .join(Membership, Membership.id == Contribution.membership_id)
                .where(Membership.organisation_id.in_([o.id for o in group]))
            ).first()
            for group in (inside, outside)
        )
        ids["organisation"] = (inside[0].id, outside[0].id)
        ids["person"] = tuple(
            session.exec(
                select(Membership.person_id).where(
                    Membership.organisation_id.in_([o.id for o in group])
                )
            ).first()
            for group in (inside, outside)
        )
        ids["case"] = (near.id, far.id)
        ids["document"] = tuple(d.id for d in documents)
        ids["batch"] = batches
        ids["submission"] = tuple(
            submissions.prepare(
                session, scope=everything, user=admin, year=2025, unit=unit, rules=rules
            ).id
            for unit in (home, session.get(AdminUnit, _district_id(session, outside[0])))
        )
        users = {u.username: u for u in session.exec(select(User))}
        keys = {
            role: tokens.issue(
                session, scope=everything, issued_by=admin, user=users[name], name=f"matrix {role}"
            )
            for role, name in USERNAMES.items()
        }
        ids["key"] = {
            role: (
                tokens.issue(
                    session, scope=everything, issued_by=admin, user=users["viewer"], name="spare"
                )[1].id,
            )
            * 2
            for role in (*ROLES, None)
        }
        ids["user"] = (users["viewer"].id,) * 2
        ids["audit"] = (session.exec(select(AuditEntry.id)).first(),) * 2
        session.commit()
    assert all(all(pair) for kind, pair in ids.items() if kind not in OWN), ids
    return ids, {role: token for role, (token, _row) in keys.items()}


#: The kinds of record that lie in an area; the others (users, keys, the audit log) do not.
IN_AREA = {
    "organisation",
    "person",
    "membership",
    "contribution",
    "debt",
    "asset",
    "figures",
    "case",
    "document",
    "batch",
    "submission",
}
#: What each path argument names.
ARGUMENTS = {
    "organisation_id": "organisation",
    "case_id": "case",
    "document_id": "document",
    "debt_id": "debt",
    "batch_id": "batch",
    "submission_id": "submission",
    "key_id": "key",
}
#: Path arguments that name no record: a fixed value each.
FIXED = {
    "token": "no-such-preview",
    "step": "submit",
    "export_type": "csv",
    "code": "vi",
    "job_id": "999999",  # a job no one asked for
}
STATIC = {"static": "app.css", "admin.static": "admin/js/helpers.js"}


#: Records an allowed request changes (undoes, revokes): each role has its own.
OWN = {"batch", "key"}


def _urls(rule, ids, role: str | None) -> dict[str, str]:
    """The URL asked for the route: ``{"inside": …, "outside": …}`` when it names a record
    of an area, else ``{"": …}``."""
    record = RULES[rule.endpoint].record
    ids = {kind: found[role] if kind in OWN else found for kind, found in ids.items()}
    places = ("inside", "outside") if record in IN_AREA else ("",)
    urls = {}
    for n, place in enumerate(places):
        values = {}
        for argument in rule.arguments:
            if argument == "filename":
                values[argument] = STATIC[rule.endpoint]
            elif argument in FIXED:
                values[argument] = FIXED[argument]
            elif argument == "id" or argument not in ARGUMENTS:
                values[argument] = ids[record][n]
            else:
                values[argument] = ids[ARGUMENTS[argument]][n]
        url = rule.build(values, append_unknown=False)[1]
        if record and not rule.arguments:
            url += f"?id={ids[record][n]}"  # Flask-Admin's details and edit views
        urls[place] = url + RULES[rule.endpoint].query
    return urls


def _answer(response) -> str:
    """What a response says: allowed, refused (403, or to sign in), absent (404), method."""
    code = response.status_code
    if code >= 500:
        return f"error {code}"
    if code == 405:
        return "method"
    to = response.headers.get("Location", "")
    if code in (401, 403) or (code == 302 and "/login?next=" in to):
        return "refused"
    if code == 404:
        return "absent"
    return "allowed"


def _expected(rule, endpoint_rule: Rule, role: str | None, method: str, place: str) -> str:
    if method not in rule.methods:
        return "method"
    allowed = endpoint_rule.get if method == "GET" else endpoint_rule.post
    if role is None:
        return "allowed" if endpoint_rule.public and allowed else "refused"
    if role not in allowed:
        return "refused"
    if endpoint_rule.missing or (role == "area" and place == "outside"):
        return "absent"
    return "allowed"


def _client(app, role: str | None):
    client = app.test_client()
    if role is not None:
        page = client.get("/login")
        client.post(
            "/login",
            data={
                "csrf_token": csrf_token(page.text),
                "username": USERNAMES[role],
                "password": PASSWORD,
            },
        )
    page = client.get("/login")  # a signed-in user is sent on: the token is on the overview
    if page.status_code == 302:
        page = client.get("/admin/")
    return client, csrf_token(page.text)


def _ask(app, world, role: str | None) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(endpoint, method, place) → (expected, answered) for every route, as ``role``."""
    ids, keys = world
    client, token = _client(app, role)
    headers = {"Authorization": f"Bearer {keys[role]}"} if role else {}
    answers = {}
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint == "auth.logout")
    for rule in rules:
        for place, url in _urls(rule, ids, role).items():
            for method in METHODS:
                data = {"csrf_token": token} if method != "GET" else None
                response = client.open(
                    url,
                    method=method,
                    data=data,
                    headers=headers if rule.endpoint.startswith("api.") else {},
                )
                response.close()  # a download's file
                expected = _expected(rule, RULES[rule.endpoint], role, method, place)
                answers[(rule.endpoint, method, place)] = (expected, _answer(response))
                if rule.endpoint == "auth.logout" and method == "POST" and role:
                    client, token = _client(app, role)
    return answers


def test_every_route_has_a_rule(app):
    assert {r.endpoint for r in app.url_map.iter_rules()} == set(RULES)


@pytest.mark.parametrize("role", [*ROLES, None])
def test_each_role_is_answered_as_the_rules_say(app, world, role):
    wrong = {
        key: answer for key, answer in _ask(app, world, role).items() if answer[0] != answer[1]
    }
    assert not wrong, f"as {role}:\n" + "\n".join(
        f"{endpoint} {method} {place}: expected {e}, got {g}"
        for (endpoint, method, place), (e, g) in sorted(wrong.items())
    )
