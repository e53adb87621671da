"""Overhead of `tatami serve`: one step's round trip beyond the sandboxed code, and a reset, at N sessions.

    TATAMI_BIN=.build/release/tatami python benchmarks/serve/bench.py --sessions 16 --steps 30

Each session steps `run` of the shell's `true`; overhead = client round trip - the code's own execution time
(feedback.execution.seconds, spawn to reap, measured by the harness). `info` steps (no sandbox) are the server's
and the episode's own cost. Resets are timed after a first one that probes the sandbox. Medians, p10 and p90.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time

from tatami_env import LocalServer, Session


def quantiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"median_ms": round(statistics.median(ordered) * 1e3, 3), "p10_ms": round(pick(0.1) * 1e3, 3),
            "p90_ms": round(pick(0.9) * 1e3, 3), "n": len(ordered)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--competition", default="penguins-species")
    parser.add_argument("--sessions", type=int, default=16)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    run_overhead: list[float] = []
    info_round_trip: list[float] = []
    resets: list[float] = []
    lock = threading.Lock()
    with LocalServer(max_sessions=args.sessions) as server:
        first = Session(server.url)
        first.reset(args.competition)  # the first reset probes the sandbox once
        first.close()

        def worker() -> None:
            session = Session(server.url)
            start = time.perf_counter()
            session.reset(args.competition, steps=2 * args.steps + 2)
            with lock:
                resets.append(time.perf_counter() - start)
            for _ in range(args.steps):
                start = time.perf_counter()
                outcome = session.step({"action": "run", "command": "true"})
                elapsed = time.perf_counter() - start
                start = time.perf_counter()
                session.step({"action": "info"})
                info = time.perf_counter() - start
                with lock:
                    run_overhead.append(elapsed - outcome.feedback["execution"]["seconds"])
                    info_round_trip.append(info)
            session.close()

        threads = [threading.Thread(target=worker) for _ in range(args.sessions)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    print(json.dumps({
        "sessions": args.sessions, "steps_per_session": args.steps,
        "run_step_overhead": quantiles(run_overhead), "info_step_round_trip": quantiles(info_round_trip),
        "reset": quantiles(resets)}, indent=2))


if __name__ == "__main__":
    main()
