"""The `kenesh` command line: one argparse parser whose subcommands come from each area of the package.

Each module in COMMAND_MODULES has ``register(subparsers)``, which adds its subcommands and sets a
``handler(args, out) -> exit code`` default on each. A module is imported only to register it, so a module
must keep heavy imports (Django, pabutools) inside its handlers: `kenesh tally` must not load Django.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES = ("kenesh.tally.cli",)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kenesh",
        description="Kenesh: open local budgets and participatory budgeting. Counting engine and tools.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from kenesh.tally.cli import run

    return run(args.handler, args)


if __name__ == "__main__":
    sys.exit(main())
