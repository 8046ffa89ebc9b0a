/**
 * `train.py` of the Keras code export: `model.compile` / `model.fit` with the app's losses (written
 * with `keras.ops`, one value per example so Keras's batch mean gives the app's reduction),
 * penalties as weight regularizers (λ Σ w² / λ Σ |w|, as Keras defines them), the app's batches in
 * the app's order, and epoch metrics evaluated as the app does.
 */
import type { OptimizerSpec } from '../graph/types';
import { OPTIMIZER_DEFAULTS } from '../train/optimizers';
import type { PyGraph } from './python-graph';
import type { PyNames } from './python-text';
import { pyLiteral, pyNum } from './python-text';

/** Per-example loss code by op: `def <fn>(t, y)` (Keras passes the target first). */
const KERAS_LOSS: Record<string, { fn: string; code: string }> = {
  L2Error: {
    fn: 'l2_error',
    code: `def l2_error(t, y):\n    return per_example_sum(0.5 * ops.square(t - y))`,
  },
  MSE: { fn: 'mse', code: `def mse(t, y):\n    return per_example_mean(ops.square(t - y))` },
  MAE: { fn: 'mae', code: `def mae(t, y):\n    return per_example_mean(ops.abs(t - y))` },
  BinaryCrossEntropy: {
    fn: 'binary_cross_entropy',
    code: `def binary_cross_entropy(t, y, from_logits):
    if from_logits:
        # max(y, 0) − y·t + log(1 + e^−|y|), the stable form tfjs's sigmoidCrossEntropy uses
        return per_example_mean(ops.relu(y) - y * t + ops.log1p(ops.exp(-ops.abs(y))))
    p = ops.clip(y, EPSILON, 1 - EPSILON)
    return per_example_mean(-(t * ops.log(p) + (1 - t) * ops.log(1 - p)))`,
  },
  CategoricalCrossEntropy: {
    fn: 'categorical_cross_entropy',
    code: `def categorical_cross_entropy(t, y, from_logits):
    return per_example_sum(-t * log_probs(y, from_logits))`,
  },
  SparseCategoricalCrossEntropy: {
    fn: 'sparse_categorical_cross_entropy',
    code: `def sparse_categorical_cross_entropy(t, y, from_logits):
    return per_example_sum(-one_hot(t, y.shape[-1]) * log_probs(y, from_logits))`,
  },
  MulticlassHinge: {
    fn: 'multiclass_hinge',
    code: `def multiclass_hinge(t, y, margin):
    t = one_hot(t, y.shape[-1])
    correct = ops.sum(y * t, axis=1, keepdims=True)
    return per_example_sum(ops.relu(y - correct + margin) * (1 - t))`,
  },
};

/** Keras regularizer class of each penalty op. */
const KERAS_PENALTY: Record<string, string> = { L2Penalty: 'L2', L1Penalty: 'L1' };

/** Ops whose loss or penalty Keras code exists here. */
export function hasKerasObjective(op: string): boolean {
  return Object.hasOwn(KERAS_LOSS, op) || Object.hasOwn(KERAS_PENALTY, op);
}

function optimizerCode(o: OptimizerSpec): string {
  const lr = pyNum(o.learningRate);
  switch (o.type) {
    case 'sgd':
      return `keras.optimizers.SGD(learning_rate=${lr})`;
    case 'momentum':
      // Keras keeps −μv where the app keeps v: the same steps for a constant step size.
      return `keras.optimizers.SGD(learning_rate=${lr}, momentum=${pyNum(o.momentum ?? OPTIMIZER_DEFAULTS.momentum.momentum)}, nesterov=${(o.nesterov ?? OPTIMIZER_DEFAULTS.momentum.nesterov) ? 'True' : 'False'})`;
    case 'adagrad':
      // Keras: G ← G + g², w ← w − μ·g/√(G + ε) with ε = 1e-7: the app's rule.
      return `keras.optimizers.Adagrad(learning_rate=${lr}, initial_accumulator_value=${pyNum(o.initialAccumulatorValue ?? OPTIMIZER_DEFAULTS.adagrad.initialAccumulatorValue)}, epsilon=1e-7)`;
    case 'rmsprop':
      // Keras: ε inside the square root and momentum on μ·g/√(S + ε): the app's rule.
      return `keras.optimizers.RMSprop(learning_rate=${lr}, rho=${pyNum(o.decay ?? OPTIMIZER_DEFAULTS.rmsprop.decay)}, momentum=${pyNum(o.momentum ?? OPTIMIZER_DEFAULTS.rmsprop.momentum)}, epsilon=${pyNum(o.epsilon ?? OPTIMIZER_DEFAULTS.rmsprop.epsilon)})`;
    case 'adam':
      return `AppAdam(learning_rate=${lr}, beta_1=${pyNum(o.beta1 ?? OPTIMIZER_DEFAULTS.adam.beta1)}, beta_2=${pyNum(o.beta2 ?? OPTIMIZER_DEFAULTS.adam.beta2)}, epsilon=${pyNum(o.epsilon ?? OPTIMIZER_DEFAULTS.adam.epsilon)})`;
  }
}

