"""Made-up answers for the demo, the tests and the bench: seeded, so the same seed gives the same answers.

`answers_generate` returns raw answers ({question code: text}, as a web form or a Kobo CSV gives them), so
that whatever reads them goes through the same checks as real answers.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from kenesh.surveys.bank import AGE_CODES, SERVICES

AGE_SHARES = {"y16_17": 0.05, "y18_29": 0.27, "y30_44": 0.30, "y45_59": 0.22, "y60_plus": 0.16}


@dataclass(frozen=True)
class Profile:
    """Who answers: the share of women, the villages' codes with their shares of the respondents, and the
    chance of trusting (answering 4 or 5) and of distrusting (1 or 2), for women and for men."""

    village_codes: Sequence[str]
    village_shares: Sequence[float]
    female_share: float = 0.52
    trust: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {"female": (0.40, 0.30), "male": (0.40, 0.30)}
    )
    aware_budget: float = 0.35


def _likert(rng: random.Random, trusting: float, distrusting: float) -> str:
    draw = rng.random()
    if draw < trusting:
        return rng.choice("45")
    if draw < trusting + distrusting:
        return rng.choice("12")
    return "3"


def answers_generate(profile: Profile, count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)  # noqa: S311 - made-up answers, reproducible on purpose
    ages = list(AGE_SHARES)
    rows = []
    for _index in range(count):
        sex = "female" if rng.random() < profile.female_share else "male"
        trusting, distrusting = profile.trust[sex]
        row = {
            "sex": sex,
            "age": rng.choices(ages, weights=[AGE_SHARES[a] for a in ages])[0],
            "village": rng.choices(list(profile.village_codes), weights=list(profile.village_shares))[0],
            "trust_lsg": _likert(rng, trusting, distrusting),
            "corruption": rng.choices(["widespread", "some", "none", "dont_know"], weights=[3, 4, 2, 1])[0],
            "aware_budget": "yes" if rng.random() < profile.aware_budget else rng.choice(["no", "dont_know"]),
            "aware_hearings": rng.choices(["yes", "no", "dont_know"], weights=[3, 5, 2])[0],
            "participated": " ".join(
                code for code in ("hearing", "needs", "pb_vote", "appeal") if rng.random() < 0.2
            ),
            "visits": str(rng.choices([0, 1, 2, 3, 5, 8], weights=[30, 25, 20, 12, 8, 5])[0]),
            "comment": "",
        }
        for code, _ky, _ru in SERVICES:
            row[f"satisfaction_{code}"] = _likert(rng, 0.45, 0.25)
        rows.append(row)
    assert set(AGE_SHARES) == set(AGE_CODES)
    return rows
