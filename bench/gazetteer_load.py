"""Time to load the gazetteer (searcher.enrich.places.gazetteer) and its file size (#11).

    python bench/gazetteer_load.py [FILE.tsv.gz] [--runs 5]

Prints the fastest of several runs (each in a fresh process: the loader caches), in CPU seconds
and wall seconds, so that a busy machine disturbs the figure less.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_ONE_RUN = """
import sys, time
from pathlib import Path
t, c = time.perf_counter(), time.process_time()
from searcher.enrich.places import gazetteer
g = gazetteer(Path(sys.argv[1]))
print(time.perf_counter() - t, time.process_time() - c, len(g.entities), len(g.names))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", type=Path, default=REPO / "searcher" / "data" / "gazetteer.tsv.gz")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    runs = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", _ONE_RUN, str(args.file.resolve())],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        runs.append((float(out[0]), float(out[1]), int(out[2]), int(out[3])))
    wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    print(
        f"{args.file}: {args.file.stat().st_size} bytes; {runs[0][2]} entities, {runs[0][3]} name keys; "
        f"load: fastest of {args.runs}: {wall:.3f} s wall, {cpu:.3f} s CPU"
    )


if __name__ == "__main__":
    main()