const APP_ADAM = `class AppAdam(keras.optimizers.Adam):
    """Adam as the app (tfjs) and PyTorch take it: w ← w − μ·m̂/(√v̂ + ε), ε added after the bias
    correction. Keras's own Adam adds ε to √v before it (ε·√(1 − β₂ᵗ) in these terms), which
    differs while √v̂ is near ε; this subclass uses the app's rule (it reads Keras 3's Adam state)."""

    def update_step(self, gradient, variable, learning_rate):
        lr = ops.cast(learning_rate, variable.dtype)
        g = ops.cast(gradient, variable.dtype)
        step = ops.cast(self.iterations + 1, variable.dtype)
        m = self._momentums[self._get_variable_index(variable)]
        v = self._velocities[self._get_variable_index(variable)]
        self.assign_add(m, (g - m) * (1 - self.beta_1))
        self.assign_add(v, (ops.square(g) - v) * (1 - self.beta_2))
        m_hat = m / (1 - ops.power(ops.cast(self.beta_1, variable.dtype), step))
        v_hat = v / (1 - ops.power(ops.cast(self.beta_2, variable.dtype), step))
        self.assign_sub(variable, lr * m_hat / (ops.sqrt(v_hat) + self.epsilon))`;

/** Why a graph's losses do not fit Keras's one-loss-per-output compile, or null. */
export function kerasLossProblem(py: PyGraph): { nodeId: string; message: string } | null {
  const seen = new Set<string>();
  for (const l of py.losses) {
    if (seen.has(l.prediction))
      return {
        nodeId: l.id,
        message: `a second loss on output "${l.prediction}": Keras's compile takes one loss per output`,
      };
    seen.add(l.prediction);
  }
  return null;
}

