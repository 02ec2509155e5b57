"""Column mapping: Vietnamese (and English) header words to the fields of a record kind,
matched on folded text, so ``Mã số HTX``, ``MA SO THUE`` and ``MST`` all find ``tax_code``."""

from __future__ import annotations

import re

from registry.text import fold

#: field → header phrases, folded. The longest phrase found in a header decides.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "stt": ("stt", "tt", "so tt", "so thu tu", "no"),
    "name": (
        "ten hop tac xa",
        "ten htx",
        "ten don vi",
        "ten to chuc",
        "ten to hop tac",
        "ten",
        "name",
    ),
    "tax_code": (
        "ma so thue",
        "ma so htx",
        "ma so hop tac xa",
        "mst",
        "ma so doanh nghiep",
        "ma so dn",
        "tax code",
    ),
    "org_kind": ("loai hinh", "loai hinh to chuc", "loai hinh kttt", "loai to chuc", "type"),
    "certificate_number": (
        "so dkkd",
        "so gcn dkkd",
        "so giay chung nhan",
        "so dang ky",
        "so gcn dkhtx",
        "so dkhtx",
        "so gcn",
        "legacy certificate no",  # the registry's own export
    ),
    "registration_number": (
        "so dkkd mst",
        "so dkkd ma so thue",
        "mst so dkkd",
        # The certificate's title over its number: the number is a tax code or an old one.
        "giay cn dkhtx",
        "giay chung nhan dkhtx",
        "gcn dkhtx",
        "giay cn dkkd",
        "giay chung nhan dkkd",
        "giay chung nhan dang ky hop tac xa",
    ),
    "certificate_date": ("ngay cap dkkd", "ngay cap gcn", "ngay cap", "ngay dang ky lan dau"),
    "founding_date": (
        "ngay thanh lap",
        "nam thanh lap",
        "nam tl",
        "ngay tl",
        "thanh lap",
        "founded",
    ),
    "district": ("huyen", "huyen thi xa thanh pho", "district"),
    "commune": (
        "xa",
        "xa phuong",
        "xa phuong tt",
        "xa phuong thi tran",
        "xa thi tran",
        "commune",
        "dia chi tru so xa phuong tt",
    ),
    "village": (
        "thon",
        "thon to dan pho",
        "dia chi tru so thon to dan pho",
        "thon buon",
        "thon lang",
        "thon buon lang",
        "buon",
        "lang",
    ),
    "address": (
        "dia chi",
        "dia chi tru so",
        "tru so",
        "dia ban",
        "dia ban hoat dong",
        "noi o",
        "noi thuong tru",
        "address",
    ),
    "sector": ("linh vuc", "linh vuc hoat dong", "nganh", "sector"),
    "main_product": (
        "nganh nghe sxkd chinh",
        "nganh nghe",
        "san pham chinh",
        "san pham",
        "nganh nghe kinh doanh chinh",
    ),
    "members": (
        "tong so thanh vien",
        "so thanh vien",
        "so xa vien",
        "xa vien tong so",
        "xa vien nguoi tong so",
        "thanh vien tong so",
        "thanh vien",
        "xa vien",
        "so tv",
        "members",
    ),
    # The registry's own export: the reported count's date, and the count on the register
    # (read back as nothing: the register counts its own members).
    "members_as_of": ("members as of", "so thanh vien tinh den ngay"),
    "members_on_register": ("members on register", "thanh vien trong so"),
    "female_members": ("trong do nu", "xa vien trong do nu", "xa vien nguoi trong do nu", "nu"),
    "charter_capital": ("von dieu le", "von von dieu le", "charter capital"),
    "contributed_capital": ("von gop thuc te", "von von gop thuc te", "von gop"),
    "director": (
        "giam doc ho va ten",
        "giam doc",
        "chu nhiem",
        "chu nhiem htx",
        "ho ten giam doc",
        "nguoi dai dien",
        "chu tich hdqt",
        "chu tich hoi dong quan tri",
        "director",
    ),
    "phones": ("sdt", "so dien thoai", "dien thoai", "giam doc sdt", "dt", "phone"),
    "email": ("email", "e mail", "thu dien tu", "dia chi email", "hop thu"),
    "status": (
        "tinh trang",
        "tinh trang hoat dong",
        "tinh hinh hoat dong",
        "hien trang",
        "trang thai",
        "status",
    ),
    "notes": ("ghi chu", "notes"),
    # The registry's own export: units by their codes, the reorganisation flag.
    "unit_code": ("unit code", "ma dvhc", "ma don vi hanh chinh"),
    "legacy_unit_code": ("legacy unit code", "ma dvhc cu", "ma don vi hanh chinh cu"),
    "registry_id": ("registry id",),  # the registry's own export
    "not_reorganized": ("not reorganized", "chua to chuc lai"),
    # members
    "coop_tax_code": ("ma so htx", "ma so hop tac xa", "mst htx", "ma so thue htx"),
    "coop_name": ("ten htx", "ten hop tac xa", "thuoc htx"),
    "full_name": (
        "ho va ten",
        "ho ten",
        "ten thanh vien",
        "ten ho",
        "chu ho",
        "ten chu ho",
        "full name",
    ),
    "person_kind": ("doi tuong", "loai doi tuong"),
    "birth_date": ("ngay sinh", "nam sinh", "ngay thang nam sinh", "sinh nam"),
    "birth_date_female": (),  # the women's column under a birth date title (``BY_SEX``)
    "gender": ("gioi tinh", "nam nu"),
    "id_number": (
        "so cccd cmnd mst",
        "so cccd cmnd",
        "so cccd",
        "so cmnd",
        "cccd cmnd",
        "cmnd cccd",
        "cmnd",
        "cccd",
        "cmt",
        "so cmt",
        "so dinh danh",
        "id number",
    ),
    "member_type": (
        "loai thanh vien",
        "loai tv",
        "hinh thuc tham gia",
        "thanh vien chinh thuc lien ket",
    ),
    "joined_on": (
        "ngay gia nhap",
        "ngay tham gia",
        "ngay vao",
        "ngay ket nap",
        "thoi diem gia nhap",
        "thoi gian tham gia",
        "nam tham gia",
        "nam gia nhap",
        "nam vao",
    ),
    "capital": (
        "von gop dong",
        "von gop",
        "so von gop",
        "von gop cua thanh vien",
        "gop von",
        "so tien gop von",
        "so tien gop",
        "muc gop von",
        "capital",
    ),
    # annual figures
    "year": ("nam", "nam bao cao", "year"),
    "members_total": (
        "thanh vien tong so",
        "thanh vien nguoi tong so",
        "tong so thanh vien",
        "so thanh vien",
        "thanh vien",
        "members",
    ),
    "members_official": ("thanh vien chinh thuc", "thanh vien nguoi chinh thuc", "chinh thuc"),
    "members_associate": ("thanh vien lien ket", "thanh vien nguoi lien ket", "lien ket"),
    "workers": ("lao dong", "so lao dong", "so lao dong thuong xuyen", "workers"),
    "revenue": ("doanh thu", "tong doanh thu", "revenue"),
    "profit": ("loi nhuan", "lai lo", "loi nhuan truoc thue", "profit"),
    "avg_income": (
        "thu nhap binh quan",
        "thu nhap bq",
        "thu nhap bq cua tv",
        "thu nhap binh quan cua thanh vien",
        "average income",
    ),
    "total_assets": ("tong tai san", "tong nguon von", "total assets"),
    "mobilised_capital": ("von huy dong",),
    "indivisible_fund": ("quy khong chia", "tai san khong chia"),
    "support_received": ("kinh phi ho tro", "ho tro nhan duoc", "von ho tro"),
    "general_meeting": (
        "ngay dhtv",
        "ngay to chuc dhtv",
        "ngay dai hoi",
        "dai hoi thanh vien",
        "ngay to chuc dai hoi thanh vien",
        "dai hoi thuong nien",
        "general meeting",
    ),
    "grade": ("xep loai", "phan loai", "danh gia xep loai"),
    # debts and land
    "direction": ("loai cong no", "loai no", "phai tra phai thu", "no phai tra phai thu"),
    "counterparty": (
        "doi tuong no",
        "chu no",
        "khach no",
        "doi tuong",
        "ben no",
        "don vi cho vay",
        "ben cho vay",
        "don vi ca nhan",
        "to chuc ca nhan",
        "doi tac",
        "creditor debtor",
    ),
    "content": ("noi dung", "noi dung khoan no", "noi dung no"),
    "incurred": (
        "thoi diem phat sinh",
        "ngay phat sinh",
        "nam phat sinh",
        "thoi gian phat sinh",
        "thoi gian vay",
        "nam vay",
        "ngay vay",
    ),
    "principal": (
        "so no goc",
        "no goc",
        "so tien goc",
        "so tien no goc",
        "so tien vay",
        "principal",
    ),
    "outstanding": (
        "du no",
        "so du no",
        "so du",
        "no con lai",
        "so con no",
        "so tien no",
        "so no phai tra",
        "con no",
        "so tien con no",
        "outstanding",
    ),
    "collateral": ("tai san bao dam", "tai san dam bao", "tai san the chap"),
    "resolution": (
        "tinh hinh xu ly",
        "tinh trang xu ly",
        "ket qua xu ly",
        "bien phap xu ly",
        "huong xu ly",
        "phuong an xu ly",
    ),
    "location": ("vi tri thua dat", "vi tri", "dia chi thua dat", "vi tri khu dat"),
    "land_origin": ("nguon goc dat", "nguon goc", "nguon goc su dung dat"),
    "area": ("dien tich", "dien tich dat", "dien tich m2", "dien tich ha", "area"),
    "land_certificate": (
        "tinh trang gcn qsdd",
        "gcn qsdd",
        "tinh trang giay chung nhan",
        "so do",
        "tinh trang so do",
        "giay cnqsdd",
        "gcnqsdd",
        "giay chung nhan qsdd",
        "giay chung nhan quyen su dung dat",
        "giay chung nhan",
        "so hong",
    ),
    "book_value": ("gia tri theo so sach", "gia tri so sach", "nguyen gia", "gia tri"),
    "purpose": ("muc dich su dung", "muc dich"),
}

