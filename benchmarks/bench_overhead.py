"""The harness's own cost per episode of `tatami bench`, and its throughput against the same code run directly.

Usage: .venv/bin/python benchmarks/bench_overhead.py [--tatami .build/release/tatami] [--count 10] [--jobs 2]
       [--repeat 3] [--competitions a,b,...]

Per repeat, alternating, on the same competitions (default: the --count smallest of the catalog, a stand-in
for the lite split until the manifests carry splits):
- direct, 1 at a time: each competition's baseline/solution.py run by the agents' Python on the extracted
  public files (what the episode's code does, without Tatami);
- bench, --jobs 1: `tatami bench --agent baseline` over the same competitions;
- direct, J at a time, and bench --jobs J.
Overhead per episode = (bench − direct) / episodes at one job: catalog, workspace, sandbox, scoring twice,
ranking, records, plus starting `tatami run` itself. Throughput = episodes per second at J jobs; the
ratio bench/direct is what the issue asks to keep above 0.9. Medians and the min–max spread.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import statistics
import subprocess
import tarfile
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def catalog(tatami, env):
    out = subprocess.run([tatami, "list", "--json"], env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def prepare(entry, folder):
    """Extracts the public files and the baseline script of a bundle into folder/<id>/."""
    target = os.path.join(folder, entry["id"])
    os.makedirs(target + "/input")
    with tarfile.open(entry["path"]) as archive:
        for member in archive.getmembers():
            parts = member.name.split("/", 1)
            relative = parts[1] if len(parts) == 2 and not member.name.startswith(("public/", "baseline/")) else member.name
            if relative.startswith("public/") and member.isfile():
                data = archive.extractfile(member).read()
                path = os.path.join(target, "input", relative[len("public/"):])
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, "wb").write(data)
            elif relative == "baseline/solution.py":
                open(os.path.join(target, "solution.py"), "wb").write(archive.extractfile(member).read())
    return target


def direct_one(python, target):
    work = tempfile.mkdtemp(dir=target)
    env = dict(os.environ, TATAMI_INPUT=target + "/input", TATAMI_SUBMISSION=work + "/submission.csv",
               OMP_NUM_THREADS="1", PYTHONHASHSEED="0", TATAMI_SEED="0")
    subprocess.run([python, target + "/solution.py"], cwd=work, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(work)


def direct(python, targets, jobs):
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda t: direct_one(python, t), targets))
    return time.perf_counter() - start


def bench(tatami, env, ids, jobs, folder):
    directory = tempfile.mkdtemp(dir=folder)
    start = time.perf_counter()
    subprocess.run([tatami, "bench", "overhead", "--agent", "baseline", "--competitions", ",".join(ids),
                    "--seeds", "1", "--jobs", str(jobs), "--dir", directory], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    shutil.rmtree(directory)
    return seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tatami", default=os.path.join(ROOT, ".build/release/tatami"))
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--competitions")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="tatami-bench-overhead-")
    env = dict(os.environ, TATAMI_HOME=folder + "/home")
    python = os.environ.get("TATAMI_PYTHON_RUNTIME", os.path.join(ROOT, ".venv"))
    env["TATAMI_PYTHON_RUNTIME"] = python
    python = os.path.join(python, "bin/python3") if os.path.isdir(python) else python
    entries = catalog(args.tatami, env)
    if args.competitions:
        wanted = args.competitions.split(",")
        entries = [e for e in entries if e["id"] in wanted]
    else:
        entries = sorted(entries, key=lambda e: e["total_bytes"])[:args.count]
    ids = [e["id"] for e in entries]
    targets = [prepare(e, folder + "/direct") for e in entries]
    times = {key: [] for key in ("direct-1", "bench-1", f"direct-{args.jobs}", f"bench-{args.jobs}")}
    direct(python, targets, 1)  # warm the page cache and Python's bytecode
    for _ in range(args.repeat):
        times["direct-1"].append(direct(python, targets, 1))
        times["bench-1"].append(bench(args.tatami, env, ids, 1, folder))
        times[f"direct-{args.jobs}"].append(direct(python, targets, args.jobs))
        times[f"bench-{args.jobs}"].append(bench(args.tatami, env, ids, args.jobs, folder))
    n = len(ids)
    for key, values in times.items():
        print(f"{key:10s} median {statistics.median(values):7.2f} s  (min {min(values):.2f}, max {max(values):.2f})"
              f"  {n / statistics.median(values):.2f} episodes/s")
    overheads = [(b - d) / n * 1000 for b, d in zip(times["bench-1"], times["direct-1"])]
    print(f"overhead per episode (bench-1 − direct-1) / {n}: median {statistics.median(overheads):.0f} ms"
          f" (min {min(overheads):.0f}, max {max(overheads):.0f})")
    ratios = [d / b for b, d in zip(times[f"bench-{args.jobs}"], times[f"direct-{args.jobs}"])]
    print(f"throughput bench/direct at {args.jobs} jobs: median {statistics.median(ratios):.3f}"
          f" (min {min(ratios):.3f}, max {max(ratios):.3f})")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
