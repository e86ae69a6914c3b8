"""What the benchmarks measure publish against, and how.

The anchor is the `weasyprint` command on the HTML publish renders for the
same document with its Chinese typography turned off (the same text,
layout, fonts, cover, contents and running heads; no punctuation
compression, Latin gaps, last-line rule or inter-character justification,
which bare WeasyPrint cannot do). Both sides are whole commands, so
interpreter start and imports count; CPU time (user + system) and peak
resident memory come from the kernel for each child process. Python keeps
its compiled modules, as on a user's machine (some sandboxes set
PYTHONDONTWRITEBYTECODE, which makes every start compile every module
again and favours whichever command imports less).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO.parent / "shared" / "samples" / "jiangmen-party-building.txt"
if not SAMPLE.exists():
    # The targets are the shared sample's: another text's figures would
    # read as if they were.
    print(f"BENCH|{Path(sys.argv[0]).name}|skipped: {SAMPLE} is absent (the shared sample)|||||", flush=True)
    raise SystemExit(0)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TYPOGRAPHY_OFF = """[typography]
justify = false
compress_punctuation = false
latin_gap = false
keep_last_line = false
"""
sys.path.insert(0, str(REPO))


def measure(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(cmd[2:4])} failed: {process.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def plain_html(publication, workspace: Path, scratch: Path) -> Path:
    """The publication's HTML as publish renders it with its typography
    off (a workspace whose handout layout says so), written to a file."""
    from publish.fonts import load_fonts
    from publish.layouts import load_layout
    from publish.render import render

    off = scratch / "typography-off"
    (off / "layouts" / "handout").mkdir(parents=True, exist_ok=True)
    (off / "layouts" / "handout" / "layout.toml").write_text(TYPOGRAPHY_OFF)
    rendered = render(publication, load_layout("handout", off), load_fonts(workspace), workspace)
    html = workspace / "plain.html"
    html.write_text(rendered.html, encoding="utf-8")
    return html


def alternate(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, list[tuple[float, float, float]]]:
    """Each command once to warm the disk cache, fontconfig and compiled
    templates, then ``runs`` rounds taking them in turn."""
    for cmd in commands.values():
        measure(cmd, cwd)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            results[name].append(measure(cmd, cwd))
    return results


def table(results: dict[str, list[tuple[float, float, float]]]) -> list[str]:
    """Median and best wall time, median CPU time and peak memory."""
    import statistics

    lines = [f"{'':16}{'wall median':>12}{'wall best':>10}{'CPU median':>11}{'peak MB':>9}"]
    for name, runs in results.items():
        walls = [run[0] for run in runs]
        lines.append(f"{name:16}{statistics.median(walls):12.2f}{min(walls):10.2f}"
                     f"{statistics.median(run[1] for run in runs):11.2f}{max(run[2] for run in runs):9.0f}")
    return lines


def median(runs: list[tuple[float, float, float]], index: int) -> float:
    import statistics

    return statistics.median(run[index] for run in runs)
