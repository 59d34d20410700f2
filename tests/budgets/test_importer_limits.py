"""Budget files crafted to be cheap to send and dear to read are refused, clearly, before they cost much.

(The cost itself is measured by bench/uploads.py; time is not asserted here.)
"""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest
from django.utils import translation

from kenesh.budgets.importer import MAX_ROWS, BudgetFileRejected, budget_file_import
from kenesh.budgets.models import VersionKind
from kenesh.budgets.testing import version_make
from tests.crafted import xlsx_empty_rows, xlsx_zip_bomb

pytestmark = pytest.mark.django_db

ROWS_MESSAGE = f"A file has at most {MAX_ROWS} rows (empty rows count too)."


@pytest.fixture
def draft(budget):
    return version_make(budget, VersionKind.DRAFT, published=False)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def rejected(version, data, filename) -> list[tuple[int | None, str]]:
    with pytest.raises(BudgetFileRejected) as caught:
        budget_file_import(actor=None, version=version, data=data, filename=filename)
    assert not version.lines.exists()
    return [(error.row, error.message) for error in caught.value.errors]


def _rows_message(errors):
    [(row, message)] = errors
    assert message == ROWS_MESSAGE
    return row


def test_the_reported_workbook_of_20_million_empty_rows_is_refused_by_its_unpacked_size(draft):
    data = xlsx_empty_rows(20_000_000)
    assert len(data) < 200 * 1024
    assert rejected(draft, data, "empty.xlsx") == [
        (
            None,
            "The workbook unpacks to too much data: at most 40 MB. Keep only the budget lines in it.",
        )
    ]


def test_a_workbook_of_two_million_empty_rows_is_refused_by_its_compression(draft):
    # 12 MB of XML, under the total limit, but deflated 600:1: no real sheet compresses so well.
    data = xlsx_empty_rows(2_000_000)
    assert rejected(draft, data, "empty.xlsx")[0][1].startswith("The workbook unpacks to too much data")


def test_empty_rows_count_against_the_row_limit(draft):
    # 25,000 empty rows written out, then a good line: the line used to be imported.
    data = xlsx_empty_rows(MAX_ROWS + 5_000)
    assert _rows_message(rejected(draft, data, "gaps.xlsx")) == MAX_ROWS + 2


def test_rows_a_sheet_skips_count_too(draft):
    # One line numbered far down: openpyxl makes up the millions of rows in between, one by one.
    data = xlsx_empty_rows(5_000_000, explicit=False)
    assert len(data) < 2_000
    assert _rows_message(rejected(draft, data, "far.xlsx")) == MAX_ROWS + 2


def test_a_sheet_declaring_too_many_rows_is_refused_before_they_are_read(draft):
    data = xlsx_empty_rows(5_000_000, explicit=False, dimension=True)
    assert _rows_message(rejected(draft, data, "declared.xlsx")) is None


def test_a_zip_bomb_is_refused_by_its_declared_size(draft):
    data = xlsx_zip_bomb(200)
    assert len(data) < 300 * 1024
    assert rejected(draft, data, "bomb.xlsx")[0][1].startswith("The workbook unpacks to too much data")


def test_a_workbook_lying_about_its_sizes_is_not_a_workbook(draft):
    # Two million empty rows whose zip headers declare 1 KB: the checks pass, and zipfile stops inflating
    # at the declared 1 KB, so the sheet's XML ends there (or its checksum fails).
    data = bytearray(xlsx_empty_rows(2_000_000))
    name = b"xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local = archive.getinfo(name.decode()).header_offset
    small = (1024).to_bytes(4, "little")
    data[local + 22 : local + 26] = small  # the local header's uncompressed size
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46 : central + 46 + len(name)] == name:
            data[central + 24 : central + 28] = small  # the central directory's
        central = data.find(b"PK\x01\x02", central + 4)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 1024
    assert rejected(draft, bytes(data), "liar.xlsx") == [(None, "The file is not a valid XLSX workbook.")]


def test_csv_empty_lines_count_against_the_row_limit(draft):
    data = b"direction,code,amount\r\n" + b"\r\n" * (MAX_ROWS + 10) + b"revenue,1132,100\r\n"
    assert _rows_message(rejected(draft, data, "gaps.csv")) == MAX_ROWS + 2


def test_a_cell_too_long_for_a_note_or_code_is_refused(draft):
    data = b"direction,code,amount,note\r\nrevenue,1132,100," + b"x" * 20_000 + b"\r\n"
    assert rejected(draft, data, "long.csv") == [(2, "A cell is longer than 10000 characters.")]


GOOD = "direction;code;amount\r\nrevenue;1132;100\r\n"


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"),
        GOOD.replace(";", "\t").encode("utf-16"),  # Excel's "Unicode text"
    ],
    ids=["utf-16-le", "utf-16-be", "unicode-text"],
)
def test_a_utf16_csv_with_its_byte_order_mark_is_read(draft, data):
    budget_file_import(actor=None, version=draft, data=data, filename="unicode.csv")
    assert draft.lines.get().amount == 100
