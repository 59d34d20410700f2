"""Every public page of a vote shows typed text in the reader's language, else the other one marked.

Before: the donor's name was one field, typed in English, on the Kyrgyz page; the ballot, the results and
the list of votes showed a Russian-only proposal on Kyrgyz pages with no mark.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.pb.models import Phase
from kenesh.pb.services import process_create
from kenesh.pb.testing import process_make, proposal_make
from kenesh.territory.testing import municipality_make

pytestmark = pytest.mark.django_db

MARK_RU_ON_KY = '<span lang="ru">Жарык көчөдө эмес: Фонари</span> <small class="lang-mark">(орусча)</small>'


def page(client, name, language, **kwargs):
    with translation.override(language):
        return client.get(reverse(f"pb:{name}", kwargs=kwargs)).content.decode()


def test_the_donor_is_named_in_the_readers_language():
    process = process_make(
        phase=Phase.VOTING,
        funding="donor_grant",
        donor_name_ky="Швейцариянын өнүктүрүү агенттиги",
        donor_name_ru="Швейцарское агентство",
        donor_name_en="Swiss Agency",
    )
    client = Client()
    kyrgyz = page(client, "process", "ky", process_id=process.pk)
    russian = page(client, "process", "ru", process_id=process.pk)
    assert "Швейцариянын өнүктүрүү агенттиги" in kyrgyz and "Swiss Agency" not in kyrgyz
    assert "Швейцарское агентство" in russian and "Швейцариянын" not in russian


def test_a_grant_needs_a_donor_in_some_language():
    municipality = municipality_make("41702215810000", "Ак-Суу")
    staff = person_make(role=Role.STAFF, municipality=municipality)
    fields = {"title_ky": "Грант", "budget": 1000, "funding": "donor_grant"}
    with pytest.raises(ValidationError) as caught:
        process_create(actor=staff, municipality=municipality, **fields)
    assert "donor_name_ky" in caught.value.error_dict
    assert process_create(actor=staff, municipality=municipality, donor_name_ru="Фонд", **fields).pk


def test_a_russian_only_proposal_is_marked_on_the_kyrgyz_ballot_and_list():
    process = process_make(phase=Phase.VOTING, max_choices=2)
    proposal_make(process, title_ky="", title_ru="Жарык көчөдө эмес: Фонари")
    voter = person_make(resident_of=process.municipality, verified=True, age_group="30-44")
    client = Client()
    client.force_login(voter)
    ballot = page(client, "ballot", "ky", process_id=process.pk)
    assert MARK_RU_ON_KY in ballot
    assert page(client, "ballot", "ru", process_id=process.pk).count("lang-mark") == 0
