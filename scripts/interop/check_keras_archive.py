#!/usr/bin/env python3
"""Load a .keras archive written by Backprop Studio with stock Keras and print its predictions.

Usage:
  check_keras_archive.py MODEL.keras INPUTS.json [--expected EXPECTED.json] [--tolerance 1e-4]

INPUTS.json holds {"inputs": <nested list, batch first>}. The predictions are printed as JSON
({"predictions": [...], "shape": [...]}) on stdout. With --expected (a file holding
{"predictions": <nested list>}, e.g. our compiled graph's outputs), the maximum absolute
difference is printed as well ({"max_abs_diff": x}) and the exit status is 1 when it exceeds the
tolerance, 2 when the archive does not load.
"""
import argparse
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

    try:
        model = keras.saving.load_model(args.model)
    except Exception as e:  # noqa: BLE001 - report any load failure as one line
        print(json.dumps({"error": f"load_model failed: {type(e).__name__}: {e}"}))
        return 2
    with open(args.inputs) as f:
        x = np.asarray(json.load(f)["inputs"], dtype="float32")
    y = np.asarray(model.predict(x, verbose=0), dtype="float64")
    out = {"predictions": y.tolist(), "shape": list(y.shape)}
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
