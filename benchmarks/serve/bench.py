"""Overhead of `tatami serve`: one step's round trip beyond the sandboxed code, and a reset, at N sessions.

    swift build -c release --product tatami
    TATAMI_BIN=.build/release/tatami TATAMI_PYTHON_RUNTIME=$PWD/.venv python benchmarks/serve/bench.py --sessions 16

Each session is its own client process (no shared GIL) and steps `run` of the shell's `true`:
- round trip - execution: the client's round trip minus the code's own time (feedback.execution.seconds, spawn to
  reap, measured by the harness): everything the server, the episode and the wire add;
- harness: the same step's time inside the episode beyond the process (the trajectory's timings.harness);
- info: a step that runs nothing (the server's and the episode's own cost plus the wire);
- server CPU per step: the server process's CPU time (user + system, its own threads, not the sandboxes it
  starts) while every session steps, divided by the steps taken meanwhile; unlike the round trips it does not
  count waiting for a core, so it stays meaningful when N clients and their sandboxes share a small machine.
Resets are timed after a first one that probes the sandbox. Medians with p10 and p90.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import pathlib
import statistics
import time

from tatami_env import LocalServer, Session


def quantiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"median_ms": round(statistics.median(ordered) * 1e3, 3), "p10_ms": round(pick(0.1) * 1e3, 3),
            "p90_ms": round(pick(0.9) * 1e3, 3), "n": len(ordered)}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process's own threads (not of its children), from /proc."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def session(job: tuple[str, str, int, int, int, multiprocessing.synchronize.Barrier]) -> dict[str, list[float]]:  # type: ignore[name-defined]
    url, competition, steps, index, server_pid, barrier = job
    client = Session(url)
    barrier.wait()
    start = time.perf_counter()
    client.reset(competition, steps=2 * steps + 2, agent="bench")
    reset = time.perf_counter() - start
    barrier.wait()  # every session steps at the same time
    cpu_start = cpu_seconds(server_pid)
    run, info = [], []
    for _ in range(steps):
        start = time.perf_counter()
        outcome = client.step({"action": "run", "command": "true"})
        run.append(time.perf_counter() - start - outcome.feedback["execution"]["seconds"])
        start = time.perf_counter()
        client.step({"action": "info"})
        info.append(time.perf_counter() - start)
    barrier.wait()  # the last session is done stepping
    server_cpu = [(cpu_seconds(server_pid) - cpu_start) / (2 * steps * barrier.parties)] if index == 0 else []
    client.step({"action": "finish"})
    trajectory = pathlib.Path(client.state()["result"]["trajectory"]).read_text().splitlines()
    harness = [record["timings"]["harness"] for record in map(json.loads, trajectory)
               if record["type"] == "step" and (record.get("action") or {}).get("action") == "run"]
    client.close()
    return {"reset": [reset], "run": run, "info": info, "harness": harness, "server_cpu": server_cpu}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--competition", default="catsup-brand-choice")
    parser.add_argument("--sessions", type=int, default=16)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    with LocalServer(max_sessions=args.sessions) as server:
        first = Session(server.url)
        first.reset(args.competition)  # the first reset probes the sandbox once
        first.close()
        with multiprocessing.Manager() as manager:
            barrier = manager.Barrier(args.sessions)
            with multiprocessing.Pool(args.sessions) as pool:
                jobs = [(server.url, args.competition, args.steps, index, server.process.pid, barrier)
                        for index in range(args.sessions)]
                results = pool.map(session, jobs)
    merged = {key: [value for result in results for value in result[key]] for key in results[0]}
    print(json.dumps({
        "sessions": args.sessions, "steps_per_session": args.steps,
        "run_round_trip_minus_execution": quantiles(merged["run"]), "run_harness": quantiles(merged["harness"]),
        "info_round_trip": quantiles(merged["info"]), "reset": quantiles(merged["reset"]),
        "server_cpu_ms_per_step": round(merged["server_cpu"][0] * 1e3, 3),
        "load_average": os.getloadavg()[0]}, indent=2))


if __name__ == "__main__":
    main()
