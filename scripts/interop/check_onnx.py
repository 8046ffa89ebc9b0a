#!/usr/bin/env python3
"""Checks an exported ONNX model with the real tools and prints its predictions as JSON.

    check_onnx.py MODEL.onnx|EXPORT_DIR [INPUTS.json]

Runs onnx.checker.check_model (full check, with shape inference), then ONNX Runtime (Python, CPU)
on the inputs. INPUTS.json is a nested list (the batch for the model's single input) or an object
mapping input names to nested lists or {"shape": [...], "values": [...]}; without it, a batch of
4 examples of zeros is used. The last line printed is one JSON object:
{"checker": "ok", "opset": 17, "inputs": [...], "outputs": {name: nested list}}, where the output
names are the prediction nodes' ids; on failure {"error": "..."} and exit status 1.
Run by scripts/interop/interop.py (as `check_onnx.py <export dir> <inputs.json>`); needs numpy,
onnx and onnxruntime.
"""
import glob
import json
import os
import sys


def fail(message):
    print(json.dumps({"error": message}))
    sys.exit(1)


def model_path(arg):
    if not os.path.isdir(arg):
        return arg
    found = sorted(glob.glob(os.path.join(arg, "*.onnx")))
    if len(found) != 1:
        fail(f"expected one .onnx file in {arg}, found {len(found)}")
    return found[0]


def main():
    if len(sys.argv) not in (2, 3) or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 2)
    try:
        import numpy as np
        import onnx
        import onnxruntime as ort
    except ImportError as e:
        fail(f"missing Python package: {e.name}")

    path = model_path(sys.argv[1])
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
    except Exception as e:  # noqa: BLE001 - every checker failure is reported the same way
        fail(f"onnx.checker rejected {path}: {e}")
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), None)

    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    given = None
    if len(sys.argv) == 3:
        with open(sys.argv[2], encoding="utf-8") as f:
            given = json.load(f)
    specs = session.get_inputs()
    if isinstance(given, list):
        given = {specs[0].name: given}
    feeds = {}
    for spec in specs:
        raw = (given or {}).get(spec.name)
        if isinstance(raw, dict):
            array = np.asarray(raw["values"], dtype=np.float32).reshape(raw["shape"])
        elif raw is not None:
            array = np.asarray(raw, dtype=np.float32)
        else:
            array = np.zeros([d if isinstance(d, int) else 4 for d in spec.shape], dtype=np.float32)
        feeds[spec.name] = array
    names = [o.name for o in session.get_outputs()]
    results = session.run(names, feeds)
    print(
        json.dumps(
            {
                "checker": "ok",
                "opset": opset,
                "inputs": [s.name for s in specs],
                "outputs": {n: r.astype(float).tolist() for n, r in zip(names, results)},
            }
        )
    )


if __name__ == "__main__":
    main()
