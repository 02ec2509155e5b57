"""Enumerations of the domain. Values are stored; ``label`` gives the Vietnamese name."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Vietnamese label: ``Member("value", "nhãn")``, and
    an English one (``en``: the value in words, unless :data:`ENGLISH` says better)."""

    def __new__(cls, value: str, label: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        member.en = value.replace("_", " ").capitalize()
        return member


class UnitScheme(LabelledEnum):
    LEGACY = "legacy", "Trước 01/7/2025 (tỉnh – huyện – xã)"
    CURRENT = "current", "Từ 01/7/2025 (tỉnh – xã)"


class UnitLevel(LabelledEnum):
    PROVINCE = "province", "Tỉnh"
    DISTRICT = "district", "Huyện"
    COMMUNE = "commune", "Xã"


class UnitKind(LabelledEnum):
    PROVINCE = "province", "Tỉnh"
    CITY = "city", "Thành phố"
    TOWN = "town", "Thị xã"
    RURAL_DISTRICT = "rural_district", "Huyện"
    COMMUNE = "commune", "Xã"
    WARD = "ward", "Phường"
    TOWNSHIP = "township", "Thị trấn"


class OrgType(LabelledEnum):
    GROUP = "group", "Tổ hợp tác"
    COOPERATIVE = "cooperative", "Hợp tác xã"
    UNION = "union", "Liên hiệp hợp tác xã"
    CREDIT_FUND = "credit_fund", "Quỹ tín dụng nhân dân"


class GoverningLaw(LabelledEnum):
    LAW_2003 = "2003", "Luật HTX 2003"
    LAW_2012 = "2012", "Luật HTX 2012 (23/2012/QH13)"
    LAW_2023 = "2023", "Luật HTX 2023 (17/2023/QH15)"


class Sector(LabelledEnum):
    AGRICULTURE = "agriculture", "Nông nghiệp"
    INDUSTRY_HANDICRAFT = "industry_handicraft", "Công nghiệp – TTCN"
    CONSTRUCTION = "construction", "Xây dựng"
    TRADE_SERVICE = "trade_service", "Thương mại – dịch vụ"
    TRANSPORT = "transport", "Vận tải"
    CREDIT = "credit", "Tín dụng (QTDND)"
    ENVIRONMENT = "environment", "Môi trường"
    HOUSING = "housing", "Nhà ở"
    OTHER = "other", "Khác"


class Status(LabelledEnum):
    ACTIVE = "active", "Đang hoạt động"
    SUSPENDED = "suspended", "Tạm ngừng kinh doanh"
    NOT_AT_ADDRESS = "not_at_address", "Không hoạt động tại địa chỉ đăng ký"
    REVOKED = "revoked", "Bị thu hồi giấy chứng nhận"
    AWAITING_DISSOLUTION = "awaiting_dissolution", "Đang làm thủ tục giải thể"
    DISSOLVED = "dissolved", "Đã giải thể"
    BANKRUPT = "bankrupt", "Phá sản"


class DissolutionKind(LabelledEnum):
    VOLUNTARY = "voluntary", "Tự nguyện"
    COMPULSORY = "compulsory", "Bắt buộc"


class DatePrecision(LabelledEnum):
    DAY = "day", "Ngày"
    MONTH = "month", "Tháng"
    YEAR = "year", "Năm"


class PersonKind(LabelledEnum):
    INDIVIDUAL = "individual", "Cá nhân"
    HOUSEHOLD = "household", "Hộ gia đình"
    LEGAL_ENTITY = "legal_entity", "Pháp nhân"


class MemberType(LabelledEnum):
    OFFICIAL = "official", "Thành viên chính thức"
    ASSOCIATE_CONTRIBUTING = "associate_contributing", "Thành viên liên kết góp vốn"
    ASSOCIATE = "associate", "Thành viên liên kết không góp vốn"


class ContributionKind(LabelledEnum):
    CONTRIBUTION = "contribution", "Góp vốn"
    WITHDRAWAL = "withdrawal", "Rút vốn"


class DebtDirection(LabelledEnum):
    PAYABLE = "payable", "HTX nợ"
    RECEIVABLE = "receivable", "Phải thu"


class Counterparty(LabelledEnum):
    STATE_BUDGET = "state_budget", "Ngân sách nhà nước"
    BANK = "bank", "Ngân hàng"
    ECONOMIC_ORG = "economic_org", "Tổ chức kinh tế khác"
    MEMBER = "member", "Thành viên"
    OTHER = "other", "Khác"


class DebtState(LabelledEnum):
    OUTSTANDING = "outstanding", "Chưa xử lý"
    PARTLY_SETTLED = "partly_settled", "Đã xử lý một phần"
    SETTLED = "settled", "Đã xử lý xong"
    WRITTEN_OFF = "written_off", "Đã xoá nợ"
    DISPUTED = "disputed", "Đang tranh chấp"


class AssetKind(LabelledEnum):
    LAND = "land", "Đất đai"
    BUILDING = "building", "Nhà, công trình"
    EQUIPMENT = "equipment", "Máy móc, thiết bị"
    OTHER = "other", "Tài sản khác"


class LandCertificate(LabelledEnum):
    ISSUED = "issued", "Đã cấp GCN quyền sử dụng đất"
    PENDING = "pending", "Đang làm thủ tục cấp"
    NOT_ISSUED = "not_issued", "Chưa cấp"


class LandOrigin(LabelledEnum):
    ALLOCATED = "allocated", "Nhà nước giao"
    LEASED = "leased", "Thuê"
    CONTRIBUTED = "contributed", "Thành viên góp"
    OTHER = "other", "Khác"


class LegacyGrade(LabelledEnum):
    GOOD = "good", "Tốt"
    FAIR = "fair", "Khá"
    AVERAGE = "average", "Trung bình"
    WEAK = "weak", "Yếu"


class ScaleClass(LabelledEnum):
    MICRO = "micro", "Siêu nhỏ"
    SMALL = "small", "Nhỏ"
    MEDIUM = "medium", "Vừa"
    LARGE = "large", "Lớn"


class Role(LabelledEnum):
    ADMIN = "admin", "Quản trị hệ thống cấp tỉnh"
    PLANNER = "planner", "Cán bộ kế hoạch cấp tỉnh"
    ALLIANCE = "alliance", "Cán bộ Liên minh HTX"
    AREA_OFFICER = "area_officer", "Cán bộ địa bàn"
    VIEWER = "viewer", "Chỉ xem"


class AuditAction(LabelledEnum):
    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Sửa"
    DELETE = "delete", "Xoá"
    IMPORT = "import", "Nhập dữ liệu"
    EXPORT = "export", "Xuất dữ liệu"
    LOGIN = "login", "Đăng nhập"
    LOGIN_FAILED = "login_failed", "Đăng nhập sai"
    CONFLICT = "conflict", "Từ chối do sửa đồng thời"


class OperatingState(LabelledEnum):
    """What an officer found an organisation doing, apart from its legal status."""

    OPERATING = "operating", "Đang hoạt động"
    WEAK = "weak", "Hoạt động yếu, cầm chừng"
    NOT_OPERATING = "not_operating", "Không hoạt động"
    NOT_FOUND = "not_found", "Không tìm thấy tại địa chỉ"


class ObservationSource(LabelledEnum):
    FIELD_VISIT = "field_visit", "Kiểm tra thực tế"
    COMMUNE_REPORT = "commune_report", "Báo cáo của xã"
    TAX_DATA = "tax_data", "Dữ liệu cơ quan thuế"
    IMPORTED_LIST = "imported_list", "Danh sách nhập từ tệp"
    OTHER = "other", "Nguồn khác"


class GroundOutcome(LabelledEnum):
    MET = "met", "Đủ căn cứ"
    NOT_MET = "not_met", "Chưa đủ căn cứ"
    UNKNOWN = "unknown", "Thiếu dữ liệu, chưa kết luận được"


class CaseStage(LabelledEnum):
    """Where a dissolution case stands: whose move it is."""

    AREA_REVIEW = "area_review", "Chờ địa bàn xem xét"
    DECISION = "decision", "Chờ quyết định"
    COMPLETION = "completion", "Đang thực hiện quyết định"
    CLOSED = "closed", "Đã kết thúc"


class ReviewVerdict(LabelledEnum):
    AGREE = "agree", "Đồng ý"
    DISAGREE = "disagree", "Không đồng ý"


class CaseOutcome(LabelledEnum):
    COMPULSORY_DISSOLUTION = "compulsory_dissolution", "Giải thể bắt buộc"
    REVOCATION = "revocation", "Thu hồi giấy chứng nhận đăng ký"
    VOLUNTARY_DISSOLUTION = "voluntary_dissolution", "Hướng dẫn giải thể tự nguyện"
    REORGANISATION = "reorganisation", "Tổ chức lại"
    REVIVAL = "revival", "Củng cố, khôi phục hoạt động"
    NO_ACTION = "no_action", "Kết thúc, không xử lý"


class CaseAction(LabelledEnum):
    """One step in a case's history."""

    OPENED = "opened", "Lập hồ sơ"
    REVIEWED = "reviewed", "Địa bàn cho ý kiến"
    EVIDENCE = "evidence", "Bổ sung chứng cứ"
    DECIDED = "decided", "Quyết định"
    COMPLETED = "completed", "Hoàn tất giải thể"
    CLOSED = "closed", "Kết thúc hồ sơ"


class SupportKind(LabelledEnum):
    TRAINING = "training", "Đào tạo, tập huấn"
    LEGAL_ADVICE = "legal_advice", "Tư vấn pháp lý"
    DISSOLUTION_DOSSIER = "dissolution_dossier", "Hỗ trợ hồ sơ giải thể"
    FUND_LOAN = "fund_loan", "Cho vay từ quỹ hỗ trợ"
    OTHER = "other", "Hỗ trợ khác"


class SettlementKind(LabelledEnum):
    PAID = "paid", "Trả nợ"
    RESCHEDULED = "rescheduled", "Gia hạn, cơ cấu lại"
    WRITTEN_OFF = "written_off", "Xoá nợ"
    CONVERTED = "converted", "Chuyển đổi (thành vốn góp, tài sản…)"


class BaselineIndicator(LabelledEnum):
    """What the plan's baseline counts (Plan 655/KH-UBND, 23/03/2023)."""

    ORGS_STOPPED = "orgs_stopped", "Tổ chức ngừng hoạt động, chờ giải thể, bị thu hồi"
    DEBTS_OPEN_COUNT = "debts_open_count", "Số khoản nợ tồn đọng"
    DEBTS_OPEN_AMOUNT = "debts_open_amount", "Dư nợ tồn đọng (đồng)"
    LAND_QUESTIONS = "land_questions", "Thửa đất có vướng mắc (chưa cấp GCN, tranh chấp)"


class SubmissionState(LabelledEnum):
    DRAFT = "draft", "Đang chuẩn bị"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đã chấp nhận"


class JobState(LabelledEnum):
    """Where a job stands (:mod:`registry.jobs`)."""

    QUEUED = "queued", "Đang chờ đến lượt"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Đã xong"
    REFUSED = "refused", "Bị từ chối"
    FAILED = "failed", "Lỗi"


#: English labels where the value in words reads badly.
ENGLISH: dict[LabelledEnum, str] = {
    UnitScheme.LEGACY: "Before 1/7/2025 (province – district – commune)",
    UnitScheme.CURRENT: "From 1/7/2025 (province – commune)",
    OrgType.GROUP: "Cooperative group",
    OrgType.UNION: "Union of cooperatives",
    OrgType.CREDIT_FUND: "People's credit fund",
    GoverningLaw.LAW_2003: "Cooperative Law 2003",
    GoverningLaw.LAW_2012: "Cooperative Law 2012 (23/2012/QH13)",
    GoverningLaw.LAW_2023: "Cooperative Law 2023 (17/2023/QH15)",
    Sector.INDUSTRY_HANDICRAFT: "Industry and handicraft",
    Sector.TRADE_SERVICE: "Trade and services",
    Sector.CREDIT: "Credit (people's credit funds)",
    Status.NOT_AT_ADDRESS: "Not operating at its registered address",
    Status.REVOKED: "Certificate revoked",
    Status.AWAITING_DISSOLUTION: "Undergoing dissolution",
    DatePrecision.DAY: "Day",
    PersonKind.LEGAL_ENTITY: "Legal entity",
    MemberType.OFFICIAL: "Official member",
    MemberType.ASSOCIATE_CONTRIBUTING: "Associate member contributing capital",
    MemberType.ASSOCIATE: "Associate member not contributing capital",
    DebtDirection.PAYABLE: "Owed by the organisation",
    DebtDirection.RECEIVABLE: "Owed to the organisation",
    Counterparty.STATE_BUDGET: "State budget",
    Counterparty.ECONOMIC_ORG: "Other economic organisation",
    DebtState.OUTSTANDING: "Not settled",
    LandCertificate.ISSUED: "Land-use certificate issued",
    LandCertificate.PENDING: "Certificate being issued",
    LandCertificate.NOT_ISSUED: "No certificate",
    LandOrigin.ALLOCATED: "Allocated by the State",
    LandOrigin.CONTRIBUTED: "Contributed by members",
    Role.ADMIN: "Provincial administrator",
    Role.PLANNER: "Provincial planning officer",
    Role.ALLIANCE: "Cooperative Alliance officer",
    Role.AREA_OFFICER: "Area officer",
    Role.VIEWER: "Read only",
    AuditAction.LOGIN: "Sign-in",
    AuditAction.LOGIN_FAILED: "Failed sign-in",
    AuditAction.CONFLICT: "Refused: edited meanwhile",
    OperatingState.WEAK: "Operating weakly",
    OperatingState.NOT_FOUND: "Not found at its address",
    ObservationSource.TAX_DATA: "Tax authority data",
    GroundOutcome.UNKNOWN: "Cannot tell: data missing",
    CaseStage.AREA_REVIEW: "Awaiting the area's review",
    CaseStage.DECISION: "Awaiting the decision",
    CaseStage.COMPLETION: "Decision being carried out",
    CaseOutcome.VOLUNTARY_DISSOLUTION: "Guided voluntary dissolution",
    CaseOutcome.REVIVAL: "Revival",
    CaseOutcome.NO_ACTION: "Closed without action",
    CaseAction.OPENED: "Case opened",
    CaseAction.REVIEWED: "The area's review",
    CaseAction.EVIDENCE: "Evidence added",
    CaseAction.DECIDED: "Decision",
    CaseAction.COMPLETED: "Dissolution completed",
    CaseAction.CLOSED: "Case closed",
    SupportKind.DISSOLUTION_DOSSIER: "Help with a dissolution dossier",
    SupportKind.FUND_LOAN: "Loan from the support fund",
    SettlementKind.PAID: "Repaid",
    SettlementKind.CONVERTED: "Converted (into capital, assets…)",
    SubmissionState.DRAFT: "In preparation",
    JobState.QUEUED: "Waiting its turn",
    JobState.FAILED: "Failed",
    BaselineIndicator.ORGS_STOPPED: "Organisations stopped, awaiting dissolution or revoked",
    BaselineIndicator.DEBTS_OPEN_COUNT: "Unsettled debts",
    BaselineIndicator.DEBTS_OPEN_AMOUNT: "Unsettled debts (đồng)",
    BaselineIndicator.LAND_QUESTIONS: "Land parcels with questions (no certificate, disputed)",
}
for _member, _text in ENGLISH.items():
    _member.en = _text
