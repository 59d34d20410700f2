"""kenesh.tally: exact, fast participatory-budgeting counts. A pure library: it never imports Django.

Layers, as in pabutools: the data model (`model`), Pabulib I/O (`pabulib`), satisfaction measures
(`satisfaction`), one module per rule family (`rules/`), explanations (`explain`), and the CLI (`cli`).
"""

from kenesh.tally.model import Election, Outcome, PabulibError, TallyError

__all__ = ["Election", "Outcome", "PabulibError", "TallyError"]
