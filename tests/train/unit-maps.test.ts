/**
 * The hidden units' maps and the plane through more than two features, checked against a program
 * compiled separately from the exported weights and evaluated at the grid's cell centres: the maps
 * of xor-mlp's hidden layer, the predicted class of the drawn points, and the boundary of a
 * three-feature data set over a chosen slice (through the worker session's protocol).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tf } from '../helpers/tf';
import { compile } from '../../src/compile/program';
import { loadDataset } from '../../src/data/load';
import { checkGraph } from '../../src/graph/check';
import type { GraphDoc } from '../../src/graph/types';
import { computeBoundary, hiddenUnitNodes } from '../../src/train/boundary';
import { featureRange, gridPoints, planeRows, sampleFeatures } from '../../src/train/boundary-plane';
import { Trainer } from '../../src/train/trainer';
import { Recorder, graphDoc } from '../worker/recorder';

const sessions: Recorder[] = [];

afterEach(async () => {
  for (const r of sessions.splice(0)) await r.send({ type: 'dispose' });
});

/** Node `id`'s output for feature rows [n, width], through a program compiled from `weights` alone. */
function evaluate(
  doc: GraphDoc,
  weights: NonNullable<GraphDoc['weights']>,
  id: string,
  rows: Float32Array,
  width: number,
): number[][] {
  const { graph } = checkGraph({ ...doc, weights });
  const program = compile(graph!);
  const n = rows.length / width;
  const out = tf.tidy(() => {
    const feeds = { features: tf.tensor2d(rows, [n, width]), labels: { t: tf.zeros([n, 1]) } };
    return program.forward(feeds, { training: false, seed: 0 }).outputs.get(id)!;
  });
  const values = out.arraySync() as number[][];
  out.dispose();
  program.dispose();
  return values;
}

/** Rows `cells` of a [n, width] row block. */
function pick(rows: Float32Array, width: number, cells: number[]): Float32Array {
  const out = new Float32Array(cells.length * width);
  cells.forEach((c, k) => out.set(rows.subarray(c * width, (c + 1) * width), k * width));
  return out;
}

describe('hidden unit maps', () => {
  it('maps each unit of xor-mlp’s hidden layer over the plane as its own forward pass does', async () => {
    const doc = graphDoc('xor-mlp');
    const { graph } = checkGraph(doc);
    const dataset = loadDataset(doc.training.dataset, doc.training.seed);
    const trainer = new Trainer({ graph: graph!, dataset });
    try {
      for (let s = 0; s < 20; s++) trainer.stepFast().dispose();
      // Only the hidden layer lies between the Input and the prediction.
      const nodes = hiddenUnitNodes(trainer.program.graph, trainer.accuracy);
      expect(nodes).toEqual(['hidden']);
      const range = featureRange(dataset);
      const points = sampleFeatures(dataset);
      const before = tf.memory().numTensors;
      const grid = await computeBoundary(trainer.program, trainer.accuracy, {
        range,
        resolution: 16,
        step: trainer.steps,
        points,
        unitNodes: nodes,
        unitResolution: 24,
      });
      expect(tf.memory().numTensors).toBe(before);
      const maps = grid!.units!.maps;
      expect(grid!.units!.resolution).toBe(24);
      expect(maps.map((m) => [m.nodeId, m.unit, m.units, m.values.length])).toEqual(
        [0, 1, 2, 3].map((u) => ['hidden', u, 4, 576]),
      );
      // Not flat: tanh units of trained weights vary over the plane.
      for (const m of maps) expect(Math.max(...m.values) - Math.min(...m.values)).toBeGreaterThan(0.05);

      // Independently: the hidden node at a few cell centres of the 24 × 24 grid.
      const weights = await trainer.program.exportWeights();
      const cells = [0, 23, 100, 313, 552, 575];
      const centres = pick(gridPoints(range, 24), 2, cells);
      const hidden = evaluate(doc, weights, 'hidden', centres, 2);
      cells.forEach((c, k) => {
        for (const m of maps) expect(m.values[c]).toBeCloseTo(hidden[k][m.unit], 5);
      });

      // The points' predicted classes are the output thresholded at their own features.
      const output = evaluate(doc, weights, 'output', points, 2);
      expect(grid!.predicted).toHaveLength(points.length / 2);
      output.forEach(([y], k) => {
        if (Math.abs(y - 0.5) > 1e-4) expect(grid!.predicted![k]).toBe(y > 0.5 ? 1 : 0);
      });
    } finally {
      trainer.dispose();
    }
  });
});