#: Which fields a record kind reads; a column matching none is kept but not imported.
KIND_FIELDS = {
    "members": (
        "stt",
        "coop_tax_code",
        "coop_name",
        "full_name",
        "person_kind",
        "birth_date",
        "birth_date_female",
        "gender",
        "id_number",
        "phones",
        "address",
        "village",
        "commune",
        "member_type",
        "joined_on",
        "capital",
        "notes",
    ),
    "organisations": (
        "stt",
        "name",
        "org_kind",
        "tax_code",
        "certificate_number",
        "registration_number",
        "certificate_date",
        "founding_date",
        "district",
        "commune",
        "village",
        "address",
        "sector",
        "main_product",
        "members",
        "members_as_of",
        "members_on_register",
        "female_members",
        "workers",
        "charter_capital",
        "contributed_capital",
        "director",
        "phones",
        "email",
        "status",
        "not_reorganized",
        "unit_code",
        "legacy_unit_code",
        "registry_id",
        "notes",
    ),
    "annual_figures": (
        "stt",
        "name",
        "tax_code",
        "district",
        "commune",
        "year",
        "members_total",
        "members_official",
        "members_associate",
        "workers",
        "revenue",
        "profit",
        "avg_income",
        "charter_capital",
        "contributed_capital",
        "mobilised_capital",
        "total_assets",
        "indivisible_fund",
        "support_received",
        "general_meeting",
        "grade",
        "notes",
    ),
    # One sheet holds a debts table and a land table; each table's columns tell which.
    "debts_assets": (
        "stt",
        "name",
        "tax_code",
        "district",
        "direction",
        "counterparty",
        "content",
        "incurred",
        "principal",
        "outstanding",
        "collateral",
        "resolution",
        "location",
        "land_origin",
        "area",
        "land_certificate",
        "book_value",
        "purpose",
        "notes",
    ),
}


