"""How close our Pabulib reader comes to the plain-Python lower bound of reading and tokenising a file.

The bound reads the file, splits it into lines and every line on ``;`` and every field on ``,``: any
Python reader must do at least that. Each timing is the median of several runs in this process.

    .venv/bin/python bench/parse_bound.py                 # the default ladder of shared files
    .venv/bin/python bench/parse_bound.py a.pb b.pb       # any files
    .venv/bin/python bench/parse_bound.py --pabutools     # add pabutools' parser (slow)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kenesh.tally.pabulib import read_pabulib  # noqa: E402

LADDER = (
    "Netherlands_Amsterdam_179.pb",  # small
    "Poland_Czestochowa_2020.pb",  # medium, cumulative
    "Poland_Lodz_2022.pb",  # 90,494 voters
    "Poland_Krakow_2024.pb",  # the largest shared file
)


def read_and_tokenise(path: Path) -> int:
    """The lower bound: read, split lines, split on ';' and ','."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    tokens = 0
    for line in text.splitlines():
        for field in line.split(";"):
            tokens += len(field.split(","))
    return tokens


def ours(path: Path) -> int:
    return read_pabulib(path).n_ballots


def pabutools_parse(path: Path) -> int:
    from pabutools.election import parse_pabulib

    _, profile = parse_pabulib(str(path))
    return int(profile.num_ballots())


def median_ms(run: Callable[[Path], int], path: Path, repeats: int) -> float:
    run(path)  # warm the file cache and imports
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="Pabulib files (default: a ladder)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pabutools", action="store_true", help="also time pabutools' parser")
    args = parser.parse_args(argv)
    folder = Path(os.environ.get("KENESH_PABULIB_DIR") or REPO.parent / "shared" / "pabulib")
    files = args.files or [folder / name for name in LADDER if (folder / name).exists()]
    if not files:
        print(f"no Pabulib files given and none found in {folder}", file=sys.stderr)
        return 1
    header = f"{'file':<34} {'MB':>6} {'voters':>8} {'bound ms':>9} {'ours ms':>8} {'ratio':>6}"
    print(header + (f" {'pabutools ms':>13}" if args.pabutools else ""))
    for path in files:
        voters = ours(path)
        bound = median_ms(read_and_tokenise, path, args.repeats)
        mine = median_ms(ours, path, args.repeats)
        line = (
            f"{path.name[:34]:<34} {path.stat().st_size / 1e6:>6.1f} {voters:>8} "
            f"{bound:>9.1f} {mine:>8.1f} {mine / bound:>6.2f}"
        )
        if args.pabutools:
            line += f" {median_ms(pabutools_parse, path, max(1, args.repeats // 2)):>13.0f}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
