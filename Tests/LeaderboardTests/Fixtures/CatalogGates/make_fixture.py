"""Writes the catalog-gate fixture: Competitions/gate-pass/ (a bundle that passes every catalog gate) and
Leaderboards/gate-pass.csv (its reference board of 30 models and the baseline). Run from this folder:
python3 make_fixture.py. CatalogGateFixtureTests breaks each gate on a copy."""
import math
import os

ROWS = 1000  # test rows: ids 1001..2000, every tenth row's last digit 0-2 Public (300), else Private (700)
here = os.path.dirname(os.path.abspath(__file__))
bundle = os.path.join(here, "Competitions", "gate-pass")
for folder in ("public", "private", "baseline"):
    os.makedirs(os.path.join(bundle, folder), exist_ok=True)


def x_of(i):
    return (i * 7) % 20


def y_of(i):
    return 2 * x_of(i) + (i % 3)


train = range(1, 1001)
test = range(1001, 1001 + ROWS)
mean = sum(y_of(i) for i in train) / len(train)
usage = {i: "Public" if i % 10 < 3 else "Private" for i in test}


def write(path, lines):
    with open(os.path.join(bundle, path), "w") as f:
        f.write("\n".join(lines) + "\n")


write("public/train.csv", ["id,x,y"] + [f"{i},{x_of(i)},{y_of(i)}" for i in train])
write("public/test.csv", ["id,x"] + [f"{i},{x_of(i)}" for i in test])
write("public/sample_submission.csv", ["id,y"] + [f"{i},{mean!r}" for i in test])
write("private/answers.csv", ["id,y,Usage"] + [f"{i},{y_of(i)},{usage[i]}" for i in test])


def rmse(predict, part):
    rows = [i for i in test if usage[i] == part]
    return math.sqrt(sum((predict(i) - y_of(i)) ** 2 for i in rows) / len(rows))


prior = {p: rmse(lambda i: mean, p) for p in ("Public", "Private")}
# The baseline predicts 2x + 1: off by at most 1.
baseline = {p: rmse(lambda i: 2 * x_of(i) + 1, p) for p in ("Public", "Private")}
write("baseline/solution.py", [
    "import csv",
    "rows = list(csv.DictReader(open('public/test.csv')))",
    "with open('submission.csv', 'w') as f:",
    "    f.write('id,y\\n')",
    "    for r in rows: f.write(f\"{r['id']},{2 * int(r['x']) + 1}\\n\")",
])
write("competition.yaml", [
    "format: 1", "id: gate-pass", 'title: "Catalog gates: a competition that passes them all"', "version: 1",
    "task: regression", "tags: [tabular]", "metric:", "  name: rmse", "  params: {}", "submission:",
    "  id_column: id", "  target_columns: [y]", "answers: private/answers.csv", "baseline:",
    "  script: baseline/solution.py",
    f"  scores: {{public: {baseline['Public']!r}, private: {baseline['Private']!r}}}",
    "source:", "  name: synthetic", "  license: CC0-1.0",
])
write("description.md", [
    "# Catalog gates fixture", "",
    "Predict `y` from `x` for each row `id`. Metric: `rmse` (lower is better).",
])
# 30 models from the prior's score down to 0.95 of the gap closed, public and private in the same order.
board = ["rank,team,score,public_score,private_score,submitted_at,kind"]
entries = []
for k in range(30):
    share = 0.95 * k / 29
    entries.append((f"zoo-model-{k:02d}", prior["Public"] * (1 - share) * 1.01, prior["Private"] * (1 - share)))
entries.append(("baseline", baseline["Public"], baseline["Private"]))
entries.sort(key=lambda e: e[2])
for rank, (team, public, private) in enumerate(entries, 1):
    kind = "baseline" if team == "baseline" else "reference"
    board.append(f"{rank},{team},{private!r},{public!r},{private!r},2026-01-01T00:00:00Z,{kind}")
os.makedirs(os.path.join(here, "Leaderboards"), exist_ok=True)
with open(os.path.join(here, "Leaderboards", "gate-pass.csv"), "w") as f:
    f.write("\n".join(board) + "\n")
print("prior", prior, "baseline", baseline)
