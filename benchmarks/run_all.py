"""Runs the `main()` of every `benchmarks/*.py` script (alphabetical order) and prints their figures; the load
benchmark `charge.py` (a server under wrk, several minutes) has its own target, `make bench-charge`.

DATABASE_URL=postgres://postgres@127.0.0.1:5432/bienvenuedoc .venv/bin/python benchmarks/run_all.py [nom…]"""

import os
import sys
import time
import traceback
from importlib import import_module
from pathlib import Path

DOSSIER = Path(__file__).resolve().parent
sys.path.insert(0, str(DOSSIER.parent))


def scripts(noms: list[str]) -> list[str]:
    tous = sorted(
        p.stem for p in DOSSIER.glob("*.py") if p.stem not in {"__init__", "run_all", "outils", "charge", "lighthouse"}
    )
    return [n for n in tous if not noms or n in noms]


def charge_machine() -> str:
    """Load average and cores: a figure measured on a busy machine (a test suite running beside it) is not a
    figure of the code. The benchmark itself keeps one core busy (load ≈ 1); the README quotes runs at 0.6–0.9."""
    un, cinq, _ = os.getloadavg()
    return f"charge {un:.2f} (1 min) / {cinq:.2f} (5 min), {os.cpu_count()} cœurs"


def main(noms: list[str]) -> int:
    echecs = 0
    for nom in scripts(noms):
        print(f"=== benchmarks/{nom}.py — {charge_machine()}", flush=True)
        debut = time.perf_counter()
        try:
            import_module(f"benchmarks.{nom}").main()
        except Exception:
            echecs += 1
            traceback.print_exc()
        print(f"=== {nom} : {time.perf_counter() - debut:.1f} s au total — {charge_machine()}\n", flush=True)
    return 1 if echecs else 0


if __name__ == "__main__":
    noms = sys.argv[1:]
    sys.argv = sys.argv[:1]  # each script parses its own options: run them with their defaults
    sys.exit(main(noms))
