"""kenesh.tally: exact, fast participatory-budgeting counts. A pure library: it never imports Django.

Layers, as in pabutools: the data model (`model`), Pabulib I/O (`pabulib`), satisfaction measures
(`satisfaction`), one module per rule family (`rules/`), explanations (`explain`), and the CLI (`cli`).
"""

import os
import sys

if "numpy" not in sys.modules:
    # Before NumPy loads: OpenBLAS would start a busy-waiting thread per core, 40-50 ms of CPU in a count
    # that never multiplies matrices large enough to want them (a user's setting wins).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from kenesh.tally.model import Election, Outcome, PabulibError, TallyError

__all__ = ["Election", "Outcome", "PabulibError", "TallyError"]
