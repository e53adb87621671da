#!/usr/bin/env python3
"""A minimal external agent for `tatami run ID --agent cmd:'python3 examples/agent.py'`.

It speaks the JSON-lines protocol of docs/agents.md: one observation per line on standard input
(`task`, then `feedback` after every step, then `end`), one action per line on standard output.
Only the standard library is needed here; the code it sends runs inside the sandbox, where numpy,
pandas, scikit-learn, scipy and lightgbm are installed.

Plan: look at the data, submit the sample submission (always valid), submit a gradient-boosting
model on the numeric columns (predicted labels for label metrics such as accuracy, probabilities
otherwise), then finish with whichever scored best on the public rows.
"""

import json
import sys

# Metrics that compare predicted labels with the answers' labels; the others score numbers.
LABEL_METRICS = {"accuracy", "balanced_accuracy", "precision", "recall", "f1", "fbeta", "f1_micro", "f1_macro",
                 "f1_weighted", "mcc", "cohen_kappa", "quadratic_weighted_kappa"}

EXPLORE = """
import pandas as pd
train = pd.read_csv('/workspace/input/train.csv')
print(train.shape)
print(train.head(3).to_string())
"""

SAMPLE = """
import shutil
shutil.copy('/workspace/input/sample_submission.csv', '/workspace/working/submission.csv')
"""

MODEL = """
import numpy as np, pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
TASK, ID, TARGETS, LABELS = {task!r}, {id!r}, {targets!r}, {labels!r}
train = pd.read_csv('/workspace/input/train.csv')
test = pd.read_csv('/workspace/input/test.csv')
features = [c for c in test.columns if c != ID and pd.api.types.is_numeric_dtype(test[c]) and c in train.columns]
out = pd.DataFrame({{ID: test[ID]}})
if TASK == 'regression':
    model = HistGradientBoostingRegressor(max_iter=300, learning_rate=0.05, random_state=0)
    out[TARGETS[0]] = model.fit(train[features], train[TARGETS[0]]).predict(test[features])
elif TASK == 'multiclass_classification' and not LABELS:
    label = [c for c in train.columns if c not in test.columns][0]
    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=0)
    model.fit(train[features], train[label].astype(str))
    proba = model.predict_proba(test[features])
    for i, name in enumerate(model.classes_):
        out[name] = np.clip(proba[:, i], 1e-6, 1)
else:
    for target in TARGETS:
        model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=0)
        model.fit(train[features], train[target])
        # A label metric (accuracy, F1, kappa) scores the predicted class; the others a probability.
        out[target] = model.predict(test[features]) if LABELS else model.predict_proba(test[features])[:, 1]
out.to_csv('/workspace/working/submission.csv', index=False)
print('wrote', out.shape)
"""


def send(action):
    sys.stdout.write(json.dumps(action) + "\n")
    sys.stdout.flush()


def receive():
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    return json.loads(line)


def main():
    task = receive()["task"]
    fmt = task["submission"]
    plan = [
        {"action": "run", "code": EXPLORE},
        {"action": "submit", "code": SAMPLE},
        {"action": "submit", "code": MODEL.format(task=task["task"], id=fmt["id_column"], targets=fmt["target_columns"],
                                                  labels=task["metric"]["name"] in LABEL_METRICS)},
    ]
    higher = task["metric"]["higher_is_better"]
    best = None  # (public score, step)
    for action in plan:
        send(action)
        message = receive()
        if message["type"] == "end":
            return
        feedback = message["feedback"]
        print(f"step {feedback['step']}: {feedback['message']}", file=sys.stderr)
        submission = feedback.get("submission") or {}
        score = submission.get("public_score")
        if submission.get("valid") and score is not None:
            if best is None or (score > best[0] if higher else score < best[0]):
                best = (score, feedback["step"])
        if feedback["done"]:
            return
    send({"action": "finish", "submission": best[1] if best else None})
    receive()  # the end message


if __name__ == "__main__":
    main()