def field_for(header: str, kind: str = "organisations") -> str | None:
    """The field a joined header names: an exact phrase match wins, then the longest phrase
    contained in the header (as whole words). Under a merged title the lowest title is the
    most specific (``Địa chỉ trụ sở / Xã, thị trấn`` is the commune, not the address) when
    it reads as a title by itself."""
    *parents, lowest = header.rsplit(" / ", 1)
    if parents and (sex := fold(lowest)) in ("nam", "nu"):
        split = BY_SEX.get(field_for(parents[0], kind))
        if split:
            return split[sex == "nu"]
    if parents and is_header_cell(lowest, kind):
        field, _length = _best_phrase(fold(lowest), kind)
        if field:
            return field
    whole = _best_phrase(fold(header), kind)[0]
    if parents and fold(lowest).startswith("trong do") and whole == field_for(parents[0], kind):
        return None  # "of which women" under "members": a part this kind keeps no field for
    return whole


#: Titles split in two columns by sex, ``Nam`` | ``Nữ`` (``Năm sinh`` so split: the year is
#: written in the column of the person's sex): the field each of the two is read as (the
#: registry keeps no sex, so a ``Giới tính`` pair of marks is read, for the preview, once).
BY_SEX = {"birth_date": ("birth_date", "birth_date_female"), "gender": ("gender", None)}

