"""The dashboard's fast formatting writes every figure exactly as kenesh.web.l10n does (one format
everywhere), in each language."""

from decimal import Decimal

import pytest
from django.utils import translation

from kenesh.ops.indicators import indicator_get
from kenesh.portraits.selectors import format_value
from kenesh.web import l10n


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_figures_read_as_on_every_other_page(language):
    share, som = indicator_get("hearings_women_share"), indicator_get("budget_per_capita")
    count, index = indicator_get("appeals"), indicator_get("trust_index")
    assert share and som and count and index
    with translation.override(language):
        for text in ("0.12345", "0.5", "1", "0.0005", "0.04449"):
            assert format_value(share, Decimal(text)) == l10n.format_percent(Decimal(text), decimals=1)
        for text in ("1234567.5", "12.49", "0", "-12.35", "2.5"):
            value = Decimal(text)
            assert format_value(som, value) == l10n.format_som(value, decimals=0)
            assert format_value(count, value) == l10n.format_number(value, decimals=0)
            assert format_value(index, value) == l10n.format_number(value, decimals=1)
