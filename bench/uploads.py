"""What crafted uploads cost: the time and peak memory of checking each one, as an upload would.

    .venv/bin/python bench/uploads.py                          # every case, against this tree's code
    .venv/bin/python bench/uploads.py --case png-report        # one case
    .venv/bin/python bench/uploads.py --source /tmp/before     # against other code (a `git archive` of it)

The files are made for real (tests/crafted.py): blank PNGs made by Pillow, workbooks written as XML into a
zip, CSV bytes. Each case runs in a fresh Python process that reads the file, then times the check the
upload goes through (`pb.photos.photos_clean` for photos, as `proposal_submit` does; the budget importer's
reading, `budgets.importer._read`, which is where a file's size turns into work, for budget files). Printed
per case: the file's size, the outcome (accepted, or the refusal's message), wall and CPU seconds, and the
peak resident memory the check added (the process's peak RSS, VmHWM reset just before the check, minus
its RSS then).

--rows sets the empty rows of the `xlsx-empty-rows` case (the report's file has 20 million; old code reads
them all, about 4 s and 90 MB a million).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _cases(rows: int) -> dict[str, tuple[str, str, object]]:
    """name: (kind, file name, maker). Makers run in the parent; the child only reads the file."""
    sys.path.insert(0, str(REPO))
    from tests import crafted

    csv_header = b"direction,code,amount\r\n"
    return {
        "png-report": ("photos5", "bomb.png", lambda: crafted.png_bomb(6300, 6300)),
        "png-24mp": ("photos1", "p24.png", lambda: crafted.png_bomb(6000, 4000)),
        "png-5x12mp": ("photos5", "p12.png", lambda: crafted.png_bomb(4000, 3000)),
        "jpeg-24mp": ("photos1", "p24.jpg", lambda: _jpeg(6000, 4000)),
        "xlsx-empty-rows": ("budget", "empty.xlsx", lambda: crafted.xlsx_empty_rows(rows)),
        "xlsx-far-row": ("budget", "far.xlsx", lambda: crafted.xlsx_empty_rows(5_000_000, explicit=False)),
        "xlsx-zip-bomb": ("budget", "bomb.xlsx", lambda: crafted.xlsx_zip_bomb(200)),
        "csv-empty-lines": ("budget", "empty.csv", lambda: csv_header + b"\r\n" * 2_500_000),
    }


def _jpeg(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


def _status_kb(field: str) -> int:
    """VmRSS (resident now) or VmHWM (its peak) of this process, from /proc (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _peak_reset() -> None:
    """Start the peak (VmHWM) again from the current resident size (ru_maxrss cannot be reset)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def _child(kind: str, path: str, source: str) -> None:
    """Run one check in this fresh process and print its figures as JSON."""
    sys.path.insert(0, source)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kenesh.config.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from kenesh.budgets import importer
    from kenesh.pb import photos

    data = Path(path).read_bytes()
    name = Path(path).name
    _peak_reset()
    before = _status_kb("VmRSS")
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = "accepted"
    with translation.override("en"):
        try:
            if kind.startswith("photos"):
                uploads = [SimpleUploadedFile(name, data) for _ in range(5 if kind == "photos5" else 1)]
                if hasattr(photos, "photos_clean"):
                    photos.photos_clean(uploads)
                else:  # the code before issue 13 cleaned each photo on its own
                    [photos.photo_clean(upload) for upload in uploads]
            else:
                rows, errors = importer._read(data, name)
                outcome = f"read {len(rows)} rows" if not errors else f"refused: {errors[0].message}"
        except ValidationError as error:
            outcome = f"refused: {error.messages[0]}"
        except importer.BudgetFileRejected as rejection:
            outcome = f"refused: {rejection.errors[0].message}"
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = _status_kb("VmHWM")
    print(json.dumps({"outcome": outcome, "wall": wall, "cpu": cpu, "peak_mb": max(peak - before, 0) / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--case", action="append", help="run only this case (repeatable)")
    parser.add_argument("--rows", type=int, default=20_000_000, help="empty rows of xlsx-empty-rows")
    parser.add_argument("--source", default=str(REPO), help="the tree whose kenesh package is measured")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child, args.source)
        return
    cases = _cases(args.rows)
    names = args.case or list(cases)
    print(f"code: {args.source}")
    print("| case | file | outcome | wall s | CPU s | peak MB |\n|---|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            kind, file_name, make = cases[name]
            path = Path(folder) / file_name
            path.write_bytes(make())  # type: ignore[operator]
            size = path.stat().st_size
            result = subprocess.run(
                [sys.executable, __file__, "--source", args.source, "--child", kind, str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
            if result.returncode or not lines:
                tail = (result.stderr.strip().splitlines() or ["?"])[-1]
                print(f"| {name} | {size / 1024:,.0f} KB | failed: {tail} | | | |")
                continue
            figures = json.loads(lines[-1])
            shown = f"{size / 1024:,.0f} KB" + (" x5" if kind == "photos5" else "")
            print(
                f"| {name} | {shown} | {figures['outcome']} | {figures['wall']:.2f} | {figures['cpu']:.2f} "
                f"| {figures['peak_mb']:.0f} |"
            )


if __name__ == "__main__":
    main()
