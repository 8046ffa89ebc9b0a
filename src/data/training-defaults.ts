/**
 * Defaults of the graph file's training section, in one place. A file names its data set and may
 * leave out any other training field; each missing field is filled when the file is loaded, from the
 * recommendation of the file's data-set kind (`training` in its `kinds/` file) and otherwise from
 * {@link GENERIC_TRAINING}. The fields that were filled are remembered (`GraphDoc.defaultedTraining`)
 * so that Save writes back only what the file had plus what the user changed.
 */
import type {
  OptimizerSpec,
  OptimizerType,
  TrainingField,
  TrainingSection,
  TrainingSpec,
} from '../graph/types';
import { findDatasetKind } from './registry';
import type { DatasetSpec } from './registry';

/** The data set of a new graph: the XOR truth table, the first network of the lectures. */
export const DEFAULT_DATASET: DatasetSpec = { kind: 'xor' };

/** Defaults of every field that no data-set kind overrides (and of those a kind leaves out). */
export const GENERIC_TRAINING: Omit<TrainingSpec, 'dataset'> = {
  testSplit: 0,
  shuffle: true,
  lossWeights: {},
  optimizer: { type: 'adam', learningRate: 0.01 },
  batchSize: 32,
  epochs: 100,
  seed: 1,
};

/**
 * Step size of an optimizer named without one, when the data set recommends another update rule:
 * each rule's customary starting value.
 */
export const DEFAULT_LEARNING_RATES: Readonly<Record<OptimizerType, number>> = {
  sgd: 0.1,
  momentum: 0.1,
  adagrad: 0.1,
  rmsprop: 0.01,
  adam: 0.01,
};

/** The training settings recommended for a data set: its kind's recommendation over the generic ones. */
export function trainingDefaults(dataset: DatasetSpec): Omit<TrainingSpec, 'dataset'> {
  const recommended = findDatasetKind(dataset.kind)?.training ?? {};
  return {
    ...GENERIC_TRAINING,
    ...recommended,
    optimizer: { ...(recommended.optimizer ?? GENERIC_TRAINING.optimizer) },
    lossWeights: {},
  };
}

/** The learning rate an optimizer of `type` gets on `dataset` when the file names none. */
export function defaultLearningRate(dataset: DatasetSpec, type: OptimizerType): number {
  const recommended = trainingDefaults(dataset).optimizer;
  return recommended.type === type ? recommended.learningRate : DEFAULT_LEARNING_RATES[type];
}

/** A complete training section and the fields that were filled in. */
export interface ResolvedTraining {
  training: TrainingSpec;
  /** Fields the section left out, in a stable order; empty when it had them all. */
  defaulted: TrainingField[];
}

const FIELDS = ['testSplit', 'shuffle', 'lossWeights', 'optimizer', 'batchSize', 'epochs', 'seed'] as const;

/**
 * Fills every field a training section leaves out with its default for the section's data set.
 *
 * @param section - The training section as the file has it, possibly partial.
 */
export function resolveTraining(section: TrainingSection): ResolvedTraining {
  const defaulted: TrainingField[] = [];
  const dataset = section.dataset;
  const defaults = trainingDefaults(dataset);
  const pick = <K extends (typeof FIELDS)[number]>(key: K): Omit<TrainingSpec, 'dataset'>[K] => {
    const value = section[key];
    if (value !== undefined) return value as Omit<TrainingSpec, 'dataset'>[K];
    defaulted.push(key);
    return defaults[key];
  };
  const testSplit = pick('testSplit');
  const shuffle = pick('shuffle');
  const lossWeights = pick('lossWeights');
  let optimizer: OptimizerSpec;
  if (section.optimizer) {
    const { learningRate, ...rest } = section.optimizer;
    if (learningRate === undefined) defaulted.push('optimizer.learningRate');
    optimizer = { ...rest, learningRate: learningRate ?? defaultLearningRate(dataset, rest.type) };
  } else {
    defaulted.push('optimizer');
    optimizer = defaults.optimizer;
  }
  return {
    training: {
      dataset: structuredClone(dataset),
      testSplit,
      shuffle,
      lossWeights: { ...lossWeights },
      optimizer,
      batchSize: pick('batchSize'),
      epochs: pick('epochs'),
      seed: pick('seed'),
    },
    defaulted,
  };
}

/**
 * The data set changed: every field that still holds a default takes the new data set's default,
 * so switching from XOR to the spiral also switches to the spiral's batch size and optimizer.
 */
export function refreshDefaults(training: TrainingSpec, defaulted: readonly TrainingField[]): TrainingSpec {
  const defaults = trainingDefaults(training.dataset);
  const out: TrainingSpec = { ...training };
  for (const field of defaulted) {
    if (field === 'optimizer.learningRate') {
      if (!defaulted.includes('optimizer'))
        out.optimizer = {
          ...out.optimizer,
          learningRate: defaultLearningRate(training.dataset, out.optimizer.type),
        };
      continue;
    }
    Object.assign(out, { [field]: structuredClone(defaults[field]) });
  }
  return out;
}

/**
 * The training section as Save writes it: the complete section minus the fields that still hold
 * the defaults they were given at load.
 */
export function writtenTraining(
  training: TrainingSpec,
  defaulted: readonly TrainingField[] = [],
): TrainingSection {
  if (defaulted.length === 0) return training;
  const out: TrainingSection = { dataset: training.dataset };
  for (const key of FIELDS) if (!defaulted.includes(key)) Object.assign(out, { [key]: training[key] });
  if (out.optimizer && defaulted.includes('optimizer.learningRate')) {
    const { learningRate: _filled, ...rest } = training.optimizer;
    out.optimizer = rest;
  }
  return out;
}
