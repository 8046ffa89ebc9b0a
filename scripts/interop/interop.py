"""Cross-runtime check of Backprop Studio's exports (run by scripts/interop-python.sh).

For every graph in graphs/ and scripts/interop/graphs/: our predictions on fixed inputs
(`backprop-studio predict`), then each export format's predictions in its real runtime, and a
table graph × format → max abs difference. Then spiral-mlp trained a few epochs by the app, by
the PyTorch train.py (one process and torchrun with 2), and by the Keras train.py.

Formats are checked by per-format Python files in this folder:
  pytorch   -> model.py of the export (built in)
  keras-py  -> model.py of the export (built in)
  onnx      -> check_onnx.py            (added by the ONNX export; skipped when absent)
  keras     -> check_keras_archive.py   (added by the .keras archive export; skipped when absent)
  tfjs      -> not here: `npm test` loads every tfjs export with stock tfjs (tests/export/tfjs.test.ts)
A checker is run as `python check_X.py <export dir> <inputs.json>` and prints
{"outputs": {node id: nested list}} on its last line.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
CLI = ["node", os.path.join(ROOT, "bin", "backprop-studio.mjs")]
PY = sys.executable
EPOCHS = int(os.environ.get("INTEROP_EPOCHS", "20"))
# format id -> checker file (None: the export's own model.py)
FORMATS = [
    ("pytorch", None),
    ("keras-py", None),
    ("onnx", "check_onnx.py"),
    ("keras", "check_keras_archive.py"),
    ("tfjs", "npm test"),
]
# Formats whose check against their real runtime lives elsewhere, with the cell the table shows.
CHECKED_ELSEWHERE = {"npm test": "checked in npm test"}
TOLERANCE = 1e-4


def run(cmd, cwd=None, env=None, timeout=900):
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError("no JSON line in output")


def fixed_inputs(graph):
    """Four examples shaped like the Input node: ids for an embedding, else normals (seed 0)."""
    nodes = {n["id"]: n for n in graph["nodes"]}
    inp = next(n for n in graph["nodes"] if n["op"] == "Input")
    shape = inp["params"].get("shape", [2])
    rng = np.random.default_rng(0)
    for e in graph["edges"]:
        target = nodes.get(e["target"])
        if e["source"] == inp["id"] and target and target["op"] == "Embedding":
            return rng.integers(0, target["params"].get("inputDim", 100), size=[4, *shape]).astype(float).tolist()
    return rng.normal(size=[4, *shape]).round(6).tolist()


def max_diff(ours, theirs):
    worst = 0.0
    for k, v in ours.items():
        if k not in theirs:
            raise KeyError(f"output {k} missing")
        a, b = np.asarray(v, dtype=np.float64), np.asarray(theirs[k], dtype=np.float64)
        if a.shape != b.shape:
            raise ValueError(f"output {k}: shape {b.shape}, ours {a.shape}")
        worst = max(worst, float(np.max(np.abs(a - b))) if a.size else 0.0)
    return worst


def failure_reason(stdout, stderr):
    """Why a checker failed: its {"error": ...} line, else the last stderr line that is not a log line."""
    try:
        error = last_json(stdout).get("error")
        if error:
            return error
    except ValueError:
        pass
    lines = [l for l in stderr.strip().splitlines() if not l.startswith(("I0000", "W0000", "WARNING: All log"))]
    return (lines or ["?"])[-1]


def export(graph_path, fmt, out):
    code, stdout, stderr = run(CLI + ["export", graph_path, "--format", fmt, "--out", out, "--force"])
    if code != 0:
        reason = (stderr or stdout).strip().splitlines()
        return " ".join(reason[:2]) if reason else f"exit {code}"
    return None


def check_format(graph_path, fmt, checker, workdir, inputs_path, ours):
    if checker in CHECKED_ELSEWHERE:
        return "elsewhere", CHECKED_ELSEWHERE[checker]
    if checker and not os.path.exists(os.path.join(HERE, checker)):
        return "skip", f"{checker} not present"
    out = os.path.join(workdir, fmt)
    problem = export(graph_path, fmt, out)
    if problem:
        return "refused", problem
    cmd = [PY, os.path.join(HERE, checker), out, inputs_path] if checker else [PY, "model.py", "--inputs", inputs_path]
    code, stdout, stderr = run(cmd, cwd=out)
    if code != 0:
        return "error", failure_reason(stdout, stderr)
    try:
        theirs = last_json(stdout)
        theirs = theirs.get("outputs", theirs)
        return "ok", max_diff(ours, theirs)
    except Exception as err:  # noqa: BLE001 - reported in the table
        return "error", str(err)


def chosen(paths):
    """The graphs INTEROP_GRAPHS names (file names without .json, comma-separated), or all of them."""
    names = [n for n in os.environ.get("INTEROP_GRAPHS", "").split(",") if n]
    if not names:
        return paths
    return [p for p in paths if os.path.splitext(os.path.basename(p))[0] in names]


def predictions_table(workroot):
    graphs = chosen(sorted(glob.glob(os.path.join(ROOT, "graphs", "*.json"))) + sorted(glob.glob(os.path.join(HERE, "graphs", "*.json"))))
    rows, notes, failures = [], [], 0
    for path in graphs:
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path) as f:
            graph = json.load(f)
        workdir = os.path.join(workroot, name)
        os.makedirs(workdir, exist_ok=True)
        inputs_path = os.path.join(workdir, "inputs.json")
        with open(inputs_path, "w") as f:
            json.dump(fixed_inputs(graph), f)
        code, stdout, stderr = run(CLI + ["predict", path, "--inputs", inputs_path, "--json", "--backend", "cpu"])
        if code != 0:
            rows.append((name, ["ours failed"] * len(FORMATS)))
            notes.append(f"{name}: predict failed: {stderr.strip()[:200]}")
            failures += 1
            continue
        ours = last_json(stdout)["outputs"]
        cells = []
        for fmt, checker in FORMATS:
            status, value = check_format(path, fmt, checker, workdir, inputs_path, ours)
            if status == "ok":
                cells.append(f"{value:.2e}" + ("" if value <= TOLERANCE else " !"))
                failures += value > TOLERANCE
            elif status == "elsewhere":
                cells.append(value)
            else:
                cells.append(status)
                notes.append(f"{name} × {fmt}: {status}: {value}")
                failures += status == "error"
        rows.append((name, cells))
    width = max(len(r[0]) for r in rows) + 2
    print("\nPredictions: max |ours − theirs| on 4 fixed inputs (tolerance %.0e)\n" % TOLERANCE)
    cols = [max(12, len(f[0]) + 2, *(len(r[1][i]) + 2 for r in rows)) for i, f in enumerate(FORMATS)]
    print("graph".ljust(width) + "".join(f[0].ljust(c) for f, c in zip(FORMATS, cols)))
    for name, cells in rows:
        print(name.ljust(width) + "".join(v.ljust(c) for v, c in zip(cells, cols)))
    print("(tfjs: `npm test` loads each tfjs export with stock tfjs and compares predictions: tests/export/tfjs.test.ts)")
    for n in notes:
        print("  note: " + n)
    return failures


def training_table(workroot):
    graph = os.path.join(ROOT, "graphs", "spiral-mlp.json")
    print(f"\nTraining spiral-mlp for {EPOCHS} epochs (same data, split, batches, initial weights)\n")
    results = []
    code, stdout, stderr = run(CLI + ["train", graph, "--epochs", str(EPOCHS), "--json", "--backend", "cpu"])
    results.append(("app (tfjs cpu)", last_json(stdout) if code == 0 else {"error": stderr.strip()[-200:]}))
    for fmt in ("pytorch", "keras-py"):
        out = os.path.join(workroot, "train-" + fmt)
        problem = export(graph, fmt, out)
        if problem:
            results.append((fmt, {"error": problem}))
            continue
        code, stdout, stderr = run([PY, "train.py", "--epochs", str(EPOCHS), "--json"], cwd=out)
        results.append((f"{fmt} train.py", last_json(stdout) if code == 0 else {"error": stderr.strip()[-300:]}))
        if fmt == "pytorch":
            torchrun = [PY, "-m", "torch.distributed.run", "--nproc_per_node=2", "train.py", "--epochs", str(EPOCHS), "--json"]
            env = dict(os.environ, OMP_NUM_THREADS="1")
            code, stdout, stderr = run(torchrun, cwd=out, env=env)
            results.append(("pytorch torchrun ×2", last_json(stdout) if code == 0 else {"error": stderr.strip()[-300:]}))
    print("run".ljust(24) + "loss".ljust(14) + "accuracy")
    app_acc = results[0][1].get("accuracy")
    failures = 0
    for name, r in results:
        if "error" in r:
            print(name.ljust(24) + "error: " + r["error"].replace("\n", " ")[:200])
            failures += 1
            continue
        acc = r.get("accuracy")
        print(name.ljust(24) + f"{r['loss']:.6f}".ljust(14) + (f"{acc:.4f}" if acc is not None else "-"))
        if app_acc is not None and acc is not None and abs(acc - app_acc) > 0.03:
            failures += 1
    return failures


DATA_SNIPPET = """
import json, numpy as np, data
f, l, task, classes = data.load()
tr, te = data.split(len(f), data.TEST_SPLIT, data.SEED)
print(json.dumps({"features": f.reshape(-1).tolist(), "labels": l.reshape(-1).tolist(), "test": te}))
"""


def app_cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "backprop-studio")


def write_idx(path, dims, values):
    with open(path, "wb") as f:
        f.write(bytes([0, 0, 8, len(dims)]) + b"".join(d.to_bytes(4, "big") for d in dims))
        f.write(np.asarray(values, dtype=np.uint8).tobytes())


def synthetic_image_cache(workroot):
    """A download cache holding MNIST-format files of random pixels for any set the app has not
    downloaded here (no network), so the cache-reading path of data.py is still compared with the
    app's; the rows say so. Returns the cache's parent folder (XDG_CACHE_HOME) and the sets faked."""
    real = app_cache_dir()
    root = os.path.join(workroot, "xdg-cache")
    faked = []
    rng = np.random.default_rng(5)
    for set_id in ("mnist", "fashion"):
        target = os.path.join(root, "backprop-studio", set_id)
        os.makedirs(target, exist_ok=True)
        for prefix, count in (("train", 300), ("t10k", 100)):
            names = (f"{prefix}-images-idx3-ubyte", f"{prefix}-labels-idx1-ubyte")
            if all(os.path.isfile(os.path.join(real, set_id, n)) for n in names):
                for n in names:
                    os.symlink(os.path.join(real, set_id, n), os.path.join(target, n))
                continue
            if set_id not in faked:
                faked.append(set_id)
            write_idx(os.path.join(target, names[0]), [count, 28, 28], rng.integers(0, 256, size=count * 784))
            write_idx(os.path.join(target, names[1]), [count], rng.integers(0, 10, size=count))
    return root, faked


def data_table(workroot):
    """The examples of data.py against the app's, for every data set kind it generates."""
    paths = chosen(sorted(glob.glob(os.path.join(ROOT, "graphs", "*.json"))) + sorted(glob.glob(os.path.join(HERE, "data-graphs", "*.json"))))
    cache_root, faked = synthetic_image_cache(workroot)
    print("\nData sets: max |app − data.py| over features and labels, and the held-out split\n")
    if faked:
        print(f"  (no downloaded {', '.join(faked)} here: those rows read a cache of random MNIST-format files)\n")
    failures, seen = 0, set()
    for path in paths:
        with open(path) as f:
            spec = json.load(f)["training"]["dataset"]
        key = json.dumps(spec, sort_keys=True)
        if key in seen:
            continue
        name = os.path.splitext(os.path.basename(path))[0]
        kind = spec["kind"] + (" (synthetic)" if spec["kind"] == "mnist" and (spec.get("set") or "mnist") in faked else "")
        out = os.path.join(workroot, "data-" + name)
        env = dict(os.environ, XDG_CACHE_HOME=cache_root, BACKPROP_DATA_DIR=os.path.dirname(path))
        # data.py is the same in both code exports; a graph neither can write is no data check
        # (its data set is then checked through another graph that uses it, if any).
        problem = export(path, "pytorch", out) and export(path, "keras-py", out)
        if problem:
            print(f"{name:28} {kind:20} skip: no code export of this graph ({problem.strip().splitlines()[-1][-70:]})")
            continue
        seen.add(key)
        code, stdout, stderr = run(["npx", "tsx", os.path.join(HERE, "dump-dataset.ts"), path], cwd=ROOT, env=env)
        if code != 0:
            print(f"{name:28} {kind:20} FAILED: the app cannot load it ({stderr.strip().splitlines()[-1][:80]})")
            failures += 1
            continue
        pcode, pout, perr = run([PY, "-c", DATA_SNIPPET], cwd=out, env=env)
        if pcode != 0:
            last = perr.strip().splitlines()[-1] if perr.strip() else "?"
            print(f"{name:28} {kind:20} FAILED: data.py: {last[:100]}")
            failures += 1
            continue
        ours, theirs = json.loads(stdout), last_json(pout)
        try:
            diff = max_diff({"features": ours["features"], "labels": ours["labels"]}, theirs)
        except (KeyError, ValueError) as err:
            print(f"{name:28} {kind:20} FAILED: {err}")
            failures += 1
            continue
        same_split = ours["test"] == theirs["test"]
        count = len(ours["labels"])
        print(f"{name:28} {kind:20} {diff:.2e}  {count:6} examples, test split {'same' if same_split else 'DIFFERS'} ({len(ours['test'])} held out)")
        failures += diff > 1e-6 or not same_split
    return failures


