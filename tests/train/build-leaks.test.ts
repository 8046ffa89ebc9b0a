/**
 * A trainer that fails to build frees what it had made: its variables, its optimizer and the data
 * it had uploaded. Each case fails at a different point of the constructor.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { Trainer } from '../../src/train/trainer';
import type { TrainerOptions } from '../../src/train/trainer';
import { loadExample, tf } from '../helpers/tf';

const spiral = loadExample('spiral-mlp');
const slides = loadExample('xor-slides');

/** A copy of a data set with some fields replaced. */
const broken = (dataset: Dataset, change: Partial<Dataset>): Dataset => ({ ...dataset, ...change });

const CASES: { what: string; options: TrainerOptions }[] = [
  {
    what: 'features that do not fill the Input (upload of the features fails)',
    options: { graph: spiral.graph, dataset: broken(spiral.dataset, { features: new Float32Array(7) }) },
  },
  {
    what: 'labels that do not fill the Target (upload of the labels fails after the features)',
    options: { graph: slides.graph, dataset: broken(slides.dataset, { labels: new Float32Array(3) }) },
  },
  {
    what: 'a test split the data cannot give',
    options: {
      graph: slides.graph,
      dataset: broken(slides.dataset, {
        count: 1,
        features: slides.dataset.features.slice(0, 2),
        labels: slides.dataset.labels.slice(0, 1),
      }),
      overrides: { testSplit: 0.5 },
    },
  },
];

describe('a trainer that fails to build', () => {
  it.each(CASES)('leaves no tensor behind: $what', ({ options }) => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) expect(() => new Trainer(options)).toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('still builds and frees everything when nothing fails', () => {
    const before = tf.memory().numTensors;
    const trainer = new Trainer({
      graph: spiral.graph,
      dataset: spiral.dataset,
      overrides: { testSplit: 0.2 },
    });
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