/** The text of train.py for Keras. */
export function writeKerasTrain(py: PyGraph, names: PyNames): string {
  const t = py.graph.doc.training;
  const used = [...new Set(py.losses.map((l) => l.spec.op))];
  const lossFns = py.outputs.map((out) => {
    const l = py.losses.find((x) => x.prediction === out);
    if (!l) return 'None';
    const code = KERAS_LOSS[l.spec.op];
    const extra =
      l.params.raw.fromLogits !== undefined || l.spec.params.some((p) => p.name === 'fromLogits')
        ? `, from_logits=${l.params.bool('fromLogits') ? 'True' : 'False'}`
        : l.spec.params.some((p) => p.name === 'margin')
          ? `, margin=${pyNum(l.params.num('margin'))}`
          : '';
    return extra ? `partial(${code.fn}${extra})` : code.fn;
  });
  const lossWeights = py.outputs.map((out) =>
    pyNum(py.losses.find((x) => x.prediction === out)?.weight ?? 1),
  );
  const targetOf = py.outputs.map((out) =>
    pyLiteral(py.losses.find((x) => x.prediction === out)?.target ?? ''),
  );
  const penalties = py.penalties.map((p) => {
    const weightAttr =
      { value: 'value', kernel: 'kernel', embeddings: 'embeddings' }[p.weightName] ?? p.weightName;
    return `    model.get_layer(${pyLiteral(names.of(p.owner))}).${weightAttr}.regularizer = keras.regularizers.${KERAS_PENALTY[p.spec.op]}(${pyNum(p.params.num('lambda') * p.weight)})  # ${p.id}`;
  });
  const acc = py.accuracy;
  const accIndex = acc ? py.outputs.indexOf(acc.prediction) : -1;
  const accuracyFn = !acc
    ? ''
    : acc.kind === 'binary'
      ? `def accuracy(t, y):
    hits = ops.equal(ops.cast(y > ${pyNum(acc.threshold)}, "float32"), ops.round(t))
    return ops.cast(ops.all(ops.reshape(hits, (ops.shape(y)[0], -1)), axis=1), "float32")`
      : `def accuracy(t, y):
    truth = ops.argmax(t, axis=-1) if len(t.shape) == len(y.shape) else ops.cast(t, "int64")
    return ops.cast(ops.equal(ops.argmax(y, axis=-1), truth), "float32")`;
  const metrics = py.outputs.map((_, i) => (i === accIndex ? '[accuracy]' : '[]'));
  return `"""Trains the graph "${py.graph.doc.name ?? 'graph'}" as Backprop Studio does, with Keras 3 compile/fit.

Generated by Backprop Studio. The data set, split, batch order, initial weights, losses,
penalties and optimizer follow the app's conventions; metrics are evaluated on the whole training
split at the end of each epoch, in inference mode, as the app reports them.

  python train.py [--epochs N] [--json]
"""
import argparse
import json
from functools import partial

import numpy as np

import keras
from keras import ops

import data
from model import OUTPUTS, build_model, load_weights

EPSILON = 1e-7  # probabilities are clipped this far from 0 and 1 before a log, as in the app
TARGET_OF_OUTPUT = [${targetOf.join(', ')}]


def per_example_sum(z):
    return ops.sum(ops.reshape(z, (ops.shape(z)[0], -1)), axis=1)


def per_example_mean(z):
    return ops.mean(ops.reshape(z, (ops.shape(z)[0], -1)), axis=1)


def one_hot(t, classes):
    return ops.one_hot(ops.cast(ops.reshape(t, (-1,)), "int32"), classes) if len(t.shape) == 1 else t


def log_probs(y, from_logits):
    return ops.log_softmax(y, axis=-1) if from_logits else ops.log(ops.clip(y, EPSILON, 1 - EPSILON))


${used.map((op) => KERAS_LOSS[op].code).join('\n\n\n')}


${accuracyFn}


${t.optimizer.type === 'adam' ? APP_ADAM : ''}


class AppBatches(keras.utils.PyDataset):
    """The app's batches in the app's order (a new seeded shuffle each epoch)."""

    def __init__(self, features, targets, idx):
        super().__init__()
        self.features, self.targets, self.idx, self.epoch = features, targets, idx, 0
        self.order = data.batches(len(idx), 0)  # also what fit peeks at before the first epoch

    def __len__(self):
        return len(self.order)

    def __getitem__(self, i):
        rows = [self.idx[j] for j in self.order[i]]
        return self.features[rows], tuple(self.targets[t][rows] for t in TARGET_OF_OUTPUT)

    def on_epoch_begin(self):
        # fit() peeks at a batch and calls on_epoch_end before the first epoch, so epochs are
        # counted where they begin.
        self.order = data.batches(len(self.idx), self.epoch)
        self.epoch += 1


class AppMetrics(keras.callbacks.Callback):
    """Loss and accuracy of the whole training (and test) split after each epoch, as the app shows them."""

    def __init__(self, features, targets, train_idx, test_idx, as_json):
        super().__init__()
        self.sets = [("", train_idx)] + ([("test", test_idx)] if test_idx else [])
        self.features, self.targets, self.as_json, self.last = features, targets, as_json, {}

    def on_epoch_end(self, epoch, logs=None):
        line = {"epoch": epoch + 1}
        for prefix, idx in self.sets:
            ys = tuple(self.targets[t][idx] for t in TARGET_OF_OUTPUT)
            result = self.model.evaluate(self.features[idx], ys, batch_size=2048, verbose=0, return_dict=True)
            line[prefix + "Loss" if prefix else "loss"] = float(result["loss"])
            acc = [v for k, v in result.items() if k.endswith("accuracy")]
            if acc and BINARY_LABELS:
                line[prefix + "Accuracy" if prefix else "accuracy"] = float(acc[0])
        self.last = line
        if self.as_json:
            print(json.dumps(line), flush=True)
        else:
            print("  ".join(f"{k} {v:.6g}" if isinstance(v, float) else f"{k} {v}" for k, v in line.items()), flush=True)


BINARY_LABELS = True


def main():
    global BINARY_LABELS
    parser = argparse.ArgumentParser(description="Train the exported graph.")
    parser.add_argument("--epochs", type=int, default=data.EPOCHS)
    parser.add_argument("--json", action="store_true", help="one JSON object per epoch")
    args = parser.parse_args()
    keras.utils.set_random_seed(data.SEED)
    features, labels, task, classes = data.load()
    BINARY_LABELS = task == "classification" or bool(np.isin(labels, (0, 1)).all())
    targets = {tid: data.encode_target(labels, enc, shape) for tid, (enc, shape) in data.TARGETS.items()}
    train_idx, test_idx = data.split(len(features), data.TEST_SPLIT, data.SEED)

    model = build_model()
    # The app's initial weights for the seed (or its trained ones): the same starting point.
    load_weights(model)
${penalties.join('\n') || '    # (no weight penalties)'}
    model.compile(
        optimizer=${optimizerCode(t.optimizer)},
        loss=[${lossFns.join(', ')}],
        loss_weights=[${lossWeights.join(', ')}],
        metrics=[${metrics.join(', ')}],
    )
    metrics = AppMetrics(features, targets, train_idx, test_idx, args.json)
    model.fit(AppBatches(features, targets, train_idx), epochs=args.epochs, shuffle=False, verbose=0, callbacks=[metrics])
    model.save_weights("trained.weights.h5")
    if args.json:
        print(json.dumps({"done": True, "epochs": args.epochs, **{k: v for k, v in metrics.last.items() if k != "epoch"}}))


if __name__ == "__main__":
    main()
`;
}
