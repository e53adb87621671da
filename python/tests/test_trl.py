from __future__ import annotations

import inspect

from tatami_env import TatamiToolEnv, reward_func

from conftest import COMPETITION

TOOLS = ["read_task", "run_python", "submit", "history", "finish"]


def test_the_public_methods_are_reset_and_the_tools() -> None:
    public = {name for name, member in inspect.getmembers(TatamiToolEnv, inspect.isfunction) if not name.startswith("_")}
    assert public == {"reset", *TOOLS}


def test_tools_have_docstrings_with_args() -> None:
    for name in TOOLS:
        doc = inspect.getdoc(getattr(TatamiToolEnv, name)) or ""
        assert "Args:" in doc, name
        for parameter in list(inspect.signature(getattr(TatamiToolEnv, name)).parameters)[1:]:
            assert f"{parameter}:" in doc.split("Args:")[1], (name, parameter)


def test_episode_through_tools_and_reward(server, monkeypatch) -> None:
    monkeypatch.setenv("TATAMI_URL", server.url)
    environments = [TatamiToolEnv(), TatamiToolEnv()]
    for environment in environments:
        assert "Competition" in (environment.reset(competition=COMPETITION, steps=6) or "")
    first = environments[0]
    assert "Metric" in first.read_task()
    assert "42" in first.run_python("print(6 * 7)")
    text = first.submit("import pandas as pd\n"
                        "pd.read_csv('/workspace/input/sample_submission.csv')"
                        ".to_csv('/workspace/working/submission.csv', index=False)\n")
    assert "valid submission" in text
    assert "step 2 run" in first.history() and "step 2" not in first.history(last=1)
    first.finish()
    assert first.done and first.reward >= 0
    rewards = reward_func(environments)
    assert rewards == [first.reward, 0.0]
    for environment in environments:
        environment._close()
