"""Baseline: read every PNG image (8-bit greyscale, as the bundle writes them), flatten its pixels
and fit a logistic regression on them."""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # reproducible numbers:
    os.environ.setdefault(_variable, "1")  # one thread, so sums are added in one order
import struct
import zlib

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

CONFIG = {}  # written by tools/catalog/build.py

INPUT = os.environ.get("TATAMI_INPUT", "../input")
if not os.path.isdir(INPUT) and os.path.isdir("../public"):  # run from inside an unpacked bundle
    INPUT = "../public"
SUBMISSION = os.environ.get("TATAMI_SUBMISSION", "submission.csv")


def read_png(path):
    """Pixels of an 8-bit greyscale PNG without filters (the bundle's own images)."""
    data = open(path, "rb").read()
    position, idat, width, height = 8, b"", 0, 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, width + 1)
    return raw[:, 1:].astype(float) / 255.0


def pixels(frame):
    return np.stack([read_png(os.path.join(INPUT, path)).ravel() for path in frame["image"]])


def main():
    train = pd.read_csv(os.path.join(INPUT, "train.csv"))
    test = pd.read_csv(os.path.join(INPUT, "test.csv"))
    target = CONFIG["target"][0]
    model = LogisticRegression(max_iter=3000, C=0.1).fit(pixels(train), train[target].astype(str))
    proba, classes = model.predict_proba(pixels(test)), np.array(model.classes_)
    out = pd.DataFrame({"id": test["id"]})
    if CONFIG["kind"] == "prob_multi":
        for label, column in zip(classes, proba.T):
            out[label] = column
    else:
        out[target] = classes[np.argmax(proba, axis=1)]
    out.to_csv(SUBMISSION, index=False, float_format="%.6g", lineterminator="\n")


if __name__ == "__main__":
    main()
