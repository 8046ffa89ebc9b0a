#!/usr/bin/env python3
"""Load a .keras archive written by Backprop Studio with stock Keras and print its predictions.

Usage:
  check_keras_archive.py MODEL.keras|EXPORT_DIR INPUTS.json [--expected EXPECTED.json] [--tolerance 1e-4]

INPUTS.json holds {"inputs": <nested list, batch first>} or the nested list itself (the form
scripts/interop/interop.py passes, with the export folder). The predictions are printed as JSON
({"predictions": [...], "shape": [...], "outputs": {output name: nested list}}, the output names
being the prediction nodes' ids) on stdout. With --expected (a file holding
{"predictions": <nested list>}, e.g. our compiled graph's outputs), the maximum absolute
difference is printed as well ({"max_abs_diff": x}) and the exit status is 1 when it exceeds the
tolerance, 2 when the archive does not load.
"""
import argparse
import glob
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("inputs")
    parser.add_argument("--expected")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()

    import numpy as np
    import keras

    path = args.model
    if os.path.isdir(path):
        found = sorted(glob.glob(os.path.join(path, "*.keras")))
        if len(found) != 1:
            print(json.dumps({"error": f"expected one .keras file in {path}, found {len(found)}"}))
            return 2
        path = found[0]
    try:
        model = keras.saving.load_model(path)
    except Exception as e:  # noqa: BLE001 - report any load failure as one line
        print(json.dumps({"error": f"load_model failed: {type(e).__name__}: {e}"}))
        return 2
    with open(args.inputs) as f:
        given = json.load(f)
    x = np.asarray(given["inputs"] if isinstance(given, dict) else given, dtype="float32")
    predicted = model.predict(x, verbose=0)
    names = list(getattr(model, "output_names", None) or [])
    many = isinstance(predicted, (list, tuple))
    ys = [np.asarray(p, dtype="float64") for p in (predicted if many else [predicted])]
    if len(names) != len(ys):
        names = [f"output_{i}" for i in range(len(ys))]
    y = ys[0]
    out = {"predictions": y.tolist(), "shape": list(y.shape), "outputs": {n: v.tolist() for n, v in zip(names, ys)}}
    status = 0
    if args.expected:
        with open(args.expected) as f:
            expected = np.asarray(json.load(f)["predictions"], dtype="float64")
        if expected.shape != y.shape:
            out["max_abs_diff"] = None
            out["error"] = f"shape {list(y.shape)} differs from the expected {list(expected.shape)}"
            status = 1
        else:
            diff = float(np.max(np.abs(expected - y))) if y.size else 0.0
            out["max_abs_diff"] = diff
            status = 0 if diff <= args.tolerance else 1
    print(json.dumps(out))
    return status


if __name__ == "__main__":
    sys.exit(main())
