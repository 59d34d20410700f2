"""Demo surveys in Kum-Dobo: a baseline (2023) and an endline (2025) round, face to face, 320 and 340
respondents, in which trust rises clearly among women and hardly among men; Шамшы, the smallest village,
was barely reached, so its breakdown is hidden. Generated from fixed seeds: every load gives the same
answers. The endline round is also open on the web, so that a visitor can answer it on a phone."""

from __future__ import annotations

import datetime
from typing import cast

from django.db import transaction

from kenesh.surveys.bank import BANK
from kenesh.surveys.models import Instrument, Mode, Round, RoundKind
from kenesh.surveys.services import (
    instrument_create,
    questions_of,
    response_prepare,
    responses_write,
    round_create,
)
from kenesh.surveys.synthetic import Profile, answers_generate
from kenesh.territory.models import Municipality, Settlement

BASELINE_RESPONDENTS = 320
ENDLINE_RESPONDENTS = 340
SEEDS = (2023, 2025)
# Shares of respondents by village, in СОАТЕ order (Кум-Дебе, Ак-Джар, Бугучу, Шамшы).
VILLAGE_SHARES = (0.45, 0.30, 0.24, 0.01)
SAMPLING_KY = (
    "Үй чарбаларынын кокустук тандоосу, ар бир айылда калкынын санына жараша; "
    "интервьюерлер үйдө, бетме-бет сурашты. Салмактар колдонулган жок."
)
SAMPLING_RU = (
    "Случайная выборка домохозяйств, в каждом селе пропорционально населению; "
    "интервьюеры опрашивали на дому, лицом к лицу. Веса не применялись."
)


def _demo_municipality() -> Municipality | None:
    from kenesh.territory import demo as territory_demo

    return cast(
        Municipality | None, Municipality.objects.current().filter(coate=territory_demo.KUM_DOBO).first()
    )


def load_demo() -> None:
    municipality = _demo_municipality()
    if municipality is None or Round.objects.filter(municipality=municipality).exists():
        return
    villages = list(Settlement.objects.filter(parent=municipality).order_by("coate"))
    codes = [f"v{village.coate}" for village in villages]
    shares = list(VILLAGE_SHARES[: len(codes)]) + [0.1] * max(0, len(codes) - len(VILLAGE_SHARES))
    with transaction.atomic():
        instrument = instrument_create(
            actor=None,
            municipality=municipality,
            title_ky="Жарандардын ыраазычылыгы жана ишеними",
            title_ru="Удовлетворённость и доверие граждан",
            bank_codes=[entry.code for entry in BANK],
        )
        baseline = _round(municipality, instrument, RoundKind.BASELINE, 2023, open_on_web=False)
        endline = _round(municipality, instrument, RoundKind.ENDLINE, 2025, open_on_web=True)
        questions = questions_of(instrument)
        for survey_round, count, seed, trust in (
            (baseline, BASELINE_RESPONDENTS, SEEDS[0], {"female": (0.30, 0.36), "male": (0.38, 0.30)}),
            (endline, ENDLINE_RESPONDENTS, SEEDS[1], {"female": (0.50, 0.20), "male": (0.41, 0.28)}),
        ):
            profile = Profile(
                codes,
                shares,
                female_share=0.53,
                trust=trust,
                aware_budget=0.30 if survey_round is baseline else 0.48,
            )
            rows = answers_generate(profile, count, seed)
            prepared = []
            for row in rows:
                item, errors = response_prepare(questions, row)
                assert item is not None, errors
                prepared.append(item)
            responses_write(survey_round, prepared, source="paper", day=survey_round.ends_on)


def _round(
    municipality: Municipality, instrument: Instrument, kind: str, year: int, *, open_on_web: bool
) -> Round:
    return round_create(
        actor=None,
        municipality=municipality,
        instrument=instrument,
        kind=kind,
        starts_on=datetime.date(year, 4, 10),
        ends_on=datetime.date(year, 5, 20),
        mode=Mode.FACE_TO_FACE,
        sampling_ky=SAMPLING_KY,
        sampling_ru=SAMPLING_RU,
        open_on_web=open_on_web,
    )
