"""What an import says of a file and of each row: the refusal of a whole file, each row's
outcome, the plan a clerk confirms, the words that explain them; and :class:`Kind`, the
interface every record kind (organisations, members, annual figures, debts and land)
implements for :mod:`importers.run`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from importers.fields import KIND_FIELDS
from importers.messages import Said, in_language
from importers.totals import disagreement
from registry.enums import UnitLevel
from registry.text import thousands

if TYPE_CHECKING:
    from sqlmodel import Session

    from importers.organisations import OrganisationRow
    from importers.readers import Sheet
    from importers.tables import Table
    from registry.models import ImportBatch, Organisation
    from registry.scope import Scope


class Refused(Exception):
    """The file cannot be imported; nothing was written. ``vi``/``en`` say why; ``mapping``,
    when the columns are the trouble, is how they were read, for the clerk to correct."""

    def __init__(
        self, vi: str, en: str, mapping: list[dict[str, str]] | None = None, kind: str = ""
    ) -> None:
        super().__init__(vi)
        self.vi, self.en, self.mapping, self.kind = vi, en, mapping, kind


#: Why a row is not imported, in the words the preview shows.
OUT_OF_AREA = Said(
    "Tổ chức nằm ngoài địa bàn bạn phụ trách.", "The organisation is outside your area."
)
UNKNOWN_COOPERATIVE = Said(
    "Hợp tác xã của dòng này chưa có trong cơ sở dữ liệu (nhập danh sách tổ chức trước).",
    "This row's cooperative is not in the registry (import the list of organisations first).",
)
NO_PLACE = Said(
    "Không xác định được huyện/xã của tổ chức.",
    "The organisation's district or commune cannot be told.",
)


def near_name(match: Organisation) -> Said:
    """A near name offered for review: the organisation by its name and place (the preview
    links it; the report gives its id)."""
    unit = match.legacy_unit
    place = unit.short_name if unit is not None else ""
    if unit is not None and unit.parent is not None and unit.level == UnitLevel.COMMUNE:
        place = f"{unit.short_name}, {unit.parent.short_name}"
    where = f", {place}" if place else ""
    return Said(
        f"Tên gần giống «{match.name}»{where}: cần người xác nhận.",
        f"A near name, '{match.name}'{where}: a person must decide.",
    )


#: What an issue code tells the clerk: the row is imported, but someone should look.
ISSUES = {
    "outstanding_from_principal": Said(
        "Bảng không có cột dư nợ: số còn nợ lấy bằng nợ gốc trừ số đã trả, cần kiểm tra.",
        "The table has no outstanding column: the amount owed is taken as the principal "
        "less what was paid, to be checked.",
    ),
    "left_in_notes": Said(
        "Ghi chú cho biết thành viên đã ra khỏi HTX (rút vốn, chuyển đi, mất) nhưng không có "
        "ngày ra khỏi HTX: vẫn nhập là thành viên, cần ghi ngày ra khỏi.",
        "The notes say the member is gone (withdrew, moved away, died) but give no date of "
        "leaving: imported as a member, to be dated.",
    ),
    "tax_code_invalid_length": Said(
        "Mã số thuế không đủ 10 chữ số: để trống, cần bổ sung.",
        "The tax code does not have 10 digits: left empty, to be completed.",
    ),
    "tax_code_of_a_branch": Said(
        "Mã số có dạng của đơn vị phụ thuộc (chi nhánh: 10 số - 3 số), không phải mã số của "
        "hợp tác xã: để trống, cần kiểm tra.",
        "The code is a dependent unit's (a branch: 10 digits - 3 digits), not the "
        "cooperative's own tax code: left empty, to be checked.",
    ),
    "tax_code_lost_precision": Said(
        "Mã số thuế bị mất chữ số (dạng số mũ): để trống, cần bổ sung.",
        "The tax code lost digits (scientific notation): left empty, to be completed.",
    ),
    "tax_code_not_digits": Said(
        "Mã số thuế có ký tự lạ: để trống, cần bổ sung.",
        "The tax code holds other characters than digits: left empty, to be completed.",
    ),
    "tax_code_leading_zero_restored": Said(
        "Mã số thuế ghi dạng số đã mất số 0 ở đầu: đã thêm lại (10 chữ số).",
        "The tax code, written as a number, lost its leading 0: put back (10 digits).",
    ),
    "status_in_title": Said(
        "Tiêu đề danh sách nói về tình trạng (giải thể, ngừng hoạt động…) nhưng dòng này không "
        "ghi tình trạng: cần xác định tình trạng của tổ chức.",
        "The list's title speaks of a status (dissolved, stopped…) but this row gives none: "
        "the organisation's status is to be told.",
    ),
    "remainder_of_total": Said(
        "Tổng số lớn hơn các khoản đã kê theo đối tượng: phần còn lại được ghi thành một khoản "
        "chưa rõ đối tượng, cần kiểm tra.",
        "The total exceeds the amounts listed by creditor or debtor: the rest is recorded as "
        "one debt of unknown creditor or debtor, to be checked.",
    ),
    "parts_exceed_total": Said(
        "Các khoản kê theo đối tượng cộng lại lớn hơn tổng số: cần kiểm tra.",
        "The amounts listed by creditor or debtor add up to more than the total: to be checked.",
    ),
    "district_from_list": Said(
        "Có xã cùng tên ở huyện khác và dòng không ghi huyện: lấy xã ở huyện (hoặc tỉnh cũ) "
        "của các dòng khác trong danh sách, cần kiểm tra.",
        "A commune of this name is in another district too and the row names none: the one "
        "in the district (or former province) of the list's other rows was taken, to be "
        "checked.",
    ),
    "joined_at_founding": Said(
        "Thành viên từ khi thành lập («Sáng lập»): ngày gia nhập lấy theo ngày thành lập của "
        "hợp tác xã (để trống nếu sổ chưa có ngày đó).",
        "A member from the founding ('Sáng lập'): joined on the day the cooperative was founded "
        "(left empty where the registry has no such day).",
    ),
    "status_from_decision": Said(
        "Dòng không ghi tình trạng, nhưng ghi quyết định ở cột quyết định (giải thể, thu hồi…): "
        "tình trạng lấy theo tên cột, cần kiểm tra.",
        "The row gives no status but a decision in the column of decisions (to dissolve, "
        "revoke…): the status is taken from the column's title, to be checked.",
    ),
    "status_from_notes": Said(
        "Bảng không có cột tình trạng: tình trạng lấy từ cột ghi chú, cần kiểm tra.",
        "The table has no status column: the status is taken from the notes, to be checked.",
    ),
    "status_ambiguous": Said(
        "Tình trạng chỉ ghi «ngưng hoạt động»: cần xác định tạm ngừng hay giải thể.",
        "The status only says it stopped: to be told whether suspended or dissolved.",
    ),
    "district_unknown": Said(
        "Không nhận ra huyện ghi trong tệp.", "The district the file names is not known."
    ),
    "commune_unknown": Said(
        "Không nhận ra xã ghi trong tệp.", "The commune the file names is not known."
    ),
    "associate_contributing_from_capital": Said(
        "Thành viên liên kết có ghi vốn góp: ghi là thành viên liên kết góp vốn, cần kiểm tra.",
        "An associate member with capital written: recorded as an associate who contributes, "
        "to be checked.",
    ),
    "capital_of_non_contributing_member_ignored": Said(
        "Thành viên liên kết không góp vốn: số vốn ghi trong tệp không được nhập.",
        "An associate member who does not contribute: the capital in the file is not imported.",
    ),
    "certificate_date_partial": Said(
        "Ngày cấp giấy chứng nhận chỉ có tháng hoặc năm: không ghi, cần bổ sung ngày.",
        "The certificate's date gives only a month or a year: not recorded, to be completed.",
    ),
    "unit_code_unknown": Said(
        "Mã đơn vị hành chính không có trong danh mục: đơn vị để trống, cần kiểm tra.",
        "A unit code not in the list of units: the unit is left empty, to be checked.",
    ),
    "sector_unknown": Said(
        "Không rõ lĩnh vực (tên và tệp không cho biết): ghi là «Khác», cần bổ sung.",
        "The sector is unknown (neither the name nor the file tells): recorded as 'other', "
        "to be completed.",
    ),
    "new_organisation": Said(
        "Tổ chức chưa có trong cơ sở dữ liệu: sẽ được tạo mới.",
        "The organisation is not in the registry: it will be created.",
    ),
    "decided_by_user": Said("Đã được người dùng xác định.", "Decided by a person."),
    "reported_figures_later": Said(
        "Số thành viên, lao động, vốn góp của năm đã có theo số liệu ngày sau ngày của tệp: "
        "giữ số liệu đó, không ghi đè.",
        "The year's members, workers and capital were reported as of a later day than the "
        "file's: those figures are kept, not overwritten.",
    ),
    "unknown_value": Said(
        "Có từ chưa hiểu ở cột danh mục (tình trạng, lĩnh vực, loại thành viên…): dòng vẫn được "
        "giữ, trường đó để trống hoặc «Khác», cần xem lại; trả lời một lần cho cả tệp.",
        "A word of a vocabulary column (status, sector, member type…) is unknown: the row is "
        "kept with that field empty or 'other', for review; answer it once for the whole file.",
    ),
    "direction_implied": Said(
        "Bảng không ghi HTX nợ hay phải thu: hướng của khoản nợ suy ra từ nội dung và tiêu đề "
        "bảng, cần kiểm tra.",
        "The table does not say whether a debt is owed by or to the cooperative: the direction "
        "was told from its words and the table's title, to be checked.",
    ),
    "status_steps_missing": Said(
        "Trạng thái trong tệp bỏ qua bước mà quy định yêu cầu (ví dụ: từ tạm ngừng sang đã giải "
        "thể mà không qua đang giải thể): được ghi như tệp, đánh dấu cần xem lại.",
        "The file's status skips a step the rules require (say, suspended to dissolved without "
        "awaiting dissolution): recorded as the file says, marked for review.",
    ),
    "cooperative_by_own_words": Said(
        "Hợp tác xã được nhận theo phần riêng của tên (không kể loại hình, ngành nghề): "
        "cần kiểm tra.",
        "The cooperative was found by the own words of its name (type and sector words "
        "aside): to be checked.",
    ),
}


@dataclass
class Outcome:
    sheet: str
    row: int
    action: str  # new | update | unchanged | review | rejected
    name: str | None = None
    organisation_id: int | None = None
    changes: dict[str, list[Any]] = field(default_factory=dict)
    status: str | None = None
    #: The day the status took effect, when its words say (``Tạm ngừng từ 01/2024``); else
    #: the list's date.
    status_on: date | None = None
    #: What the file says of the status beyond its name, as its event keeps it: the decision
    #: it was recorded on (``decision_no``, ``decision_on``: ``theo QĐ số 123/QĐ-UBND ngày
    #: 12/5/2020``), a dissolution voluntary or compulsory (``dissolution_kind``), and why
    #: (``reason``: ``Lý do``).
    status_details: dict[str, Any] | None = None
    #: What the status words say of operating in fact: recorded as an observation.
    operating: str | None = None
    issues: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict, repr=False)
    record: dict[str, Any] = field(default_factory=dict, repr=False)  # a child record's values

    def report(self, lang: str = "vi") -> dict[str, Any]:
        """The outcome as the JSON report holds it (the cleaned values left out)."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "action": self.action,
            "name": self.name,
            "organisation_id": self.organisation_id,
            "changes": self.changes,
            "status": self.status,
            "status_on": self.status_on,
            "status_details": self.status_details,
            "issues": self.issues,
            "reasons": [in_language(r, lang) for r in self.reasons],
            "record": self.record,
        }

    def notes(self, lang: str = "vi") -> list[str]:
        """Reasons and issues in words, for the preview and the outcome workbook."""
        return [
            in_language(text, lang)
            for text in self.reasons + [ISSUES.get(code, code) for code in self.issues]
        ]

    @classmethod
    def of(cls, row: OrganisationRow) -> Outcome:
        """A cleaned row's outcome, rejected until the planner decides otherwise."""
        return cls(
            sheet=row.sheet,
            row=row.row,
            action="rejected",
            name=row.fields.get("name"),
            issues=list(row.issues),
            reasons=[p.message() for p in row.problems],
        )


