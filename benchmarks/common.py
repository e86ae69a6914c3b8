"""What the benchmarks share: whole commands timed as a user runs them, the
shared sample (or the project's own fixture when ../shared is absent), and
one result line a figure, which ``run_all.py`` gathers into a table:

    BENCH|name|publish's figure|its anchor|ratio or value|target|holds
"""

from __future__ import annotations

import os
import resource
import statistics
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
PUBLISH = [sys.executable, "-m", "publish"]
# As on a user's machine, Python keeps its compiled modules (some sandboxes
# set PYTHONDONTWRITEBYTECODE, which makes every start compile every module
# again and favours whichever command imports less). Messages in English.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PUBLISH_LANG": "en"}


CPU: dict[str, list[float]] = {}   # name -> CPU seconds (user + system) of each timed run


def timed(cmd: list[str], cwd: Path, name: str | None = None) -> float:
    """Wall-clock seconds of one whole command; its CPU time (the process
    and its children: the pool's workers) goes to ``CPU[name]``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env=ENV)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if name:
        CPU.setdefault(name, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


def alternate(commands: dict[str, tuple[list[str], Path]], runs: int, before=None,
              simultaneous: dict[str, int] | None = None, swap: bool = False) -> dict[str, list[float]]:
    """Each command ``runs`` times, taking turns (a load that comes and goes
    on a shared machine falls on both), after one untimed warm-up each.
    ``before(name)`` runs untimed before each timed run; ``simultaneous``:
    commands run as N copies at once (the time until the last ends);
    ``swap``: every other round in the reverse order (A B, B A, A B …), so
    that neither command always runs right after the other (a machine that
    slows down or speeds up after a busy spell favours neither)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        turns = list(commands.items())
        for name, (cmd, cwd) in reversed(turns) if swap and round_ % 2 else turns:
            if before:
                before(name)
            copies = (simultaneous or {}).get(name, 1)
            seconds = timed(cmd, cwd, name if round_ else None) if copies == 1 else together(cmd, cwd, copies)
            if round_:
                times[name].append(seconds)
    return times


def together(cmd: list[str], cwd: Path, copies: int) -> float:
    """Wall-clock seconds of ``copies`` copies of one command started at
    once, until the last ends (each writes where its ``-o`` says, plus its
    number)."""
    started = time.perf_counter()
    running = [subprocess.Popen([*cmd[:-1], f"{cmd[-1]}{n}"] if "-o" in cmd[-2:] else cmd, cwd=cwd, env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for n in range(copies)]
    if any(process.wait() for process in running):
        raise SystemExit(f"{' '.join(cmd)} failed")
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


def workspace(root: Path, copies: int = 1, compilation: bool = False) -> Path:
    """A workspace holding the sample (``copies`` times, a01.txt …), as a
    compilation of them all when asked."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    for n in range(1, copies + 1):
        name = f"a{n:02d}.txt" if copies > 1 else SAMPLE.name
        (root / "articles" / name).write_bytes(SAMPLE.read_bytes())
    if compilation:
        (root / "publish.toml").write_text('title = "学习材料汇编"\nslug = "huibian"\narticles = ["articles/*.txt"]\n',
                                           encoding="utf-8")
    return root


def result(name: str, figure: str, anchor: str, ratio: str, target: str, holds: bool | None = None) -> None:
    """One row of ``make bench``'s table; ``holds``: whether the target is met."""
    verdict = "" if holds is None else ("yes" if holds else "NO")
    print(f"BENCH|{name}|{figure}|{anchor}|{ratio}|{target}|{verdict}", flush=True)


def cpu(name: str) -> str:
    """The median CPU time of ``name``'s timed runs, for a table cell."""
    return f"CPU {median(CPU[name]):.2f} s"
