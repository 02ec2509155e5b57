"""Importer fixtures shared by the kinds that attach records to known cooperatives."""

import pytest
import xlsxwriter

from importers.run import commit, plan

LISTS = ("coops_district_list.xlsx", "coops_vni.xls", "coops_tcvn3.ods")


@pytest.fixture
def registry_of_lists(session, samples):
    """The session with the three sample organisation lists imported."""
    for name in LISTS:
        commit(session, plan(session, samples / name))
    return session


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: letters with ^ ˘ ơ ư precomposed, the
    tone as a combining mark after them."""
    import unicodedata

    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += (base + tones).encode("cp1258")
    return out


def workbook(directory, rows, name="test.xlsx", sheet="DS"):
    """A one-sheet workbook of ``rows`` (lists of cell values) in ``directory``."""
    path = directory / name
    book = xlsxwriter.Workbook(str(path))
    worksheet = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            worksheet.write(r, c, value)
    book.close()
    return path
