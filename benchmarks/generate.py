"""Writes the scoring benchmark's files: 10,000,000-row answers (with a Usage column) and submissions.

Two tasks, as the benchmark times them:
  auc   binary 0/1 target, real-valued scores  (metric roc_auc)
  rmse  real target, real predictions          (metric rmse)

Submissions are written in a shuffled row order, so alignment by id is really exercised, with floats
written by numpy at full precision (up to 17 significant digits), as pandas' to_csv writes them.
Usage: python benchmarks/generate.py [--rows N] [--out benchmarks/data]
"""

import argparse
import os

import numpy as np


def write_csv(path, header, columns):
    """Writes columns of equal length as CSV; strings are formatted in blocks to bound memory."""
    with open(path, "w", newline="\n") as out:
        out.write(",".join(header) + "\n")
        rows = len(columns[0])
        block = 1_000_000
        for start in range(0, rows, block):
            parts = [column[start:start + block] for column in columns]
            lines = ["\n".join(",".join(cells) for cells in zip(*parts))]
            out.write(lines[0] + "\n")


def formatted(values):
    """Shortest round-trip representation of each double, like pandas' to_csv."""
    return np.array([repr(float(v)) for v in values], dtype=object)


def generate(rows, out_dir, seed=20261122):
    rng = np.random.default_rng(seed)
    os.makedirs(out_dir, exist_ok=True)
    ids = np.arange(1, rows + 1)
    usage = np.where(rng.random(rows) < 0.3, "Public", "Private")
    order = rng.permutation(rows)
    id_text = ids.astype(str)

    labels = (rng.random(rows) < 0.3).astype(np.int64)
    scores = np.clip(0.35 * labels + rng.normal(0.4, 0.2, rows), 0, 1)
    write_csv(f"{out_dir}/auc_answers.csv", ["id", "target", "Usage"], [id_text, labels.astype(str), usage])
    write_csv(f"{out_dir}/auc_submission.csv", ["id", "target"], [id_text[order], formatted(scores[order])])

    truth = rng.normal(100, 25, rows)
    predicted = truth + rng.normal(0, 10, rows)
    write_csv(f"{out_dir}/rmse_answers.csv", ["id", "target", "Usage"], [id_text, formatted(truth), usage])
    write_csv(f"{out_dir}/rmse_submission.csv", ["id", "target"], [id_text[order], formatted(predicted[order])])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "data"))
    arguments = parser.parse_args()
    generate(arguments.rows, arguments.out)
    print(f"wrote {arguments.rows:,}-row answers and submissions to {arguments.out}")
