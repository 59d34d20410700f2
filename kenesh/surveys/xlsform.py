"""The XLSForm of an instrument, generated from the instrument itself, for KoboToolbox (or ODK) collection.

Field names are the questions' codes and option names the choices' codes, so that a Kobo CSV export maps
back to the instrument (kenesh.surveys.kobo). A calculated field `municipality` carries the СОАТЕ code, so
that an export mixed up with another municipality's is refused row by row.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from kenesh.surveys.bank import LIKERT_LABELS
from kenesh.surveys.models import Instrument, Kind

KY = "label::Kyrgyz (ky)"
RU = "label::Russian (ru)"
LIKERT_LIST = "scale_1_5"
MUNICIPALITY_FIELD = "municipality"
WEIGHT_FIELD = "weight"


def xlsform_rows(instrument: Instrument) -> dict[str, list[list[str]]]:
    """The three sheets (survey, choices, settings) as rows, the first row of each its header."""
    survey = [["type", "name", KY, RU, "required"]]
    choices = [["list_name", "name", KY, RU]]
    choices.extend([LIKERT_LIST, str(value), ky, ru] for value, (ky, ru) in LIKERT_LABELS.items())
    survey.append(["calculate", MUNICIPALITY_FIELD, "", "", ""])  # its calculation is set below
    for question in instrument.questions.prefetch_related("choices"):
        required = "yes" if question.required else ""
        if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            kind = "select_one" if question.kind == Kind.SINGLE else "select_multiple"
            survey.append(
                [f"{kind} {question.code}", question.code, question.text_ky, question.text_ru, required]
            )
            choices.extend(
                [question.code, choice.code, choice.label_ky, choice.label_ru]
                for choice in question.choices.all()
            )
        elif question.kind == Kind.LIKERT:
            survey.append(
                [f"select_one {LIKERT_LIST}", question.code, question.text_ky, question.text_ru, required]
            )
        elif question.kind == Kind.NUMBER:
            survey.append(["decimal", question.code, question.text_ky, question.text_ru, required])
        else:
            survey.append(["text", question.code, question.text_ky, question.text_ru, required])
    survey[0].append("calculation")
    for row in survey[1:]:
        row.append("")
    coate = instrument.municipality.coate
    survey[1][-1] = f"'{coate}'"
    settings = [
        ["form_title", "form_id", "version", "default_language"],
        [
            instrument.title_ky or instrument.title_ru,
            f"kenesh_{coate}_{instrument.family.hex[:8]}",
            str(instrument.version),
            "Kyrgyz (ky)",
        ],
    ]
    return {"survey": survey, "choices": choices, "settings": settings}


def xlsform_bytes(instrument: Instrument) -> bytes:
    workbook = Workbook()
    first = True
    for name, rows in xlsform_rows(instrument).items():
        sheet = workbook.active if first else workbook.create_sheet()
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsform_filename(instrument: Instrument) -> str:
    return f"kenesh-survey-{instrument.municipality.coate}-v{instrument.version}.xlsx"
