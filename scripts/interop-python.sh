#!/usr/bin/env bash
# Checks the PyTorch, Keras, ONNX and TensorFlow.js exports against the real Python runtimes:
# predictions of every example graph (graph × format → max abs difference) and a few epochs of
# spiral-mlp's train.py (one process, and torchrun with 2) against the app's own training.
#
#   scripts/interop-python.sh                 # makes or reuses .venv-interop
#   PYENV=/work/pyenv scripts/interop-python.sh
#   INTEROP_EPOCHS=50 INTEROP_KEEP=1 scripts/interop-python.sh
#   INTEROP_PARTS=data scripts/interop-python.sh      # only some of predictions,data,training
#
# The virtual environment gets torch, keras, tensorflow-cpu, onnx, onnxruntime, safetensors,
# numpy and h5py from the package index (PIP_INDEX_URL / PIP_FIND_LINKS are honoured).
set -euo pipefail
cd "$(dirname "$0")/.."
PYENV="${PYENV:-.venv-interop}"
PACKAGES=(torch keras tensorflow-cpu onnx onnxruntime safetensors numpy h5py)

if [ ! -x "$PYENV/bin/python" ]; then
  echo "making the virtual environment $PYENV"
  python3 -m venv "$PYENV"
fi
if ! "$PYENV/bin/python" -c 'import torch, keras, safetensors, numpy' 2>/dev/null; then
  echo "installing ${PACKAGES[*]} into $PYENV"
  "$PYENV/bin/python" -m pip install --quiet --upgrade pip
  "$PYENV/bin/python" -m pip install --quiet "${PACKAGES[@]}"
fi
for m in onnx onnxruntime tensorflow h5py; do
  "$PYENV/bin/python" -c "import $m" 2>/dev/null || echo "note: python module $m is missing; checks that need it will fail or skip"
done
export TF_CPP_MIN_LOG_LEVEL=3 KERAS_BACKEND="${KERAS_BACKEND:-tensorflow}"
exec "$PYENV/bin/python" scripts/interop/interop.py
