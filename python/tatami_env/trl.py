"""TRL: `TatamiToolEnv` for `GRPOTrainer(environment_factory=TatamiToolEnv, reward_funcs=reward_func)`."""

from __future__ import annotations

import os
from typing import Any, Optional

from .server import shared_server
from .session import Session


class TatamiToolEnv:
    """One Tatami episode per rollout, driven through named tools.

    The competition is the dataset row's `competition` column (given to `reset`), else $TATAMI_COMPETITION.
    The server is $TATAMI_URL, else one local `tatami serve` for the process. The episode's reward is the sum
    of the step rewards; `reward_func` hands it to the trainer.
    """

    def __init__(self) -> None:
        url = os.environ.get("TATAMI_URL") or shared_server().url
        self._session = Session(url, os.environ.get("TATAMI_TOKEN") or None)
        self.reward = 0.0
        self.done = False
        self._task = ""

    def reset(self, **kwargs: Any) -> Optional[str]:
        """Starts an episode on the row's competition; returns the task for the first prompt."""
        competition = kwargs.get("competition") or os.environ.get("TATAMI_COMPETITION")
        if not competition:
            raise ValueError("no competition: give the dataset a 'competition' column or set TATAMI_COMPETITION")
        options = {k: kwargs[k] for k in ("seed", "steps", "time_s", "step_timeout_s", "reward") if k in kwargs}
        outcome = self._session.reset(str(competition), agent="trl", **options)
        self.reward = 0.0
        self.done = False
        self._task = outcome.text
        return outcome.text

    def _act(self, action: dict[str, Any]) -> str:
        if self.done:
            return "The episode is over; no more actions."
        outcome = self._session.step(action)
        self.reward += float(outcome.reward or 0.0)
        self.done = outcome.done
        return outcome.text

    def read_task(self, max_chars: int = 20000) -> str:
        """Read the competition: overview, data files and columns, metric, submission format and budget.

        Args:
            max_chars: the most characters of the description to return.

        Returns:
            The task description.
        """
        return self._act({"action": "info"})[: max(0, max_chars)]

    def run_python(self, code: str) -> str:
        """Run Python code in the sandbox. Data is in /workspace/input; /workspace/working persists between calls.

        Args:
            code: the Python source to run.

        Returns:
            The exit status, the end of stdout and stderr, and the budget left.
        """
        return self._act({"action": "run", "code": code})

    def submit(self, code: str) -> str:
        """Run Python code that writes /workspace/working/submission.csv, then score it on the public rows.

        Args:
            code: the Python source that writes the submission file.

        Returns:
            Whether the submission is valid, its public score and rank, and the budget left.
        """
        return self._act({"action": "submit", "code": code})

    def history(self, last: int = 0) -> str:
        """List the steps so far, one line each, with their status and public scores.

        Args:
            last: show only the last this many steps (0 shows all).

        Returns:
            One line per step.
        """
        text = self._act({"action": "history"})
        if last > 0:
            head, *steps = text.split("\n  step ")
            text = "\n  step ".join([head] + steps[-last:])
        return text

    def finish(self, submission: int = 0) -> str:
        """End the episode; the chosen submission is scored on the hidden private rows.

        Args:
            submission: the step number of the submission to be scored (0 takes the last valid one).

        Returns:
            Confirmation that the episode is over.
        """
        return self._act({"action": "finish", "submission": submission if submission > 0 else None})

    # TRL turns every public method but `reset` into a tool: cleanup stays private.
    def _close(self) -> None:
        self._session.close()

    def __del__(self) -> None:
        try:
            self._close()
        except Exception:
            pass


def reward_func(environments: list[TatamiToolEnv], **kwargs: Any) -> list[float]:
    """TRL reward function: each rollout's episode reward (the sum of its step rewards)."""
    return [environment.reward for environment in environments]