describe('a plane through three features', () => {
  /** xor-mlp on a three-feature data set written into the file. */
  function threeFeatures(): GraphDoc {
    const doc = graphDoc('xor-mlp');
    const features: number[][] = [];
    const labels: number[][] = [];
    for (let i = 0; i < 24; i++) {
      const row = [Math.sin(i), (i % 5) - 2, Math.cos(3 * i) * 4];
      features.push(row);
      labels.push([row[0] * row[2] > 0 ? 1 : 0]);
    }
    return {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'x' ? { ...n, params: { ...n.params, shape: [3] } } : n)),
      training: { ...doc.training, dataset: { kind: 'inline', features, labels } },
    };
  }

  it('starts at features 0 and 1 with the others at their mean, and follows the plane chosen', async () => {
    const r = new Recorder();
    sessions.push(r);
    const doc = threeFeatures();
    await r.send({ type: 'configure', rates: { boundaryResolution: 12 } });
    await r.send({ type: 'load', doc });
    expect(r.of('invalid')).toEqual([]);
    const summary = r.last('loaded')!.dataset;
    const dataset = loadDataset(doc.training.dataset, doc.training.seed);
    const mean = [0, 1, 2].map((j) => {
      let s = 0;
      for (let i = 0; i < dataset.count; i++) s += dataset.features[3 * i + j];
      return s / dataset.count;
    });
    summary.slice!.mean.forEach((m, j) => expect(m).toBeCloseTo(mean[j], 5));
    expect(summary.points!.features).toHaveLength(3 * 24);
    const first = r.last('boundary')!.grid;
    expect(first.plane).toMatchObject({ x: 0, y: 1 });
    expect(first.range).toEqual(featureRange(dataset, 0, 1));
    // The hidden layer's maps come with the slice too.
    expect(first.units!.maps).toHaveLength(4);

    await r.send({ type: 'step' });
    const plane = { x: 2, y: 0, fixed: [9, 0.3, 9] };
    await r.send({ type: 'boundaryPlane', plane });
    expect(r.of('error')).toEqual([]);
    const grid = r.last('boundary')!.grid;
    expect(grid.plane).toEqual(plane);
    expect(grid.range).toEqual(featureRange(dataset, 2, 0));
    expect(grid.classes).toHaveLength(144);

    // Every cell: the program at (x₂, x₀) = the cell centre and x₁ fixed at 0.3.
    const rows = planeRows(grid.range, 12, plane);
    const xy = gridPoints(grid.range, 12);
    expect([rows[0], rows[1], rows[2]]).toEqual([xy[1], Math.fround(0.3), xy[0]]);
    const output = evaluate(doc, await r.weights(), 'output', rows, 3);
    output.forEach(([y], k) => {
      if (Math.abs(y - 0.5) > 1e-4) expect(grid.classes[k], `cell ${k}`).toBe(y > 0.5 ? 1 : 0);
      expect(grid.confidence[k]).toBeCloseTo(Math.max(y, 1 - y), 5);
    });
    // The maps follow the plane as well.
    const hidden = evaluate(doc, await r.weights(), 'hidden', planeRows(grid.range, 24, plane), 3);
    for (const m of grid.units!.maps) hidden.forEach((h, k) => expect(m.values[k]).toBeCloseTo(h[m.unit], 5));
  });

  it('refuses planes that do not fit the data, and planes for two-feature data', async () => {
    const r = new Recorder();
    sessions.push(r);
    await r.send({ type: 'load', doc: threeFeatures() });
    for (const plane of [
      { x: 1, y: 1, fixed: [0, 0, 0] },
      { x: 0, y: 3, fixed: [0, 0, 0] },
      { x: 0, y: 1, fixed: [0, 0] },
      { x: 0, y: 1, fixed: [0, Number.NaN, 0] },
    ]) {
      r.clear();
      await r.send({ type: 'boundaryPlane', plane });
      expect(r.of('error'), JSON.stringify(plane)).toHaveLength(1);
      expect(r.of('boundary')).toEqual([]);
    }
    await r.send({ type: 'load', doc: graphDoc('xor-mlp') });
    r.clear();
    await r.send({ type: 'boundaryPlane', plane: { x: 0, y: 1, fixed: [0, 0] } });
    expect(r.last('error')!.message).toMatch(/no plane to choose/);
  });
});
