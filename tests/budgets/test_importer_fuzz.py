"""Fuzzing the budget import: whatever file is uploaded, only the importer's own refusal may come out.

Seeds are the real files a person gets from us (the CSV and XLSX templates in three languages) and a
good file as accountants type it; they are mutated byte by byte, re-encoded, given huge or broken cells,
or replaced by random bytes. `budget_file_check` must either return lines or raise BudgetFileRejected with
messages for the person; any other exception would be a server error on the upload page.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenesh.budgets.importer import BudgetFileRejected, budget_file_check, template_csv, template_xlsx
from kenesh.budgets.models import VersionKind
from kenesh.budgets.testing import version_make
from tests.crafted import mutated

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LANGUAGES = ("ky", "ru", "en")
TYPED = (
    "Направление;Код;Экономический код;Сумма, сом;Сверх плана;Примечание\r\n"
    "доходы;1132;;2 450 000,50;;\r\n"
    "расходы;7091;2111;11 800 000;нет;детские сады\r\n"
    "чыгаша;7064;2215;650 000.00;жок;Көчө жарыгы\r\n"
    "итого;;;;;\r\n"
)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1251", "koi8-r", "cp866")


@pytest.fixture
def draft(budget):
    return version_make(budget, VersionKind.DRAFT, published=False)


@cache
def _seeds_csv() -> tuple[bytes, ...]:
    return (*(template_csv(language) for language in LANGUAGES), TYPED.encode("utf-8"))


@cache
def _seeds_xlsx() -> tuple[bytes, ...]:
    return tuple(template_xlsx(language) for language in LANGUAGES)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    seed = draw(st.sampled_from(_seeds_csv()))
    kind = draw(st.sampled_from(("mutated", "encoded", "encoded+mutated", "random", "text")))
    if kind == "random":
        return draw(st.binary(max_size=2_000))
    if kind == "text":
        text = draw(st.text(max_size=300))
        return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if kind.startswith("encoded"):
        text = seed.decode("utf-8-sig")
        seed = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if kind.endswith("mutated"):
        seed = draw(mutated(seed))
    return seed


def _rezipped(workbook: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for item in source.infolist():
            copy.writestr(item.filename, content if item.filename == name else source.read(item.filename))
    return out.getvalue()


@st.composite
def xlsx_files(draw: st.DrawFn) -> bytes:
    seed = draw(st.sampled_from(_seeds_xlsx()))
    kind = draw(st.sampled_from(("zip", "member", "values")))
    if kind == "zip":
        return draw(mutated(seed))
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        names = sorted(archive.namelist())
        name = draw(st.sampled_from(names))
        content = archive.read(name)
    if kind == "values":
        # Valid XML, strange cells: types and values a spreadsheet can hold but our template never does.
        name = "xl/worksheets/sheet1.xml"
        with zipfile.ZipFile(io.BytesIO(seed)) as archive:
            content = archive.read(name)
        value = draw(
            st.sampled_from(
                (
                    b'<c r="D2" t="n"><v>1e400</v></c>',
                    b'<c r="D2" t="n"><v>-1e308</v></c>',
                    b'<c r="D2" t="n"><v>NaN</v></c>',
                    b'<c r="D2" t="n"><v>123456789012345678901234567890.5</v></c>',
                    b'<c r="D2" t="b"><v>1</v></c>',
                    b'<c r="D2" t="e"><v>#DIV/0!</v></c>',
                    b'<c r="D2" t="d"><v>2025-13-45</v></c>',
                    b'<c r="D2" t="s"><v>999999</v></c>',
                    b'<c r="D2" s="99999"><v>45000</v></c>',
                    b'<c r="XFD2" t="inlineStr"><is><t>far</t></is></c>',
                    b'<c r="D2" t="inlineStr"><is><t>' + b"9" * 131_073 + b"</t></is></c>",
                )
            )
        )
        content = content.replace(b"<row ", b'<row r="2">' + value + b"</row><row ", 1)
    else:
        content = draw(mutated(content))
    return _rezipped(seed, name, content)


def _only_our_refusal(version, data: bytes, filename: str, language: str) -> None:
    with translation.override(language):
        try:
            budget_file_check(version, data, filename)
        except BudgetFileRejected as rejection:
            assert rejection.errors
            for error in rejection.errors:
                assert isinstance(error.message, str) and error.message.strip()
                assert error.row is None or error.row >= 1


@FUZZ
@given(data=csv_files(), language=st.sampled_from(LANGUAGES))
def test_csv_files_give_only_the_importers_refusal(draft, data, language):
    _only_our_refusal(draft, data, "budget.csv", language)


@FUZZ
@given(data=xlsx_files(), language=st.sampled_from(LANGUAGES))
def test_xlsx_files_give_only_the_importers_refusal(draft, data, language):
    _only_our_refusal(draft, data, "budget.xlsx", language)


@FUZZ
@given(data=st.binary(max_size=4_000), name=st.sampled_from(("budget.csv", "budget.xlsx")))
def test_random_bytes_give_only_the_importers_refusal(draft, data, name):
    _only_our_refusal(draft, b"PK\x03\x04" + data if name.endswith("xlsx") else data, name, "ky")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("direction,code,amount\r\nrevenue,1132,100\r\n".encode("utf-16-le"), "not a text CSV file"),
        (b"direction,code,amount\r\nrevenue,1132,1\x98\r\n", "not a text CSV file"),
        (b'direction,code,amount,note\r\nrevenue,1132,100,"' + b"x" * 140_000 + b"\r\n", "cannot be read"),
        (
            b"direction,code,amount\r\nrevenue,1132,99999999999999999999999999999\r\n",
            "The amount is too large.",
        ),
    ],
    ids=["utf-16-without-bom", "invalid-cp1251", "field-over-128kb", "amount-beyond-decimal"],
)
def test_the_reported_files_are_refused_in_words(draft, data, expected):
    with translation.override("en"), pytest.raises(BudgetFileRejected) as caught:
        budget_file_check(draft, data, "budget.csv")
    assert any(expected in error.message for error in caught.value.errors), caught.value.errors
