"""Record today's `mocmo summary --json` figures of the example and synthetic plans.

The restructuring of issue #16 must leave every figure unchanged; tests/test_characterisation.py
holds the code to these files. Re-record only for a deliberate, announced change of a figure:
    .venv/bin/python scripts/record_characterisation.py
"""

from __future__ import annotations

import json
from pathlib import Path

from mocmo import summary
from mocmo.plan import load_plan
from mocmo.synthetic import synthetic_plan

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "characterisation"

#: name → how to build the plan (kept in step with tests/test_characterisation.py)
SYNTHETIC = {
    "synthetic_30": dict(people=30, audiences=6, months=12, seed=7),
    "synthetic_300": dict(people=300, audiences=30, months=18, seed=3),
    "synthetic_2000": dict(people=2000, audiences=200, months=36, seed=11),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    plans = {"brightwave": load_plan(ROOT / "data" / "examples" / "brightwave.yaml")}
    plans.update({name: synthetic_plan(**kw) for name, kw in SYNTHETIC.items()})  # type: ignore[arg-type]
    for name, plan in plans.items():
        figures = summary.headline(plan)
        (OUT / f"{name}.json").write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")
        print(f"{name}: {len(figures)} figures")


if __name__ == "__main__":
    main()