@dataclass
class Plan:
    file_name: str
    sha256: str
    sheet: str
    as_of: date
    outcomes: list[Outcome]
    kind: str = "organisations"
    #: How the columns were read: sheet, column letter, joined header, field ("" = not read).
    mapping: list[dict[str, str]] = field(default_factory=list)
    #: Rows read as not records, and why (blank rows left out): sheet, row, kind (what the
    #: table finder saw: column_numbers, repeated_header, group, total, continuation, end,
    #: other), the row's first text; and sheets not read (row None): hidden_sheet, or
    #: other_sheet / unchosen_sheet with its first text.
    set_aside: list[dict[str, Any]] = field(default_factory=list)
    #: The file's total rows against its records (:func:`importers.totals.check_totals`).
    total_checks: list[dict[str, Any]] = field(default_factory=list)
    #: Unknown words of vocabulary columns, each with how many rows hold it: field, value,
    #: rows. Those rows are kept (the field at its fallback) and flagged.
    unknown: list[dict[str, Any]] = field(default_factory=list)

    def disagreements(self, lang: str = "vi") -> list[str]:
        """The totals of the file that its records do not add up to, in words."""
        return [in_language(disagreement(c), lang) for c in self.total_checks if not c["agrees"]]

    def counts(self) -> dict[str, int]:
        """How many rows each action has, in the order first met."""
        return dict(Counter(map(attrgetter("action"), self.outcomes)))

    def counted(self) -> Said:
        """The outcomes in words, for the audit log and the command line: ``12.000 mới, 1 cập
        nhật, 27 bị từ chối`` (``12,000 new, …``)."""
        counts = self.counts()
        parts = [(n, ACTION_WORDS[a]) for a, n in sorted(counts.items(), key=_action_order)]
        return Said(
            ", ".join(f"{thousands(n)} {vi}" for n, (vi, _en) in parts),
            ", ".join(f"{n:,} {en}" for n, (_vi, en) in parts),
        )


