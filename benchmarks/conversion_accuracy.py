"""Benchmark: how often a traditional edition prints a wrong character,
publish against plain OpenCC, per region (issue #10).

Drives ``../shared/corpus/roundtrip.py``: real Hong Kong and Taiwan text is
turned into simplified with OpenCC (hk2s / tw2s), converted back with plain
OpenCC and with ``publish convert``, and compared with the original; a
*real* mistake is a character wrong for the meaning (see its README). The
target: publish's real-error rate at most a third of plain OpenCC's, for
Hong Kong and for Taiwan.

    .venv/bin/python benchmarks/conversion_accuracy.py [--corpus DIR ...]

``--corpus`` may name several folders of hk-*.txt / tw-*.txt files (the
shared corpus is the default): other real text, never seen while the
dictionaries were written, shows whether the fixes hold beyond it. Needs
zhconv and jieba for roundtrip.py (``make bench`` installs them: the
``bench`` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpus"
TARGET = 1 / 3


def measure(corpus: Path) -> dict:
    script = SHARED / "roundtrip.py"
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run([sys.executable, str(script), str(Path(sys.executable).with_name("publish")),
                        "--corpus", str(corpus), "--json", str(report), "--quiet"],
                       check=True, capture_output=True, env={**os.environ, "PUBLISH_LANG": "en"})
        return json.loads(report.read_text("utf-8"))["report"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="append", type=Path, help="a folder of hk-*.txt / tw-*.txt files")
    parser.add_argument("--top", type=int, default=0, help="also list publish's commonest remaining mistakes")
    args = parser.parse_args()
    if not (SHARED / "roundtrip.py").is_file():
        print(f"no {SHARED / 'roundtrip.py'}: the shared corpus is needed", file=sys.stderr)
        return 1
    ok = True
    for corpus in args.corpus or [SHARED]:
        report = measure(corpus)
        print(f"== {corpus}")
        print(f"{'region':6} {'Han chars':>9} {'OpenCC real':>15} {'publish real':>15} {'publish/OpenCC':>14}")
        for region in ("hk", "tw"):
            opencc, publish = report.get(f"opencc/{region}"), report.get(f"publish/{region}")
            if not opencc or not publish:
                continue
            n = opencc["compared"] or 1
            ratio = publish["real"] / opencc["real"] if opencc["real"] else 0.0
            ok &= ratio <= TARGET
            print(f"{region.upper():6} {opencc['compared']:9d} {opencc['real']:5d} ({100 * opencc['real'] / n:.3f}%) "
                  f"{publish['real']:5d} ({100 * publish['real'] / n:.3f}%) {ratio:13.2f}  "
                  f"{'within' if ratio <= TARGET else 'ABOVE'} the 1/3 target")
            for mistake in [t for t in publish["top"] if t["cls"] == "real"][:args.top]:
                print(f"    {mistake['orig']}->{mistake['produced']} ×{mistake['count']}  {mistake['context']}")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
