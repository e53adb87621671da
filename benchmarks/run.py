"""Times `tatami score` against its peers (benchmarks/peers.py) and the machine's read limit on the same files.

Every round runs each contender once, in an order that rotates from round to round, so all of them see
the same machine state; the report gives, per contender, the median wall time, the min-max over the
rounds, the peak resident memory, the CPU seconds, and the ratio of its median to tatami's. Every peer's
scores must match tatami's (to 1e-9) or the run stops. The read limit is `cat ANSWERS SUBMISSION >
/dev/null` with the page cache warm: reading both files into memory once, nothing else.
Generate the files first with benchmarks/generate.py; install the peers with benchmarks/requirements.txt.

Usage: python benchmarks/run.py [--repeat 5] [--data benchmarks/data] [--tatami .build/release/tatami]
                                [--tasks auc,rmse] [--peers pandas-merge,pandas-sort,polars,duckdb]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TASKS = {"auc": "roc_auc", "rmse": "rmse"}
PEERS = ["pandas-merge", "pandas-sort", "polars", "duckdb"]
READ_LIMIT = "read limit"


def timed(command):
    """Runs a command, returning a Run with wall time, CPU time and peak memory of that child alone."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, shell=isinstance(command, str))
    # Read stdout before waiting, so a large output cannot block the child; wait4 gives its own rusage.
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"failed: {command}\n{stderr.decode()}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
            "stdout": stdout.decode()}


def commands(arguments, task, peers):
    answers = os.path.join(arguments.data, f"{task}_answers.csv")
    submission = os.path.join(arguments.data, f"{task}_submission.csv")
    metric = TASKS[task]
    result = {"tatami": [arguments.tatami, "score", "--answers", answers, "--metric", metric, submission, "--json"]}
    for peer in peers:
        result[peer] = [arguments.python, os.path.join(HERE, "peers.py"), peer, answers, submission, metric]
    result[READ_LIMIT] = f"cat '{answers}' '{submission}' > /dev/null"
    return result, answers, submission


def check_scores(task, runs):
    ours = json.loads(runs["tatami"][0]["stdout"])
    for name, results in runs.items():
        if name in ("tatami", READ_LIMIT):
            continue
        theirs = json.loads(results[0]["stdout"])
        for key in ("public_score", "private_score"):
            if abs(ours[key] - theirs[key]) > 1e-9 * max(1.0, abs(theirs[key])):
                sys.exit(f"{task}: {name}'s {key} differs: tatami {ours[key]!r}, {name} {theirs[key]!r}")
    return ours


def report(task, runs, answers, submission, ours):
    megabytes = (os.path.getsize(answers) + os.path.getsize(submission)) / 1e6
    submission_mib = os.path.getsize(submission) / 2**20
    tatami = statistics.median(run["seconds"] for run in runs["tatami"])
    print(f"\n{task} ({TASKS[task]}): {ours['rows']['submission']:,} rows, submission {submission_mib:.0f} MiB, "
          f"answers + submission {megabytes:.0f} MB; scores agree")
    print(f"  {'contender':13} {'median s':>9} {'min-max s':>13} {'vs tatami':>10} {'CPU s':>6} {'peak MiB':>9} "
          f"{'peak/sub':>8}")
    for name, results in runs.items():
        median = statistics.median(run["seconds"] for run in results)
        low, high = min(run["seconds"] for run in results), max(run["seconds"] for run in results)
        cpu = statistics.median(run["cpu"] for run in results)
        peak = max(run["peak_mib"] for run in results)
        ratio = f"{tatami / median:.2f}x" if name == READ_LIMIT else f"{median / tatami:.1f}x"
        print(f"  {name:13} {median:>9.2f} {low:>6.2f}-{high:<6.2f} {ratio:>10} {cpu:>6.2f} {peak:>9.0f} "
              f"{peak / submission_mib:>7.2f}x")
    cpu = statistics.median(run["cpu"] for run in runs["tatami"])
    limit = statistics.median(run["seconds"] for run in runs[READ_LIMIT])
    print(f"  tatami: {megabytes / cpu:.0f} MB per CPU-second; {tatami / limit:.1f}x the read limit "
          f"('vs tatami' of the read limit is tatami's multiple of it)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", default=os.path.join(HERE, "data"))
    parser.add_argument("--tatami", default=os.path.join(HERE, "..", ".build", "release", "tatami"))
    parser.add_argument("--python", default=sys.executable, help="the interpreter with the peers' packages")
    parser.add_argument("--tasks", default=",".join(TASKS))
    parser.add_argument("--peers", default=",".join(PEERS))
    arguments = parser.parse_args()
    peers = [peer for peer in arguments.peers.split(",") if peer]
    for task in arguments.tasks.split(","):
        contenders, answers, submission = commands(arguments, task, peers)
        names = list(contenders)
        runs = {name: [] for name in names}
        timed(contenders[READ_LIMIT])  # warms the page cache
        for round_number in range(arguments.repeat):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                runs[name].append(timed(contenders[name]))
        report(task, runs, answers, submission, check_scores(task, runs))


if __name__ == "__main__":
    main()
