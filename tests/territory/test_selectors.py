"""Reads: fixed query counts whatever the data, the tree of the home page, and the women's share."""

from __future__ import annotations

import datetime

import pytest

from kenesh.territory.demo import KARA_SUU, KOSH_DOBO, KUM_DOBO, SEMIZ_BEL
from kenesh.territory.models import Municipality
from kenesh.territory.selectors import (
    WomenShare,
    municipality_get,
    municipality_list,
    municipality_page,
    territory_tree,
    unit_as_of,
)

D = datetime.date


@pytest.mark.django_db
class TestQueryCounts:
    def test_tree_is_three_queries(self, demo, django_assert_num_queries):
        with django_assert_num_queries(3):
            tree = territory_tree()
        naryn = next(group for group in tree if group.oblast.coate == "41704000000000")
        assert naryn.municipality_count == 3
        kochkor = next(group for group in naryn.rayons if group.rayon.coate == "41704235000000")
        assert sorted(unit.coate for unit in kochkor.municipalities) == sorted(
            [KUM_DOBO, SEMIZ_BEL, KARA_SUU]
        )
        assert len(tree) == 9

    def test_tree_of_a_past_day(self, demo):
        naryn = next(group for group in territory_tree(day=D(2023, 6, 1)) if group.oblast.iso_code == "KG-N")
        assert naryn.municipality_count == 4

    def test_municipality_page_is_a_fixed_number_of_queries(self, demo, django_assert_max_num_queries):
        for coate in (KUM_DOBO, SEMIZ_BEL, KARA_SUU, KOSH_DOBO):
            with django_assert_max_num_queries(7):
                page = municipality_page(coate=coate)
                # Reading everything the template reads costs nothing more.
                shown = [deputy.constituency.name for deputy in page.deputies if deputy.constituency]
                shown += [village.name for village in page.settlements]
                shown += [page.oblast.name if page.oblast else "", page.rayon.name if page.rayon else ""]
                assert all(shown)

    def test_municipality_list_with_parents_is_one_query(self, demo, django_assert_num_queries):
        with django_assert_num_queries(1):
            names = [(unit.name, unit.parent.name, unit.parent.parent.name) for unit in municipality_list()]
        assert len(names) == 3


@pytest.mark.django_db
class TestVersions:
    def test_unit_as_of(self, demo):
        assert unit_as_of(coate=KARA_SUU, day=D(2023, 12, 31)).valid_to == D(2023, 12, 31)
        assert unit_as_of(coate=KARA_SUU, day=D(2024, 1, 1)).valid_from == D(2024, 1, 1)
        assert unit_as_of(coate=KOSH_DOBO, day=D(2024, 1, 1)) is None

    def test_an_ended_municipality_still_resolves_to_its_last_version(self, demo):
        assert municipality_get(coate=KOSH_DOBO).valid_to == D(2023, 12, 31)
        with pytest.raises(Municipality.DoesNotExist):
            municipality_get(coate="41799999999999")

    def test_history_of_the_merger(self, demo):
        page = municipality_page(coate=KARA_SUU)
        assert len(page.versions) == 2
        assert sorted(unit.coate for unit in page.predecessors) == [KARA_SUU, KOSH_DOBO]
        assert page.successors == []
        assert len(page.settlements) == 7
        assert page.municipality.population == 13100
        old = municipality_page(coate=KARA_SUU, day=D(2023, 1, 1))
        assert len(old.settlements) == 5
        assert [unit.valid_from for unit in old.successors] == [D(2024, 1, 1)]


@pytest.mark.django_db
def test_quota_in_the_demo_councils(demo):
    above = municipality_page(coate=KUM_DOBO).share
    below = municipality_page(coate=SEMIZ_BEL).share
    assert (above.women, above.total, above.percent, above.meets_quota) == (6, 15, 40, True)
    assert (below.women, below.total, below.percent, below.meets_quota) == (2, 11, 18, False)
    assert below.women_needed == 2  # 30% of 11 seats is 3.3: 4 women


@pytest.mark.parametrize(
    ("women", "men", "percent", "meets"),
    [(3, 7, 30, True), (2, 5, 28, False), (0, 0, 0, False), (299, 701, 29, False), (1, 0, 100, True)],
)
def test_women_share_rounds_down_and_never_overstates(women, men, percent, meets):
    share = WomenShare(women=women, men=men, seats=women + men)
    assert share.percent == percent
    assert share.meets_quota is meets