#: Phrases that name a column only as its whole title: ``No.`` is the row number, but
#: ``nợ`` folds to the same word (``Số nợ phải trả``).
WHOLE_TITLE_ONLY = {"no", "tt"}


def _best_phrase(key: str, kind: str) -> tuple[str | None, int]:
    if not key:
        return None, 0
    best, best_length = None, 0
    for field in KIND_FIELDS[kind]:
        for phrase in SYNONYMS[field]:
            if key == phrase:
                return field, len(phrase)
            if (
                f" {phrase} " in f" {key} "
                and len(phrase) > best_length
                and phrase not in WHOLE_TITLE_ONLY
            ):
                best, best_length = field, len(phrase)
    return best, best_length


def is_header_cell(text: str, kind: str = "organisations") -> bool:
    """Whether a cell reads as a column title (``Tên hợp tác xã``), not as data that happens
    to contain a title word (``Xã Ia Nhin``, ``Thôn 1``): the phrase must be most of it."""
    key = fold(re.sub(r"\([^()]*\)", " ", text))
    if not key or len(key) > 60:
        return False
    for field in KIND_FIELDS[kind]:
        for phrase in SYNONYMS[field]:
            if key == phrase or (f" {phrase} " in f" {key} " and len(phrase) >= 0.6 * len(key)):
                return True
    return False


#: Fields that make a row without a name a record of its own, of the organisation named
#: above it ("as above"), by kind: another debt or parcel of the same cooperative. In the
#: other kinds such a row continues the record above (a second phone number).
NAMELESS_RECORD_FIELDS = {
    "debts_assets": frozenset(
        {
            "counterparty",
            "content",
            "principal",
            "outstanding",
            "location",
            "area",
            "land_origin",
            "land_certificate",
            "purpose",
        }
    ),
}

#: The field that names the record: a row without it is not data, or is rejected.
NAME_FIELD = {
    "organisations": "name",
    "members": "full_name",
    "annual_figures": "name",
    "debts_assets": "name",
}


