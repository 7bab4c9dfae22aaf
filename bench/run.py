"""Run every benchmark in bench/ and print one table (or JSON with --json).

Each bench/bench_*.py module exposes ``run() -> list[dict]`` with rows
``{"name", "value", "unit", "bar", "ok"}``; ratios are measured side by side
in the same run. ``--only NAME`` runs the modules whose name contains NAME.
These are measurements, not tests: CI does not run them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print a JSON list of rows")
    parser.add_argument("--only", action="append", default=[], help="run only modules whose name contains this")
    args = parser.parse_args()
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        if args.only and not any(o in path.stem for o in args.only):
            continue
        started = time.perf_counter()
        module = importlib.import_module(path.stem)
        for row in module.run():
            row.setdefault("module", path.stem)
            rows.append(row)
        print(f"# {path.stem}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, {platform.system()}")
        print()
        print("| what | measured | bar | ok |")
        print("|---|---|---|---|")
        for r in rows:
            value = r["value"]
            shown = f"{value:.3g}" if isinstance(value, float) else str(value)
            print(f"| {r['name']} | {shown} {r['unit']} | {r['bar']} | {'yes' if r['ok'] else 'NO'} |")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
