"""The upload page answers every bad file with the reason, in the person's language, never a server error.

The three files of issue 13 (a UTF-16 CSV, bytes that are not Windows-1251, a field over 128 KB) and two
crafted workbooks; the rejected form keeps the totals that were typed.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kenesh.accounts.testing import office_login
from kenesh.budgets.models import VersionKind
from kenesh.budgets.testing import version_make
from tests.crafted import xlsx_empty_rows, xlsx_zip_bomb

pytestmark = pytest.mark.django_db

HEADER = "direction,code,economic_code,amount,over_plan,note\r\n"
UNKNOWN_CODE = HEADER + "revenue,9999,,5,,\r\n"


@pytest.fixture
def draft(budget):
    return version_make(budget, VersionKind.DRAFT, published=False)


def _post(client, staff, draft, name: str, data: bytes, language: str):
    office_login(client, staff)
    with translation.override(language):
        url = reverse("budgets:office_upload", kwargs={"pk": draft.pk})
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(
        url,
        {"file": upload, "declared_revenue": "2 100 005", "declared_expenditure": "17"},
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        # UTF-16 with its byte order mark is read: the page lists the bad row, not a server error.
        ("utf16.csv", UNKNOWN_CODE.encode("utf-16"), "Unknown revenue code 9999."),
        (
            "utf16-no-bom.csv",
            UNKNOWN_CODE.encode("utf-16-le"),
            "The file is not a text CSV file in a known encoding.",
        ),
        (
            "not-cp1251.csv",
            (HEADER + "revenue,1132,,5,,").encode() + b"\x98\xff\r\n",
            "The file is not a text CSV file in a known encoding.",
        ),
        (
            "huge-field.csv",
            (HEADER + 'revenue,1132,,5,,"').encode() + b"x" * 140_000 + b'"\r\n',
            "Row 2 cannot be read: a cell is too long or its quotes are not closed.",
        ),
        (
            "empty-rows.xlsx",
            xlsx_empty_rows(20_000_000),
            "The workbook unpacks to too much data: at most 40 MB.",
        ),
        ("bomb.xlsx", xlsx_zip_bomb(200), "The workbook unpacks to too much data: at most 40 MB."),
    ],
    ids=["utf-16", "utf-16-without-bom", "invalid-cp1251", "field-over-128kb", "empty-rows", "zip-bomb"],
)
def test_a_bad_file_gives_the_reason_and_keeps_the_form(client, staff, draft, name, data, expected):
    response = _post(client, staff, draft, name, data, "en")
    assert response.status_code == 400
    body = response.content.decode()
    assert f"{name} was not imported" in body
    assert expected in body
    assert 'value="2 100 005"' in body and 'value="17"' in body
    assert not draft.lines.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "Файл не является текстовым CSV в известной кодировке."),
        ("ky", "Файл белгилүү коддоодогу CSV текст файлы эмес."),
    ],
    ids=["ru", "ky"],
)
def test_the_reason_is_in_the_persons_language(client, staff, draft, language, expected):
    response = _post(client, staff, draft, "u.csv", UNKNOWN_CODE.encode("utf-16-le"), language)
    assert response.status_code == 400
    assert expected in response.content.decode()
