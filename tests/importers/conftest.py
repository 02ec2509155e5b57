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


def ods(directory, rows, name="test.ods", sheet="DS", merged=()):
    """A one-sheet OpenDocument spreadsheet of ``rows`` (text and numbers), written by hand
    (no office suite here). ``merged``: ``(row, column, rows spanned)`` of cells merged down,
    the cells they cover written as covered cells."""
    import zipfile
    from xml.sax.saxutils import escape

    spans = {(r, c): n for r, c, n in merged}
    covered = {(r + k, c) for (r, c), n in spans.items() for k in range(1, n)}
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
                continue
            span = f' table:number-rows-spanned="{spans[r, c]}"' if (r, c) in spans else ""
            if isinstance(value, int | float):
                cells.append(
                    f'<table:table-cell office:value-type="float" office:value="{value}"{span}>'
                    f"<text:p>{value}</text:p></table:table-cell>"
                )
            elif value in ("", None):
                cells.append(f"<table:table-cell{span}/>")
            else:
                cells.append(
                    f'<table:table-cell office:value-type="string"{span}>'
                    f"<text:p>{escape(value)}</text:p></table:table-cell>"
                )
        body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        f"{''.join(body)}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    path = directory / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def coded(session):
    """The first organisation of the lists with a tax code, for a file to name."""
    from sqlmodel import select

    from registry.models import Organisation

    return session.scalars(
        select(Organisation).where(Organisation.tax_code.is_not(None)).order_by(Organisation.id)
    ).first()
