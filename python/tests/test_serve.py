"""The server under load and abuse: concurrent sessions, vanished clients, bad messages, capacity, tokens."""

from __future__ import annotations

import json
import os
import pathlib
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from websockets.sync.client import connect

from tatami_env import LocalServer, Session, TatamiError, tatami_binary

from conftest import COMPETITION


def processes_with(marker: str) -> list[int]:
    """Pids whose command line contains `marker` (this test's sandboxed code or its bubblewrap)."""
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_16_concurrent_sessions_lose_and_mix_no_steps(server) -> None:
    steps, failures = 4, []

    def episode(index: int) -> None:
        session = Session(server.url)
        try:
            session.reset(COMPETITION, seed=index, steps=steps + 1, episode_id=f"par-{index}")
            for step in range(1, steps + 1):
                outcome = session.step({"action": "run", "code": f"print({index * 1000 + step})"})
                feedback = outcome.feedback
                if feedback["step"] != step or feedback["execution"]["stdout_tail"].strip() != str(index * 1000 + step):
                    failures.append((index, step, feedback["step"], feedback["execution"]["stdout_tail"]))
                if outcome.observation["episode_id"] != f"par-{index}":
                    failures.append((index, step, "episode", outcome.observation["episode_id"]))
            done = session.step({"action": "finish"})
            state = session.state()
            if not done.done or state["step_count"] != steps + 1 or state["status"] != "finished":
                failures.append((index, "end", state))
            trajectory = pathlib.Path(state["result"]["trajectory"]).read_text().splitlines()
            outputs = [json.loads(line)["feedback"]["execution"]["stdout_tail"].strip()
                       for line in trajectory if json.loads(line)["type"] == "step" and json.loads(line)["action"]["action"] == "run"]
            if outputs != [str(index * 1000 + s) for s in range(1, steps + 1)]:
                failures.append((index, "trajectory", outputs))
        except Exception as error:  # noqa: BLE001  (collected and reported below)
            failures.append((index, repr(error)))
        finally:
            session.close()

    threads = [threading.Thread(target=episode, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []


def test_killing_a_client_mid_step_leaves_no_process(server, tmp_path: pathlib.Path) -> None:
    seconds = f"{random.randint(500, 899)}.{random.randint(10000, 99999)}"
    client = tmp_path / "client.py"
    client.write_text(
        "import sys\n"
        "from tatami_env.session import Session\n"
        f"s = Session({server.url!r})\n"
        f"print(s.reset({COMPETITION!r}).observation['run_id'], flush=True)\n"
        f"s.step({{'action': 'run', 'command': 'sleep {seconds}'}})\n")
    process = subprocess.Popen([sys.executable, str(client)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    run_id = process.stdout.readline().strip()
    deadline = time.monotonic() + 30
    while not processes_with(f"sleep {seconds}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_with(f"sleep {seconds}"), "the step never started"
    assert processes_with(run_id), "bubblewrap holds the run folder on its command line"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 20
    while (processes_with(f"sleep {seconds}") or processes_with(run_id)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with(f"sleep {seconds}") == [] and processes_with(run_id) == []
    summary = pathlib.Path(os.environ["TATAMI_HOME"]) / "runs" / run_id / "summary.json"
    deadline = time.monotonic() + 10
    while not summary.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    result = json.loads(summary.read_text())
    assert result["status"] == "aborted" and "disconnected" in result["note"]


def raw_exchange(url: str, messages: list[str]) -> list[dict]:
    with connect(url.replace("http://", "ws://") + "/ws") as ws:
        replies = []
        for message in messages:
            ws.send(message)
            replies.append(json.loads(ws.recv(timeout=60)))
        return replies


def test_bad_messages_get_typed_errors_and_the_server_stays_up(server) -> None:
    replies = raw_exchange(server.url, [
        "{not json", json.dumps({"type": "dance"}), json.dumps({"type": "step", "data": {"action": "info"}}),
        json.dumps({"type": "reset", "data": {"competition": "no-such-competition"}}),
        json.dumps({"type": "reset", "data": {"competition": COMPETITION, "seed": "x"}}),
        json.dumps({"type": "reset", "data": []}), json.dumps([1, 2]),
        json.dumps({"type": "reset", "data": {"competition": COMPETITION}}),
        json.dumps({"type": "step", "data": {"action": "explode"}}), json.dumps({"type": "state"}),
    ])
    codes = [reply["data"].get("code") if reply["type"] == "error" else reply["type"] for reply in replies]
    assert codes == [
        "INVALID_JSON", "UNKNOWN_TYPE", "SESSION_ERROR", "FACTORY_ERROR", "VALIDATION_ERROR", "VALIDATION_ERROR",
        "VALIDATION_ERROR", "observation", "observation", "state",
    ]
    assert replies[8]["data"]["observation"]["feedback"]["status"] == "invalid_action"
    assert replies[9]["data"]["step_count"] == 1
    with urllib.request.urlopen(server.url + "/health") as response:
        assert json.loads(response.read())["status"] == "healthy"


def post(url: str, body: object, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_http_routes_follow_openenv(server) -> None:
    status, reset = post(server.url + "/reset", {"competition": COMPETITION, "episode_id": "http-1", "seed": 2})
    assert status == 200 and set(reset) == {"observation", "reward", "done"} and reset["reward"] is None
    status, step = post(server.url + "/step", {"action": {"action": "run", "code": "print(5)"}, "timeout_s": 30,
                                                "episode_id": "http-1"})
    assert status == 200 and step["observation"]["feedback"]["execution"]["stdout_tail"] == "5\n"
    status, error = post(server.url + "/step", {"action": "run"})
    assert status == 422 and error["detail"]["code"] == "VALIDATION_ERROR"
    with urllib.request.urlopen(server.url + "/state?episode_id=http-1") as response:
        assert json.loads(response.read())["step_count"] == 1
    with urllib.request.urlopen(server.url + "/schema") as response:
        schema = json.loads(response.read())
    assert set(schema) == {"action", "observation", "state"}
    assert schema["action"]["properties"]["action"]["enum"] == ["info", "run", "submit", "history", "finish"]
    with urllib.request.urlopen(server.url + "/metadata") as response:
        assert json.loads(response.read())["name"] == "tatami"


def test_capacity_is_capped_and_freed(tatami_home) -> None:
    with LocalServer(max_sessions=1) as small:
        first = Session(small.url)
        first.reset(COMPETITION)
        with pytest.raises(TatamiError) as refused:
            Session(small.url).reset(COMPETITION)
        assert refused.value.code == "CAPACITY_REACHED"
        first.close()
        deadline, second = time.monotonic() + 10, None
        while second is None and time.monotonic() < deadline:
            try:
                second = Session(small.url)
                second.reset(COMPETITION)
            except TatamiError:
                second = None
                time.sleep(0.1)
        assert second is not None
        second.close()


def test_token_is_required_when_set_and_beyond_loopback(tatami_home) -> None:
    refused = subprocess.run([tatami_binary(), "serve", "--host", "0.0.0.0", "--port", "0"], capture_output=True,
                             text=True, timeout=60, env={**os.environ, "TATAMI_TOKEN": ""})
    assert refused.returncode == 3 and "token" in refused.stderr
    with LocalServer(extra_args=["--token", "s3cret"]) as guarded:
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(guarded.url + "/health")
        assert denied.value.code == 401
        request = urllib.request.Request(guarded.url + "/health", headers={"Authorization": "Bearer s3cret"})
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
        session = Session(guarded.url, token="s3cret")
        assert session.reset(COMPETITION).done is False
        session.close()