def map_columns(
    headers: list[str], kind: str = "organisations", corrections: dict[str, str] | None = None
) -> dict[int, str]:
    """Column index → field; a field claimed twice is a duplicate header the clerk resolves.
    ``corrections`` (folded header → field, or "" for a column not to import) are the
    clerk's, from the preview or a saved profile, and win over the synonyms."""
    corrections = corrections or {}
    mapped = {}
    for i, header in enumerate(headers):
        key = fold(header)
        field = corrections[key] if key in corrections else field_for(header, kind)
        if field:
            mapped[i] = field
    return mapped


#: Fields only one kind has, which tell the kinds apart.
OWN_FIELDS = {
    kind: set(fields) - {f for other, fs in KIND_FIELDS.items() if other != kind for f in fs}
    for kind, fields in KIND_FIELDS.items()
}


#: What each field is called on the mapping a clerk corrects (the domain's own words).
FIELD_LABELS = {
    "address": "Địa chỉ trụ sở",
    "area": "Diện tích",
    "avg_income": "Thu nhập bình quân",
    "birth_date": "Ngày/năm sinh",
    "birth_date_female": "Ngày/năm sinh (cột nữ)",
    "book_value": "Giá trị sổ sách",
    "capital": "Vốn góp",
    "certificate_date": "Ngày cấp ĐKKD",
    "certificate_number": "Số ĐKKD",
    "charter_capital": "Vốn điều lệ",
    "collateral": "Tài sản bảo đảm",
    "commune": "Xã/phường",
    "content": "Nội dung khoản nợ",
    "contributed_capital": "Vốn góp thực tế",
    "coop_name": "Tên HTX",
    "coop_tax_code": "Mã số thuế HTX",
    "counterparty": "Đối tượng nợ",
    "director": "Giám đốc",
    "direction": "Phải trả / phải thu",
    "district": "Huyện/thị xã",
    "female_members": "Thành viên nữ",
    "founding_date": "Ngày thành lập",
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "general_meeting": "Ngày đại hội thành viên",
    "grade": "Xếp loại",
    "id_number": "Số CCCD/CMND",
    "incurred": "Thời điểm phát sinh",
    "indivisible_fund": "Quỹ không chia",
    "joined_on": "Ngày gia nhập",
    "land_certificate": "Tình trạng GCN QSDĐ",
    "land_origin": "Nguồn gốc đất",
    "location": "Vị trí thửa đất",
    "main_product": "Ngành nghề, sản phẩm chính",
    "member_type": "Loại thành viên",
    "members": "Số thành viên",
    "members_as_of": "Số thành viên tính đến ngày",
    "members_on_register": "Thành viên trong sổ (không nhập)",
    "members_associate": "Thành viên liên kết",
    "members_official": "Thành viên chính thức",
    "members_total": "Tổng số thành viên",
    "mobilised_capital": "Vốn huy động",
    "name": "Tên tổ chức",
    "notes": "Ghi chú",
    "org_kind": "Loại hình (HTX, THT, QTDND)",
    "outstanding": "Dư nợ",
    "person_kind": "Đối tượng (cá nhân, hộ, pháp nhân)",
    "phones": "Điện thoại",
    "email": "Thư điện tử",
    "principal": "Nợ gốc",
    "profit": "Lợi nhuận",
    "purpose": "Mục đích sử dụng",
    "registration_number": "Số ĐKKD/mã số thuế",
    "resolution": "Tình hình xử lý",
    "revenue": "Doanh thu",
    "sector": "Lĩnh vực",
    "status": "Tình trạng hoạt động",
    "stt": "Số thứ tự",
    "support_received": "Hỗ trợ nhận được",
    "tax_code": "Mã số thuế",
    "total_assets": "Tổng tài sản",
    "village": "Thôn/tổ dân phố",
    "unit_code": "Mã ĐVHC (từ 01/7/2025)",
    "legacy_unit_code": "Mã ĐVHC (trước 01/7/2025)",
    "registry_id": "Mã hồ sơ trong cơ sở dữ liệu",
    "not_reorganized": "Chưa tổ chức lại theo Luật",
    "workers": "Số lao động",
    "year": "Năm",
}
