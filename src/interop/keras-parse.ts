/**
 * Reads a Keras model config, in either spelling: Keras 3 (`config.json` of a `.keras` archive,
 * `model.to_json()`) or Keras 2 / TensorFlow.js (`modelTopology` of a `model.json`). Sequential
 * and functional models; subclassed models have no config to read. Never throws: bad input is
 * a list of problems naming the layer and its position in the file.
 */
import type { ImportProblem } from '../import/types';
import type { KerasLayer, KerasModel } from './keras-model';

/** A parsed model, with each layer's position in the file for messages. */
export interface ParsedModel {
  model: KerasModel;
  /** `layer 3 "conv2d_1" (Conv2D)` by layer name. */
  where: Map<string, string>;
  /** The compile settings as the file spells them, if any (`compile_config` or `training_config`). */
  compile?: Record<string, unknown>;
  /** A Sequential model (its weight groups follow the layer list, InputLayer left out). */
  sequential: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keras 2 inbound node `[name, nodeIndex, tensorIndex, kwargs]` or Keras 3 `keras_history`. */
type History = [string, number, number];

/** Every `keras_history` in a Keras 3 node's args, in order. */
function histories(value: unknown, out: History[]): History[] {
  if (Array.isArray(value)) value.forEach((v) => histories(v, out));
  else if (isObject(value)) {
    const config = value.config;
    if (value.class_name === '__keras_tensor__' && isObject(config) && Array.isArray(config.keras_history))
      out.push(config.keras_history as History);
    else Object.values(value).forEach((v) => histories(v, out));
  }
  return out;
}

/** The layers a layer is called on, from either spelling of `inbound_nodes`. */
function inbound(nodes: unknown): { from: History[]; calls: number } | string {
  if (nodes === undefined || nodes === null) return { from: [], calls: 0 };
  if (!Array.isArray(nodes)) return 'inbound_nodes is not a list';
  if (nodes.length === 0) return { from: [], calls: 0 };
  const first = nodes[0];
  // Keras 3: {args, kwargs}; Keras 2: a list of [name, node, tensor, kwargs].
  const from: History[] = isObject(first)
    ? histories(first.args, [])
    : Array.isArray(first)
      ? first.map((e) => (Array.isArray(e) ? ([e[0], e[1], e[2]] as History) : (['', 0, 0] as History)))
      : [];
  if (from.some((h) => typeof h[0] !== 'string' || !h[0])) return 'an inbound node names no layer';
  return { from, calls: nodes.length };
}

/** `[name, 0, 0]` or `[[name, 0, 0], …]` → names. */
function tensorNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  if (typeof value[0] === 'string') return [value[0]];
  return value.flatMap((v) => (Array.isArray(v) && typeof v[0] === 'string' ? [v[0]] : []));
}

/** A layer's config without the fields every layer has; an InputLayer's shape as `batch_shape`. */
function ownConfig(config: Json): Json {
  const { name: _n, trainable: _t, dtype: _d, ...rest } = config;
  if (rest.batch_shape === undefined && rest.batch_input_shape !== undefined)
    rest.batch_shape = rest.batch_input_shape;
  delete rest.batch_input_shape;
  return rest;
}

/** Unwraps `{model_config}` (Keras 2 converter output) and checks the class. */
function modelNode(json: unknown): Json | string {
  if (!isObject(json)) return 'the model config is not a JSON object';
  if (isObject(json.model_config)) return modelNode(json.model_config);
  if (typeof json.class_name !== 'string') return 'the model config has no class_name';
  return json;
}

