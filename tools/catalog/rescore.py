#!/usr/bin/env python3
"""Re-score the baseline of packed bundles and record its scores at full precision.

    rescore.py [ID ...]      (default: every archive in Competitions/)

For each Competitions/<id>.tar.gz: unpack it, run baseline/solution.py, score its submission with
`tatami score` (binary from $TATAMI_BIN), write the exact public and private scores into
competition.yaml (`baseline.scores`) and pack the bundle again. Only competition.yaml changes, so this
fixes the declared scores of a catalog built when they were rounded, without rebuilding the data.
"""

import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

import build


def rescore(archive: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(archive) as packed:
            packed.extractall(tmp, filter="data")
        bundle = next(Path(tmp).iterdir())
        manifest = yaml.safe_load((bundle / "competition.yaml").read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as work:
            submission = Path(work) / "submission.csv"
            build.run_baseline(bundle, submission)
            scores = build.score_with_tatami(bundle, manifest, submission)
        manifest["baseline"]["scores"] = {k: float(v) for k, v in scores.items()}
        build.write_manifest(bundle, manifest)
        build.pack(bundle, archive.parent)
        return manifest["baseline"]["scores"]


def main(argv: list[str]) -> int:
    folder = build.REPO / "Competitions"
    archives = [folder / f"{i}.tar.gz" for i in argv] if argv else sorted(folder.glob("*.tar.gz"))
    failed = []
    for number, archive in enumerate(archives, start=1):
        try:
            scores = rescore(archive)
            print(f"[{number}/{len(archives)}] {archive.name}: public {scores['public']!r}, private {scores['private']!r}",
                  flush=True)
        except Exception as error:  # one broken bundle must not stop the others; listed at the end
            failed.append(archive.name)
            print(f"[{number}/{len(archives)}] {archive.name}: FAILED {error}", flush=True)
    if failed:
        print(f"failed: {' '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
