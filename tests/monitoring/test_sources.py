"""'You said, we did' takes hearing proposals (each, with its answer and the plan item it became) and appeals
(counts by category only: never a person or a text)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from kenesh.monitoring import sources

pytestmark = pytest.mark.django_db


def test_hearing_proposals_with_their_answer(client, ours):
    from kenesh.hearings.testing import hearing_make

    hearing = hearing_make(ours, datetime.date(2025, 6, 20), proposals=["Build a water pipe"])
    proposal = hearing.proposals.get()
    proposal.status = "accepted"
    proposal.save()
    rows = sources.hearing_rows(ours)
    assert len(rows) == 1 and "Build a water pipe" in rows[0].asked.text
    assert rows[0].asked.url.endswith(f"/{hearing.pk}/")
    assert rows[0].decided and rows[0].decided[0].text == "Accepted"
    page = client.get(reverse("monitoring:you_said", kwargs={"coate": ours.coate})).content.decode()
    assert "Build a water pipe" in page


def test_appeals_are_counted_by_category_without_text_or_person(client, ours):
    from kenesh.appeals.testing import appeal_make

    appeal_make(ours, text="Secret text of the appeal", name="Асан Үсөнов", phone="+996700111222")
    appeal_make(ours, text="Another private text", name="Бермет", phone="+996700111333")
    rows = sources.appeal_rows(ours)
    assert len(rows) == 1 and rows[0].asked.text.endswith(": 2")
    page = client.get(reverse("monitoring:you_said", kwargs={"coate": ours.coate})).content.decode()
    for private in ("Secret text", "Асан", "+996700111222", "Another private"):
        assert private not in page
