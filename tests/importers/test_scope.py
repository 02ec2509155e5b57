"""An area officer's import: only organisations in the area are matched, offered for review
or named; a decision settles only the candidate offered for its row."""

from sqlmodel import select

from importers.results import TAX_CODE_ELSEWHERE
from importers.run import commit, plan
from registry.enums import Role, UnitLevel, UnitScheme
from registry.models import AdminUnit, Organisation
from registry.scope import Scope
from registry.services.units import find_units
from tests.importers.conftest import workbook

HEADER = ["Tên HTX", "Mã số thuế", "Huyện", "Xã", "Vốn điều lệ"]


def _officer_of(session, district: str) -> Scope:
    (unit,) = find_units(session, district, scheme=UnitScheme.LEGACY, level=UnitLevel.DISTRICT)
    communes = session.scalars(select(AdminUnit.id).where(AdminUnit.parent_id == unit.id))
    return Scope(
        role=Role.AREA_OFFICER,
        everywhere=False,
        legacy_ids=frozenset({unit.id, *communes}),
    )


def _everything_said(result) -> str:
    return repr(
        [o.report("vi") for o in result.outcomes] + [o.report("en") for o in result.outcomes]
    )


def test_a_tax_code_held_outside_the_area_is_refused_without_naming_or_touching_it(
    session, samples, tmp_path
):
    commit(session, plan(session, samples / "coops_district_list.xlsx"))
    outside = session.scalars(
        select(Organisation).where(Organisation.tax_code == "5997973286")
    ).one()
    before = (outside.name, outside.charter_capital_vnd, outside.legacy_unit_id, outside.version)
    path = workbook(
        tmp_path, [HEADER, ["HTX Tên Khác", outside.tax_code, "Chư Păh", "Ia Nhin", 900_000_000]]
    )
    officer = _officer_of(session, "Chư Păh")
    result = plan(session, path, scope=officer)
    (row,) = result.outcomes
    assert row.action == "rejected"
    assert row.reasons == [TAX_CODE_ELSEWHERE]
    assert row.organisation_id is None
    assert outside.name not in _everything_said(result)
    assert commit(session, result) is None
    session.refresh(outside)
    assert (
        outside.name,
        outside.charter_capital_vnd,
        outside.legacy_unit_id,
        outside.version,
    ) == before


def test_names_are_matched_and_offered_only_within_the_area(session, samples, tmp_path):
    commit(session, plan(session, samples / "coops_district_list.xlsx"))
    # 'Đồng Tâm' is a cooperative of Chư Păh and another of Ia Grai.
    path = workbook(
        tmp_path, [HEADER, ["HTX NN DV Đồng Tâm Mới", None, "Ia Grai", "Ia Grăng", 500_000_000]]
    )
    officer = _officer_of(session, "Chư Păh")
    result = plan(session, path, scope=officer)
    (row,) = result.outcomes
    assert row.action == "rejected"  # it would put an organisation in Ia Grai
    assert "Ia Grai" not in _everything_said(result).replace("Ia Grăng", "")
    ia_grai = _officer_of(session, "Ia Grai")
    near = plan(session, path, scope=ia_grai).outcomes[0]
    assert near.action == "review"
    in_area = session.get(Organisation, near.organisation_id)
    assert in_area.tax_code == "5991268050"  # Ia Grai's, never Chư Păh's namesake


def test_a_decision_settles_only_the_candidate_offered(session, samples, tmp_path):
    commit(session, plan(session, samples / "coops_district_list.xlsx"))
    path = workbook(
        tmp_path, [HEADER, ["HTX NN DV Đồng Tâm Mới", None, "Ia Grai", "Ia Grăng", 500_000_000]]
    )
    officer = _officer_of(session, "Ia Grai")
    offered = plan(session, path, scope=officer).outcomes[0]
    key = f"{offered.sheet}!{offered.row}"
    elsewhere = session.scalars(
        select(Organisation).where(Organisation.tax_code == "5996132652")
    ).one()
    forged = plan(session, path, scope=officer, decisions={key: elsewhere.id}).outcomes[0]
    assert forged.action == "review" and forged.organisation_id == offered.organisation_id
    taken = plan(session, path, scope=officer, decisions={key: offered.organisation_id}).outcomes[0]
    assert taken.action in ("update", "unchanged")
    assert taken.organisation_id == offered.organisation_id
    assert "decided_by_user" in taken.issues
