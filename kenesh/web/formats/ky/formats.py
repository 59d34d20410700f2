"""Kyrgyz number formats where Django's `ky` locale disagrees with CLDR and with practice in Kyrgyzstan.

Django writes 1 234.50; Kyrgyz (CLDR, official documents) writes 1 234,50 like Russian. Everything else
falls through to Django's own `ky` formats.
"""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