#: Why a row was set aside as not a record (``Plan.set_aside``' kinds), in words.
SET_ASIDE_WORDS = {
    "column_numbers": Said("dòng đánh số cột", "column numbers"),
    "repeated_header": Said("dòng tiêu đề lặp lại", "header repeated"),
    "group": Said("dòng nhóm (huyện, lĩnh vực…)", "group heading"),
    "total": Said("dòng cộng, tổng cộng", "subtotal or total"),
    "continuation": Said("dòng tiếp của dòng trên", "continues the row above"),
    "end": Said("ghi chú, chữ ký", "notes or signatures"),
    "other": Said("không nhận ra là dữ liệu", "not recognised as data"),
    "hidden_sheet": Said("trang bị ẩn, không đọc", "hidden sheet, not read"),
    "other_sheet": Said(
        "trang khác, không có bảng loại này, không đọc",
        "another sheet, holding no table of this kind, not read",
    ),
    "unchosen_sheet": Said(
        "trang khác, không đọc (mỗi lần đọc một trang: chọn trang này để đọc nó)",
        "another sheet, not read (one sheet is read at a time: choose this one to read it)",
    ),
    "summary": Said("bảng tổng hợp số liệu, không nhập", "a summary of totals, not imported"),
    "nothing_owed": Said("không có khoản nợ nào (các cột đều trống hoặc 0)", "nothing owed"),
    "no_debt_or_parcel": Said(
        "không phải khoản nợ hay thửa đất (bảng không có cột số tiền, chủ nợ hay diện tích)",
        "neither a debt nor a parcel (the table has no column of amounts, creditors or area)",
    ),
}

