/**
 * `backprop-studio predict`: the model's outputs (inference mode: no dropout, batch-norm moving
 * averages) for examples given in a JSON or CSV file, with the graph's stored weights or its
 * initial ones for the seed. The outputs are what the losses read as predictions, the same
 * outputs the PyTorch and Keras exports return, so predictions can be compared across runtimes.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { startNodeBackend } from '../backend/node';
import { compile } from '../compile/program';
import { readPyGraph } from '../export/python-graph';
import { CliFailure } from './failure';
import type { Io } from './failure';
import { readCheckedGraph } from './graph';

/** Options of `predict`. */
export interface PredictOptions {
  /** A JSON file holding a list of examples, or a CSV file with one example per row (no header). */
  inputs: string;
  json?: boolean;
  backend?: string;
}

/** The examples of an inputs file as flat numbers, checked against the Input node's shape. */
export function readInputs(path: string, exampleSize: number): { values: number[]; count: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliFailure(`${path}: cannot read: ${err instanceof Error ? err.message : String(err)}`, 2);
  }
  let rows: unknown[];
  if (/\.json$/i.test(path)) {
    try {
      rows = JSON.parse(text) as unknown[];
    } catch (err) {
      throw new CliFailure(`${path}: not JSON: ${err instanceof Error ? err.message : String(err)}`, 2);
    }
    if (!Array.isArray(rows)) throw new CliFailure(`${path}: expected a list of examples`, 2);
  } else {
    rows = text
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((l) => l.split(/[,;\t]/).map((c) => Number(c.trim())));
  }
  const values: number[] = [];
  rows.forEach((row, i) => {
    const flat = [row].flat(Infinity) as unknown[];
    if (flat.length !== exampleSize || flat.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
      throw new CliFailure(
        `${path}: example ${i} must hold ${exampleSize} finite numbers (the Input node's shape), got ${JSON.stringify(row).slice(0, 80)}`,
        1,
      );
    values.push(...(flat as number[]));
  });
  if (!rows.length) throw new CliFailure(`${path}: no examples`, 1);
  return { values, count: rows.length };
}

/** Runs the model on the examples; resolves to the exit code. */
export async function predictCommand(path: string, opts: PredictOptions, io: Io): Promise<number> {
  const graph = readCheckedGraph(path, io.err);
  const py = readPyGraph(graph);
  if (!py.inputId) throw new CliFailure(`${path}: the graph has no Input node to feed`, 1);
  const size = py.inputShape.reduce((a, b) => a * b, 1);
  const { values, count } = readInputs(opts.inputs, size);
  await startNodeBackend(opts.backend);
  const program = compile(graph);
  try {
    const outputs = tf.tidy(() => {
      const feeds = { features: tf.tensor(values, [count, ...py.inputShape]), labels: {} };
      const computed = new Map<string, tf.Tensor>();
      for (const id of py.modelNodes) {
        const r = graph.nodes.get(id)!;
        const inputs: Record<string, tf.Tensor[]> = {};
        for (const [port, sources] of Object.entries(r.inputs))
          if (sources.length) inputs[port] = sources.map((s) => computed.get(s)!);
        computed.set(id, program.evalNode(id, inputs, feeds, { training: false, seed: 0 }));
      }
      return py.outputs.map((id) => computed.get(id)!.arraySync());
    });
    const result = Object.fromEntries(py.outputs.map((id, i) => [id, outputs[i]]));
    if (opts.json) io.out(JSON.stringify({ outputs: result }));
    else for (const [id, value] of Object.entries(result)) io.out(`${id}: ${JSON.stringify(value)}`);
    return 0;
  } finally {
    program.dispose();
  }
}
