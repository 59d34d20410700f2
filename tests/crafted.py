"""Files crafted as an attacker would, small on the wire and expensive to decode (tests and bench/uploads.py).

Each is made for real: the PNG by Pillow, the workbooks by writing their XML into a zip, so that what the
importers meet is byte for byte what a person could upload.
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import strategies as st
from PIL import Image

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Lines" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _inline_row(number: int, cells: list[str]) -> str:
    parts = []
    for index, text in enumerate(cells):
        column = "ABCDEFG"[index]
        parts.append(f'<c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c>')
    return f'<row r="{number}">{"".join(parts)}</row>'


HEADER = ["direction", "code", "economic_code", "amount"]
LINE = ["revenue", "1132", "", "100"]


def xlsx_from_sheet_xml(sheet_xml: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook whose first sheet is `sheet_xml`, deflated at the highest level."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def xlsx_empty_rows(empty_rows: int, *, dimension: bool = False, explicit: bool = True) -> bytes:
    """A header row, `empty_rows` empty rows, then one good budget line.

    explicit: each empty row is written as `<row/>` (the 176 KB file of the report); otherwise the line is
    simply numbered far down (`<row r="N">`) and the reader makes up the rows in between. dimension: the
    sheet declares its true size in `<dimension>`, as Excel writes it.
    """
    last = empty_rows + 2
    head = _SHEET_HEAD + (f'<dimension ref="A1:D{last}"/>' if dimension else "") + "<sheetData>"
    body = _inline_row(1, HEADER).encode()
    body += b"<row/>" * empty_rows if explicit else b""
    tail = (_inline_row(last, LINE) + "</sheetData></worksheet>").encode()
    return xlsx_from_sheet_xml(head.encode() + body + tail)


def xlsx_zip_bomb(megabytes: int) -> bytes:
    """A good little sheet whose XML is padded with `megabytes` MB of spaces between its rows."""
    sheet = (_SHEET_HEAD + "<sheetData>" + _inline_row(1, HEADER)).encode()
    sheet += b" " * (megabytes * 1024 * 1024)
    sheet += (_inline_row(2, LINE) + "</sheetData></worksheet>").encode()
    return xlsx_from_sheet_xml(sheet)


def png_bomb(width: int, height: int, mode: str = "RGBA") -> bytes:
    """A blank PNG of width x height: a few hundred KB that decode to width x height x 4 bytes."""
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, format="PNG", optimize=False, compress_level=9)
    return out.getvalue()


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` with a few bytes flipped, inserted, deleted or cut off, or a huge cell pasted in."""
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, max(len(buffer) - 1, 0)))
        operation = draw(st.sampled_from(("flip", "insert", "delete", "truncate", "huge", "quote")))
        if operation == "flip" and buffer:
            buffer[where] ^= draw(st.integers(1, 255))
        elif operation == "insert":
            buffer[where:where] = draw(st.binary(min_size=1, max_size=16))
        elif operation == "delete":
            del buffer[where : where + draw(st.integers(1, 64))]
        elif operation == "truncate":
            del buffer[where:]
        elif operation == "huge":
            size = draw(st.sampled_from((10_001, 131_073, 600_000)))
            buffer[where:where] = draw(st.sampled_from((b"7", b"x", b"\xd0\x96", b",", b"\n"))) * size
        elif operation == "quote":
            buffer[where:where] = b'"'
    return bytes(buffer)
