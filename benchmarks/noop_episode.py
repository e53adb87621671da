"""Wall time of a `tatami run` whose agent stops at once, for two binaries side by side.

Usage: python3 benchmarks/noop_episode.py BEFORE AFTER [--runs 20] [--competition email-spam]

Runs `BEFORE run C --agent cmd:<noop> --json` and the same with AFTER, alternating (ABAB, then BABA), after
one warm-up run each; the agent is a /bin/sh script that reads its first line and answers
{"action": "stop"}. Prints medians, quartiles and range per binary, and the 1-minute load average seen.
Both binaries should see the same catalog: set TATAMI_COMPETITIONS (each binary also searches the
Competitions/ folder above itself and above the current directory).
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time


def quantile(values, fraction):
    values = sorted(values)
    k = (len(values) - 1) * fraction
    low = int(k)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--competition", default="email-spam")
    args = parser.parse_args()
    agent = os.path.join(tempfile.mkdtemp(), "noop_agent.sh")
    with open(agent, "w") as f:
        f.write("#!/bin/sh\nread line\necho '{\"action\": \"stop\"}'\n")
    os.chmod(agent, 0o755)
    command = ["run", args.competition, "--agent", "cmd:" + agent, "--json"]

    def once(binary):
        start = time.perf_counter()
        done = subprocess.run([binary] + command, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0 or json.loads(done.stdout)["competition"] != args.competition:
            raise SystemExit(f"{binary} failed: {done.stderr[-2000:]}")
        return elapsed

    binaries = [args.before, args.after]
    for binary in binaries:
        once(binary)
    times = {binary: [] for binary in binaries}
    loads = []
    for index in range(args.runs):
        loads.append(os.getloadavg()[0])
        for binary in binaries if index % 2 == 0 else reversed(binaries):
            times[binary].append(once(binary))
    for name, binary in zip(["before", "after"], binaries):
        ms = [1000 * value for value in times[binary]]
        print(f"{name}: {binary}: n={len(ms)} median {statistics.median(ms):.0f} ms, quartiles "
              f"{quantile(ms, .25):.0f}-{quantile(ms, .75):.0f}, range {min(ms):.0f}-{max(ms):.0f}")
    print(f"1-minute load average during the runs: {min(loads):.2f}-{max(loads):.2f}")


if __name__ == "__main__":
    main()
