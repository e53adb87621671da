"""Four episodes in parallel through tatami_env with a scripted policy; prints each episode's reward.

    swift build && TATAMI_BIN=.build/debug/tatami python examples/rollout.py catsup-brand-choice

With no URL, tatami_env starts a local `tatami serve` and stops it at exit (pass --url to use a running one).
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ThreadPoolExecutor

from tatami_env import LocalServer, Session

#: The scripted policy: look at the data, submit the sample submission, read the history, finish.
POLICY = [
    {"action": "run", "code": "import os; print(sorted(os.listdir('/workspace/input')))"},
    {"action": "submit", "code": (
        "import pandas as pd\n"
        "pd.read_csv('/workspace/input/sample_submission.csv').to_csv('/workspace/working/submission.csv', index=False)\n")},
    {"action": "history"},
    {"action": "finish"},
]


def episode(url: str, competition: str, seed: int) -> tuple[int, float, str]:
    session = Session(url)
    try:
        outcome = session.reset(competition, seed=seed, agent="scripted", steps=len(POLICY))
        total = 0.0
        for action in POLICY:
            outcome = session.step(action)
            total += outcome.reward or 0.0
            if outcome.done:
                break
        return seed, total, session.state().get("status") or "running"
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("competition", nargs="?", default="catsup-brand-choice")
    parser.add_argument("--url", help="a running tatami serve (default: start one)")
    parser.add_argument("--episodes", type=int, default=4)
    args = parser.parse_args()
    server = None if args.url else LocalServer(max_sessions=args.episodes)
    url = args.url or server.url  # type: ignore[union-attr]
    try:
        with ThreadPoolExecutor(args.episodes) as pool:
            results = list(pool.map(lambda seed: episode(url, args.competition, seed), range(args.episodes)))
        for seed, reward, status in results:
            print(json.dumps({"seed": seed, "reward": round(reward, 6), "status": status}))
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
