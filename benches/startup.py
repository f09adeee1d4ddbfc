#!/usr/bin/env python3
"""Start-up time of `mandat serve` (release build), as a ratio to a baseline from the same run.

The baseline is `mandat --version`: the same binary loaded and run, doing nothing. A cold start
has a fresh data directory (the NAS key is generated, every migration applied); a warm start
finds both in place. Each is timed from spawn to the "Mandat listening on" line.

    cargo build --release && python3 benches/startup.py [--runs 21]

The figures replace the "Start-up" section of docs/PERFORMANCE.md.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target" / "release" / "mandat"
REPORT = ROOT / "docs" / "PERFORMANCE.md"


def env():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MANDAT_")}
    clean["MANDAT_LOG"] = "warn"
    return clean


def time_version():
    start = time.perf_counter()
    subprocess.run([BINARY, "--version"], check=True, capture_output=True, env=env())
    return time.perf_counter() - start


def time_serve(data_dir):
    start = time.perf_counter()
    child = subprocess.Popen(
        [BINARY, "serve", "--listen", "127.0.0.1:0", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env(), text=True,
    )
    for line in child.stdout:
        if line.startswith("Mandat listening on "):
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit("mandat exited before listening")
    child.terminate()
    child.wait(timeout=20)
    return elapsed


def summary(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.9 * (len(ordered) - 1))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    if not BINARY.exists():
        raise SystemExit(f"{BINARY} is missing: run cargo build --release first")

    baseline, cold, warm = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        warm_dir = Path(tmp) / "warm"
        time_serve(warm_dir)  # migrate once, so warm starts find the schema in place
        for i in range(runs):
            # Interleaved, so that noise from the shared machine falls on all three alike.
            baseline.append(time_version())
            cold_dir = Path(tmp) / f"cold-{i}"
            cold.append(time_serve(cold_dir))
            shutil.rmtree(cold_dir)
            warm.append(time_serve(warm_dir))

    (b_med, b_p90), (c_med, c_p90), (w_med, w_p90) = summary(baseline), summary(cold), summary(warm)
    ms = lambda s: f"{s * 1000:.1f} ms"
    section = f"""## Start-up (issue 3)

Target: a release build starts in under a second on an empty database; start-up does no work
that grows with data. Measured by `python3 benches/startup.py --runs {runs}` on
{time.strftime('%Y-%m-%d')} (2 cores, shared machine), each start timed from spawn to the
"Mandat listening on" line, interleaved with the baseline.

| what | median | p90 | median / baseline |
|---|---|---|---|
| baseline: `mandat --version` | {ms(b_med)} | {ms(b_p90)} | 1.0 |
| cold start: new data directory (key generated, all migrations) | {ms(c_med)} | {ms(c_p90)} | {c_med / b_med:.1f} |
| warm start: schema and key in place | {ms(w_med)} | {ms(w_p90)} | {w_med / b_med:.1f} |

Verdict: {"met" if c_p90 < 1.0 else "NOT met"}: the cold start's p90 is {ms(c_p90)}, {"under" if c_p90 < 1.0 else "over"} the one-second target.
"""
    text = REPORT.read_text() if REPORT.exists() else "# Performance\n\nEach figure is a ratio to a baseline measured in the same run: this machine is shared and noisy.\n"
    pattern = re.compile(r"## Start-up \(issue 3\)\n.*?(?=\n## |\Z)", re.S)
    text = pattern.sub(section.rstrip() + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    REPORT.write_text(text)
    print(section)


if __name__ == "__main__":
    main()
