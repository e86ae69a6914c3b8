"""``make bench``: run every benchmark and print one table.

The scripts that print ``BENCH|…`` lines (``common.result``) give a row a
figure; the older ones give a row of their closing lines as printed.
Figures from a shared machine are only comparable within one row: each
row pairs publish's figure with its anchor measured in the same run, and
says whether the target holds and how loaded the machine was.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["build_sample.py", "typography_overhead.py", "compilation_310.py", "impose_200.py",
           "conversion_speed.py", "conversion_accuracy.py", "import_docx.py", "matrix_jobs.py", "cached_rebuild.py", "compilation_jobs.py",
           "watch_latency.py", "pictures.py"]
COLUMNS = ("benchmark", "publish", "anchor (same run)", "ratio / value", "target", "holds", "load before")


def main() -> None:
    rows = []
    for script in SCRIPTS:
        print(f"== {script}", flush=True)
        # The load average (1 min) as the script starts: wall times from a
        # loaded machine say little, CPU times a little more.
        load = f"{os.getloadavg()[0]:.1f}"
        run = subprocess.run([sys.executable, str(HERE / script)], cwd=HERE, capture_output=True, text=True)
        print(run.stdout + run.stderr, flush=True)
        found = [line.split("|")[1:] + [load] for line in run.stdout.splitlines() if line.startswith("BENCH|")]
        if run.returncode:
            rows.append([script, "FAILED", "", "", "", "", load])
        elif found:
            rows.extend(found)
        else:
            last = [line for line in run.stdout.splitlines() if line.strip()][-2:]
            rows.append([script, " / ".join(last), "", "", "", "", load])
    widths = [max(len(str(row[i])) for row in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    for row in [COLUMNS, ["-" * w for w in widths], *rows]:
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    main()
