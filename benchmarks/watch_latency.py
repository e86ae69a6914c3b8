"""Benchmark: ``publish watch`` — from saving an edited article to its A4
handout written (issue target: at most 1 s), beside a cold ``publish
build`` of the same article in the same run.

    .venv/bin/python benchmarks/watch_latency.py [--runs 5]
"""

from __future__ import annotations

import argparse
import queue
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from common import ENV, PUBLISH, SAMPLE, median, result, timed, workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp))
        cold = timed(PUBLISH + ["build", "--no-cache", "-o", "cold"], ws)
        watcher = subprocess.Popen(PUBLISH + ["watch"], cwd=ws, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                   text=True, env=ENV)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in watcher.stderr], daemon=True).start()

        def wait_for(fragment: str) -> float:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    if fragment in lines.get(timeout=0.5):
                        return time.perf_counter()
                except queue.Empty:
                    pass
            raise SystemExit(f"watch said no {fragment!r} within 120 s")

        latencies = []
        try:
            wait_for("watching")
            article = ws / "articles" / SAMPLE.name
            for n in range(args.runs):
                time.sleep(0.5)
                saved = time.perf_counter()
                article.write_text(SAMPLE.read_text("utf-8") + f"\n第{n + 1}次保存时新增的一段。\n", "utf-8")
                latencies.append(wait_for(".a4.pdf") - saved)
        finally:
            watcher.send_signal(signal.SIGINT)
            watcher.wait(timeout=30)
    late = median(latencies)
    print(f"{SAMPLE.name}: saved -> A4 handout written by `publish watch`: median {late:.2f} s of {args.runs} "
          f"(target <= 1.00 s); a cold `publish build` of it: {cold:.2f} s")
    result("watch: save -> A4 written", f"{late:.2f} s", f"cold build {cold:.2f} s", f"{late:.2f} s", "<= 1.00 s", late <= 1.0)


if __name__ == "__main__":
    main()
