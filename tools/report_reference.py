"""Reference numbers for `tatami report`, computed with numpy and scipy from the papers' formulas.

Usage: report_reference.py FIXTURE.json OUTPUT_DIR  → OUTPUT_DIR/report.json

FIXTURE holds a bench's plan, its competitions (direction, baseline, private reference board) and the
episodes' `tatami run --json` records. The definitions are those of docs/reports.md: MLE-bench's per-seed
percentages then mean and SEM (ddof 1); MLGym's performance profile and AUP (ratios to the best feasible
score, infeasible at 1.05 x the worst ratio, 500 tau points, left Riemann sum); Elo as a Bradley-Terry
maximum-likelihood fit (here by scipy's optimiser, not the MM iteration the Swift code uses).
"""

import json
import math
import os
import sys

import numpy as np
from scipy.optimize import minimize

EPSILON = 0.05


def normalized(score, base, best, median, higher):
    """docs/numbers.md: gain over the baseline in units of max(best's gain, |baseline's gain over the median|)."""
    sign = 1 if higher else -1
    unit = max(sign * (best - base), abs(sign * (base - median)))
    return sign * (score - base) / unit


def main():
    fixture = json.load(open(sys.argv[1]))
    out_dir = sys.argv[2]
    plan = fixture["plan"]
    agents, competitions, seeds = plan["agents"], plan["competitions"], range(plan["seeds"])
    contexts = {c["id"]: c for c in fixture["competitions"]}
    records = {(r["agent"], r["competition"], r["seed"]): r["result"] for r in fixture["results"]}

    def outcome(agent, competition, seed):
        record = records.get((agent, competition, seed))
        context = contexts[competition]
        score = record and record["final_private_score"]
        valid = score is not None
        board = np.array(context["reference_private_scores"])
        higher = context["higher_is_better"]
        median = np.median(board)
        best = board.max() if higher else board.min()
        base = record["baseline_private_score"] if record else context["baseline_private_score"]
        return {
            "valid": valid, "score": score,
            "medal": record["medal"] if valid else None,
            "above_median": valid and (score > median if higher else score < median),
            "beats_baseline": valid and record["beats_baseline"] is True,
            "human_rank": record["human_rank"] if valid else 0.0,
            "normalized": normalized(score, base, best, median, higher) if valid else None,
        }

    def estimate(per_seed):
        values = np.array([v for v in per_seed if v is not None], dtype=float)
        mean = float(values.mean()) if len(values) else None
        sem = float(np.std(values, ddof=1) / np.sqrt(len(values))) if len(values) > 1 else None
        return {"mean": mean, "sem": sem}

    rates = {}
    for agent in agents:
        table = {seed: [outcome(agent, c, seed) for c in competitions] for seed in seeds}
        def percent(test):
            return estimate([100.0 * np.mean([bool(test(o)) for o in table[s]]) for s in seeds])
        def average(key):
            per_seed = []
            for s in seeds:
                values = [o[key] for o in table[s] if o[key] is not None]
                per_seed.append(float(np.mean(values)) if values else None)
            return estimate(per_seed)
        rates[agent] = {
            "any_medal": percent(lambda o: o["medal"] is not None),
            "gold": percent(lambda o: o["medal"] == "gold"),
            "above_median": percent(lambda o: o["above_median"]),
            "beats_baseline": percent(lambda o: o["beats_baseline"]),
            "valid_submission": percent(lambda o: o["valid"]),
            "human_rank": average("human_rank"),
            "normalized_score": average("normalized"),
        }

    # MLGym: best of the seeds, the baseline as an extra method.
    methods = agents + ["(baseline)"]
    ratios, caps = {}, []
    for c in competitions:
        context = contexts[c]
        higher = context["higher_is_better"]
        base = context["baseline_private_score"]
        scores = {}
        for agent in agents:
            mine = [records[(agent, c, s)]["final_private_score"] for s in seeds
                    if (agent, c, s) in records and records[(agent, c, s)]["final_private_score"] is not None]
            scores[agent] = (max(mine) if higher else min(mine)) if mine else None
        scores["(baseline)"] = base
        feasible = {m: s for m, s in scores.items()
                    if s is not None and s >= 0 and not (s < base if higher else s > base)}
        best = max(feasible.values()) if higher else min(feasible.values())
        task = {m: (1.0 if s == best else (best / s if higher else s / best)) for m, s in feasible.items()}
        worst = max(task.values())
        for m in methods:
            task.setdefault(m, (1 + EPSILON) * worst)
        ratios[c] = task
        caps.append(math.ceil((1 + EPSILON) * worst))
    tau_max = float(np.ceil(np.log10(max(caps)) * 10) / 10)
    tau = np.linspace(0, tau_max, num=500)
    rho, aup = {}, {}
    for m in methods:
        logs = np.array([np.log10(ratios[c][m]) for c in competitions])
        profile = np.array([(logs <= t).mean() for t in tau])
        rho[m] = profile.tolist()
        aup[m] = float(np.sum(np.diff(tau) * profile[:-1]))

    # Elo: games per competition and seed, one virtual draw per pair, Bradley-Terry MLE.
    index = {a: i for i, a in enumerate(agents)}
    wins = np.zeros((len(agents), len(agents)))
    for s in seeds:
        for c in competitions:
            higher = contexts[c]["higher_is_better"]
            for i, a in enumerate(agents):
                for b in agents[i + 1:]:
                    sa = records.get((a, c, s), {}).get("final_private_score")
                    sb = records.get((b, c, s), {}).get("final_private_score")
                    if sa is None and sb is None:
                        continue
                    if sb is None:
                        result = 1.0
                    elif sa is None:
                        result = 0.0
                    elif sa == sb:
                        result = 0.5
                    else:
                        result = 1.0 if (sa > sb if higher else sa < sb) else 0.0
                    wins[index[a], index[b]] += result
                    wins[index[b], index[a]] += 1 - result
    wins_prior = wins + 0.5 * (1 - np.eye(len(agents)))

    def negative_log_likelihood(ratings):
        diff = (ratings[:, None] - ratings[None, :]) * np.log(10) / 400
        return -np.sum(wins_prior * -np.logaddexp(0, -diff))

    fit = minimize(negative_log_likelihood, np.zeros(len(agents)), method="BFGS", options={"gtol": 1e-10})
    ratings = fit.x - fit.x.mean() + 1000

    os.makedirs(out_dir, exist_ok=True)
    json.dump({"rates": rates, "aup": aup, "tau_max": tau_max, "rho": rho, "tau": tau.tolist(),
               "elo": {a: float(ratings[i]) for a, i in index.items()}},
              open(os.path.join(out_dir, "report.json"), "w"))


if __name__ == "__main__":
    main()
