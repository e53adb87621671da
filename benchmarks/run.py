"""Times `tatami score` against pandas read_csv + alignment + scikit-learn on the same files.

Runs alternate (tatami, pandas, tatami, pandas, ...) so both see the same machine state; reports the
median wall time, the peak resident memory (from /usr/bin/time) and the ratio, and checks that both
give the same public and private scores. Generate the files first with benchmarks/generate.py.

Usage: python benchmarks/run.py [--repeat 5] [--data benchmarks/data] [--tatami .build/release/tatami]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TASKS = [("auc", "roc_auc"), ("rmse", "rmse")]


def timed(command):
    """Runs a command under /usr/bin/time; returns (seconds, peak KB, stdout)."""
    with tempfile.NamedTemporaryFile("r") as report:
        completed = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", report.name, *command], capture_output=True, text=True)
        if completed.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{completed.stderr}")
        seconds, peak_kb = report.read().split()
    return float(seconds), int(peak_kb), completed.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", default=os.path.join(HERE, "data"))
    parser.add_argument("--tatami", default=os.path.join(HERE, "..", ".build", "release", "tatami"))
    arguments = parser.parse_args()

    print(f"{'task':6} {'rows':>10} {'submission':>11} {'tatami s':>9} {'pandas s':>9} {'speed-up':>8} "
          f"{'tatami MB':>9} {'pandas MB':>9} {'mem/file':>8}")
    for name, metric in TASKS:
        answers = os.path.join(arguments.data, f"{name}_answers.csv")
        submission = os.path.join(arguments.data, f"{name}_submission.csv")
        tatami = [arguments.tatami, "score", "--answers", answers, "--metric", metric, submission, "--json"]
        pandas = [sys.executable, os.path.join(HERE, "reference_score.py"), answers, submission, metric]
        runs = {"tatami": [], "pandas": []}
        for _ in range(arguments.repeat):
            runs["tatami"].append(timed(tatami))
            runs["pandas"].append(timed(pandas))
        ours, theirs = json.loads(runs["tatami"][0][2]), json.loads(runs["pandas"][0][2])
        for key in ("public_score", "private_score"):
            if abs(ours[key] - theirs[key]) > 1e-9 * max(1.0, abs(theirs[key])):
                sys.exit(f"{name}: {key} differs: tatami {ours[key]} vs pandas {theirs[key]}")
        tatami_s = statistics.median(run[0] for run in runs["tatami"])
        pandas_s = statistics.median(run[0] for run in runs["pandas"])
        tatami_mb = max(run[1] for run in runs["tatami"]) / 1024
        pandas_mb = max(run[1] for run in runs["pandas"]) / 1024
        file_mb = os.path.getsize(submission) / 2**20
        print(f"{name:6} {ours['rows']['submission']:>10,} {file_mb:>8.0f} MB {tatami_s:>9.2f} {pandas_s:>9.2f} "
              f"{pandas_s / tatami_s:>7.1f}x {tatami_mb:>9.0f} {pandas_mb:>9.0f} {tatami_mb / file_mb:>7.2f}x")


if __name__ == "__main__":
    main()
