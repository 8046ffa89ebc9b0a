#!/usr/bin/env python3
"""Checks an exported ONNX model with the real tools and prints its predictions as JSON.

    check_onnx.py MODEL.onnx [--inputs INPUTS.json]

Runs onnx.checker.check_model (full check, with shape inference), then ONNX Runtime (Python, CPU)
on the inputs. INPUTS.json maps each graph input name to a nested list, or to
{"shape": [...], "values": [...]} (row-major); without it, one batch of 4 examples of zeros is
used. Prints one JSON object: {"checker": "ok", "opset": 17, "inputs": [...], "outputs": {name:
{"shape": [...], "values": [...]}}}; on failure prints {"error": "..."} and exits with 1.
Used by the Python interop check; needs numpy, onnx and onnxruntime.
"""
import argparse
import json
import sys


def fail(message):
    print(json.dumps({"error": message}))
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--inputs", help="JSON file: input name -> nested list or {shape, values}")
    args = parser.parse_args()
    try:
        import numpy as np
        import onnx
        import onnxruntime as ort
    except ImportError as e:
        fail(f"missing Python package: {e.name}")

    try:
        model = onnx.load(args.model)
        onnx.checker.check_model(model, full_check=True)
    except Exception as e:  # noqa: BLE001 - every checker failure is reported the same way
        fail(f"onnx.checker rejected {args.model}: {e}")
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), None)

    session = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    given = {}
    if args.inputs:
        with open(args.inputs, encoding="utf-8") as f:
            given = json.load(f)
    feeds = {}
    for spec in session.get_inputs():
        if spec.name in given:
            raw = given[spec.name]
            if isinstance(raw, dict):
                array = np.asarray(raw["values"], dtype=np.float32).reshape(raw["shape"])
            else:
                array = np.asarray(raw, dtype=np.float32)
        else:
            shape = [d if isinstance(d, int) else 4 for d in spec.shape]
            array = np.zeros(shape, dtype=np.float32)
        feeds[spec.name] = array
    names = [o.name for o in session.get_outputs()]
    results = session.run(names, feeds)
    print(
        json.dumps(
            {
                "checker": "ok",
                "opset": opset,
                "inputs": [i.name for i in session.get_inputs()],
                "outputs": {
                    n: {"shape": list(r.shape), "values": r.astype(float).ravel().tolist()}
                    for n, r in zip(names, results)
                },
            }
        )
    )


if __name__ == "__main__":
    main()