DOWNLOAD_SNIPPET = """
import hashlib, json, os, sys, data
names = sys.argv[1:3]
data.IMAGE_SETS["mnist"]["sha256"].update(json.loads(os.environ["SHA"]))
try:
    paths = [data._image_set_file("mnist", n) for n in names]
    print(json.dumps({"ok": [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths]}))
except RuntimeError as err:
    print(json.dumps({"error": str(err)}))
"""


def download_check(workroot):
    """data.py's MNIST download on a local mirror: fetched, SHA-256 checked, decompressed, cached
    under the app's cache layout; a file whose hash differs is refused and nothing is cached."""
    import gzip
    import hashlib
    import http.server
    import threading

    mirror = os.path.join(workroot, "mirror")
    os.makedirs(mirror, exist_ok=True)
    rng = np.random.default_rng(9)
    raw, sha = {}, {}
    for name, dims in (("t10k-images-idx3-ubyte", [20, 28, 28]), ("t10k-labels-idx1-ubyte", [20])):
        path = os.path.join(workroot, name)
        write_idx(path, dims, rng.integers(0, 256 if len(dims) > 1 else 10, size=int(np.prod(dims))))
        raw[name] = open(path, "rb").read()
        body = gzip.compress(raw[name])
        open(os.path.join(mirror, name + ".gz"), "wb").write(body)
        sha[name] = hashlib.sha256(body).hexdigest()
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=mirror)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = os.path.join(workroot, "data-download")
    export(os.path.join(ROOT, "graphs", "mnist-mlp.json"), "pytorch", out)
    failures = 0
    try:
        for case, hashes in (("right hashes", sha), ("one wrong hash", dict(sha, **{"t10k-labels-idx1-ubyte": "0" * 64}))):
            cache = os.path.join(workroot, "download-cache-" + case.replace(" ", "-"))
            env = dict(os.environ, XDG_CACHE_HOME=cache, SHA=json.dumps(hashes),
                       BACKPROP_MNIST_MIRROR=f"http://127.0.0.1:{server.server_address[1]}/")
            code, stdout, stderr = run([PY, "-c", DOWNLOAD_SNIPPET, *sha], cwd=out, env=env)
            result = last_json(stdout) if code == 0 else {"error": stderr.strip()[-200:]}
            cached = sorted(os.listdir(os.path.join(cache, "backprop-studio", "mnist"))) if os.path.isdir(os.path.join(cache, "backprop-studio", "mnist")) else []
            if case == "right hashes":
                good = result.get("ok") == [hashlib.sha256(raw[n]).hexdigest() for n in sha] and cached == sorted(sha)
                print(f"{'mnist download':28} {'local mirror':20} {'ok' if good else 'FAILED'}: fetched, SHA-256 checked, decompressed, cached as {cached}")
            else:
                good = "SHA-256 mismatch" in result.get("error", "") and "t10k-labels-idx1-ubyte" not in cached
                print(f"{'mnist download':28} {'wrong SHA-256':20} {'ok' if good else 'FAILED'}: refused ({result.get('error', 'no error')[:60]}…), not cached")
            failures += not good
    finally:
        server.shutdown()
    return failures


def main():
    workroot = tempfile.mkdtemp(prefix="interop-")
    try:
        parts = os.environ.get("INTEROP_PARTS", "predictions,data,training").split(",")
        if os.environ.get("INTEROP_SKIP_TRAINING") == "1" and "training" in parts:
            parts.remove("training")
        failures = 0
        if "predictions" in parts:
            failures += predictions_table(workroot)
        if "data" in parts:
            failures += data_table(workroot)
            failures += download_check(workroot)
        if "training" in parts:
            failures += training_table(workroot)
    finally:
        if os.environ.get("INTEROP_KEEP") != "1":
            shutil.rmtree(workroot, ignore_errors=True)
        else:
            print(f"\nexports kept in {workroot}")
    print(f"\n{'all checks passed' if not failures else f'{failures} check(s) failed'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
