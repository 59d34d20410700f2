"""Migration 0002 packs every stored answer into its response: nothing is lost on the way."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kenesh.territory.testing import municipality_make

BEFORE = [("surveys", "0001_initial")]
AFTER = [("surveys", "0002_compact_answers_own_questions")]


@pytest.mark.django_db(transaction=True)
def test_every_answer_is_packed_into_its_response():
    municipality = municipality_make("41702215810000", "Ак-Суу")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    instrument = old.get_model("surveys", "Instrument").objects.create(
        municipality_id=municipality.pk, title_ru="Т"
    )
    question = old.get_model("surveys", "Question")
    trust = question.objects.create(
        instrument=instrument, position=1, code="trust", kind="likert", text_ky="a", text_ru="a"
    )
    services = question.objects.create(
        instrument=instrument, position=2, code="services", kind="multiple", text_ky="b", text_ru="b"
    )
    comment = question.objects.create(
        instrument=instrument, position=3, code="comment", kind="text", text_ky="c", text_ru="c"
    )
    round_ = old.get_model("surveys", "Round").objects.create(
        instrument=instrument,
        municipality_id=municipality.pk,
        kind="baseline",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 2, 1),
        mode="web",
    )
    response_model = old.get_model("surveys", "Response")
    answer = old.get_model("surveys", "Answer")
    full = response_model.objects.create(round=round_, source="web", day=datetime.date(2026, 1, 5))
    answer.objects.create(response=full, question=trust, value=4)
    answer.objects.create(response=full, question=services, value=5)  # options 0 and 2 (a mask)
    answer.objects.create(response=full, question=comment, text="Суу жок")
    partial = response_model.objects.create(round=round_, source="paper", day=datetime.date(2026, 1, 6))
    answer.objects.create(response=partial, question=services, value=2)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    slots = dict(new.get_model("surveys", "Question").objects.values_list("code", "slot"))
    assert sorted(slots.values()) == [0, 1, 2]
    packed = {r.pk: r for r in new.get_model("surveys", "Response").objects.all()}

    def values(pk):
        return np.frombuffer(bytes(packed[pk].values), dtype="<f8")

    assert values(full.pk)[slots["trust"]] == 4
    assert values(full.pk)[slots["services"]] == 5
    assert packed[full.pk].texts == {"comment": "Суу жок"}
    assert np.isnan(values(partial.pk)[slots["trust"]])
    assert values(partial.pk)[slots["services"]] == 2
    assert packed[partial.pk].texts == {}
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest state for the next tests
