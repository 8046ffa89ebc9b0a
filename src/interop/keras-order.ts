/**
 * The order Keras 3 lists a functional model's layers in, and the weight-file group each layer's
 * variables go to. `.keras` weights are found by position, not by layer name: the n-th layer of a
 * class is `layers/<class_in_snake_case>_<n>` in the order of `model.layers`, which Keras derives
 * from the graph (deepest first, ties in the order a depth-first walk from the outputs meets
 * them). This mirrors keras/src/ops/function.py `map_graph` and saving_lib's container naming.
 */
import type { KerasLayer, KerasModel } from './keras-model';

/** Keras's `to_snake_case` of a class name (`BatchNormalization` → `batch_normalization`). */
export function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The model's layers in Keras's `model.layers` order (for one call per layer). */
export function kerasLayerOrder(model: KerasModel): KerasLayer[] {
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  const visitIndex = new Map<string, number>();
  const postOrder: string[] = [];
  const finished = new Set<string>();
  const visit = (name: string) => {
    if (finished.has(name)) return;
    if (!visitIndex.has(name)) visitIndex.set(name, visitIndex.size);
    for (const from of byName.get(name)!.inbound) visit(from);
    finished.add(name);
    postOrder.push(name);
  };
  model.outputs.forEach(visit);
  const depth = new Map<string, number>();
  for (const name of [...postOrder].reverse()) {
    const d = depth.get(name) ?? 0;
    depth.set(name, d);
    for (const from of byName.get(name)!.inbound) depth.set(from, Math.max(d + 1, depth.get(from) ?? 0));
  }
  return [...depth.keys()]
    .sort((a, b) => depth.get(b)! - depth.get(a)! || visitIndex.get(a)! - visitIndex.get(b)!)
    .map((n) => byName.get(n)!);
}

/** Weight-file group of every layer, by layer name, for layers in Keras's order. */
export function weightGroups(ordered: KerasLayer[]): Map<string, string> {
  const used = new Map<string, number>();
  const out = new Map<string, string>();
  for (const l of ordered) {
    const base = snakeCase(l.className);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    out.set(l.name, n === undefined ? `layers/${base}` : `layers/${base}_${n + 1}`);
  }
  return out;
}