/** Parses a Keras model config (either dialect). */
export function parseKerasModel(json: unknown, file: string): ParsedModel | { problems: ImportProblem[] } {
  const node = modelNode(json);
  const fail = (where: string, message: string) => ({ problems: [{ where, message }] });
  if (typeof node === 'string') return fail(file, node);
  const cls = node.class_name as string;
  const config = node.config;
  const sequential = cls === 'Sequential';
  if (!sequential && cls !== 'Functional' && cls !== 'Model')
    return fail(
      file,
      `a ${cls} model: we read Sequential and functional models (a subclassed model has no layer config to read)`,
    );
  const list: unknown = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(list)) return fail(file, 'the model config has no "layers" list');
  const name = isObject(config) && typeof config.name === 'string' ? config.name : 'model';
  const problems: ImportProblem[] = [];
  const layers: KerasLayer[] = [];
  const where = new Map<string, string>();
  list.forEach((entry, index) => {
    if (!isObject(entry) || typeof entry.class_name !== 'string' || !isObject(entry.config)) {
      problems.push({ where: `layer ${index}`, message: 'not a layer (needs class_name and config)' });
      return;
    }
    const layerName =
      typeof entry.name === 'string' ? entry.name : String(entry.config.name ?? `layer_${index}`);
    const at = `layer ${index} "${layerName}" (${entry.class_name})`;
    if (where.has(layerName)) {
      problems.push({ where: at, message: `another layer is also called "${layerName}"` });
      return;
    }
    where.set(layerName, at);
    const calls = sequential ? { from: [], calls: 0 } : inbound(entry.inbound_nodes);
    if (typeof calls === 'string') return problems.push({ where: at, message: calls });
    if (calls.calls > 1)
      return problems.push({
        where: at,
        message: `called ${calls.calls} times (a shared layer); we would need one node per call with tied weights`,
      });
    const bad = calls.from.find((h) => h[1] !== 0 || h[2] !== 0);
    if (bad)
      return problems.push({
        where: at,
        message: `takes output ${bad[2]} of call ${bad[1]} of "${bad[0]}"; we have one output per layer and one call each`,
      });
    layers.push({
      name: layerName,
      className: entry.class_name,
      config: ownConfig(entry.config),
      inbound: calls.from.map((h) => h[0]),
      weights: [],
    });
  });
  if (problems.length) return { problems };
  if (sequential) chainSequential(layers, isObject(config) ? config.build_input_shape : undefined, where);
  const inputs = sequential
    ? layers.filter((l) => l.className === 'InputLayer').map((l) => l.name)
    : tensorNames(isObject(config) ? config.input_layers : undefined);
  const outputs = sequential
    ? layers.slice(-1).map((l) => l.name)
    : tensorNames(isObject(config) ? config.output_layers : undefined);
  for (const l of layers)
    for (const from of l.inbound)
      if (!where.has(from))
        problems.push({
          where: where.get(l.name)!,
          message: `is called on "${from}", which is not a layer of the model`,
        });
  if (!inputs.length)
    problems.push({
      where: file,
      message: 'the model has no input layer (give the first layer an input shape)',
    });
  if (!outputs.length) problems.push({ where: file, message: 'the model names no output layer' });
  if (problems.length) return { problems };
  const compile = [node.compile_config, (json as Json).training_config].find(isObject);
  return { model: { name, layers, inputs, outputs }, where, sequential, ...(compile ? { compile } : {}) };
}

/**
 * Wires a Sequential model's layers in a chain, starting from its InputLayer; Keras 2 gives the
 * input shape to the first layer (`batch_input_shape`) instead, which becomes an InputLayer here.
 */
function chainSequential(layers: KerasLayer[], buildShape: unknown, where: Map<string, string>): void {
  const first = layers[0];
  if (first && first.className !== 'InputLayer') {
    const shape = first.config.batch_shape ?? buildShape;
    if (Array.isArray(shape)) {
      let name = 'input';
      while (where.has(name)) name += '_';
      where.set(name, `the input shape of layer 0 "${first.name}"`);
      layers.unshift({
        name,
        className: 'InputLayer',
        config: { batch_shape: shape },
        inbound: [],
        weights: [],
      });
      delete first.config.batch_shape;
    }
  }
  for (let i = 1; i < layers.length; i++) layers[i].inbound = [layers[i - 1].name];
}