#: How an outcome's action is said, in the order it is told.
ACTION_WORDS = {
    "new": ("mới", "new"),
    "update": ("cập nhật", "updated"),
    "unchanged": ("không đổi", "unchanged"),
    "review": ("cần xem xét", "for review"),
    "rejected": ("bị từ chối", "rejected"),
}


def _action_order(item: tuple[str, int]) -> int:
    return list(ACTION_WORDS).index(item[0])


TAX_CODE_ELSEWHERE = Said(
    "Mã số thuế này thuộc một tổ chức ngoài địa bàn bạn phụ trách.",
    "This tax code belongs to an organisation outside your area.",
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a kind's planner is given: the sheets read with their tables (one sheet, or every
    sheet for the kinds kept one sheet per district, cooperative or year), the sheet chosen
    first, the user's area, the date the file speaks of, the per-row progress callback and a
    person's decisions on rows left for review (``"sheet!row"`` → organisation id, 0 = new)."""

    parts: list[tuple[Sheet, list[Table]]]
    chosen: Sheet
    scope: Scope | None
    day: date
    tick: Callable[[], None]
    decisions: dict[str, int]


@dataclass(frozen=True, slots=True)
class Kind:
    """A record kind an import reads: its name (the command line's ``--kind``), its label
    (the screens'), whether its rows spread over every sheet, and how its rows are planned
    (read only) and committed (written as one batch in the caller's transaction)."""

    name: str
    label: Said
    every_sheet: bool
    plan: Callable[[Session, Reading], list[Outcome]]
    commit: Callable[[Session, Plan, ImportBatch], None]

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields a column can be read as (:data:`importers.mapping.KIND_FIELDS`)."""
        return KIND_FIELDS[self.name]
