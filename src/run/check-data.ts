/** Whether a data set fits a graph's Input and Target nodes, as diagnostics on those nodes. */
import { shapeSize as product } from '../data/checks';
import type { Dataset } from '../data/dataset';
import { diagnostic } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';
import type { ShapedGraph } from '../shapes/infer';
import { targetPlans } from '../train/feeds';

/** A feature value in words: `−1`, `0.53`. */
const valueText = (v: number) => (Number.isInteger(v) ? String(v).replace('-', '−') : v.toPrecision(3));

/**
 * Ids a lookup node (an op declaring `idInput`, such as Embedding) reads straight from an Input:
 * every value must be a whole number 0 … count − 1, or the backend fails with an index error that
 * names neither the node nor the data. Checked here, so the message names both.
 */
function checkIds(graph: ShapedGraph, data: Dataset, fitting: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const width = product(data.featureShape);
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    const ids = r.spec.idInput;
    const source = ids ? r.inputs[ids.port]?.[0] : undefined;
    // Only an Input that fits the data is read here; one that does not is reported on its own.
    if (!ids || !source || !fitting.has(source)) continue;
    const count = r.params.int(ids.countParam);
    const bad = data.features.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= count);
    if (bad < 0) continue;
    const row = Math.floor(bad / width);
    const column = data.featureNames?.[bad % width];
    const where = column ? `column "${column}"` : `feature ${bad % width}`;
    const value = data.features[bad];
    const fix = Number.isInteger(value)
      ? value >= count
        ? `raise ${ids.countParam} to at least ${value + 1} or fix the data`
        : 'ids start at 0; fix the data'
      : 'ids must be whole numbers; do not normalize this column';
    out.push(
      diagnostic(
        'bad-param',
        `${r.spec.op} node "${id}" looks up ids 0 … ${count - 1} from Input "${source}", but data ${where} has ${valueText(value)} in example ${row + 1} of "${data.name}"; ${fix}`,
        { nodeId: id, field: ids.countParam },
      ),
    );
  }
  return out;
}

/**
 * Ids a loss looks up from its Target (an op declaring `labelIds`, such as negative sampling): every
 * label must be a whole number 0 … count − 1, or the backend fails with an index error that names
 * neither the node nor the data.
 */
function checkLabelIds(graph: ShapedGraph, data: Dataset): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const id of graph.order) {
    const r = graph.nodes.get(id)!;
    const ids = r.spec.labelIds;
    if (!ids || !r.inputs[ids.port]?.length) continue;
    const count = r.params.int(ids.countParam);
    const bad = data.labels.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= count);
    if (bad < 0) continue;
    const value = data.labels[bad];
    out.push(
      diagnostic(
        'bad-param',
        `${r.spec.op} node "${id}" looks up ids 0 … ${count - 1}, but "${data.name}" has label ${valueText(value)} in example ${bad + 1}; raise ${ids.countParam} to at least ${Math.floor(value) + 1} or fix the data`,
        { nodeId: id, field: ids.countParam },
      ),
    );
  }
  return out;
}

/** The node whose scores a loss compares with class indices from `target`, and how many it gives. */
function scoresFor(graph: ShapedGraph, target: string): { id: string; count: number } | null {
  for (const lossId of graph.nodes.get(target)!.consumers) {
    // A loss that scores no classes (negative sampling reads a word vector) has no scores to count.
    if (graph.nodes.get(lossId)!.spec.accuracy === 'none') continue;
    const id = graph.nodes.get(lossId)!.inputs.prediction?.[0];
    const shape = id ? graph.shapes.get(id) : undefined;
    const count = shape?.[shape.length - 1];
    if (id && typeof count === 'number') return { id, count };
  }
  return null;
}

/**
 * Checks that a data set fits the graph's Input and Target nodes: feature count, label width and
 * label encoding, and that ids read by a lookup node (Embedding) are in its range.
 *
 * @returns One diagnostic per node that does not fit, naming the param to change; empty when it fits.
 */
export function checkData(graph: ShapedGraph, data: Dataset): Diagnostic[] {
  const out: Diagnostic[] = [];
  const fitting = new Set<string>();
  const inputs = graph.order.filter((n) => graph.nodes.get(n)!.spec.role === 'input');
  for (const id of inputs) {
    const shape = graph.nodes.get(id)!.params.ints('shape');
    if (product(shape) === product(data.featureShape)) fitting.add(id);
    else
      out.push(
        diagnostic(
          'shape-mismatch',
          `Input node "${id}" has shape [${shape.join(',')}] but the data set "${data.name}" has ${product(data.featureShape)} features per example (shape [${data.featureShape.join(',')}]); set the Input shape to [${data.featureShape.join(',')}]`,
          { nodeId: id, field: 'shape' },
        ),
      );
  }
  for (const plan of targetPlans(graph)) {
    const where = { nodeId: plan.nodeId, field: 'encoding' };
    if (plan.encoding === 'value') {
      const width = data.task === 'classification' ? 1 : product(data.labelShape);
      if (product(plan.shape) !== width)
        out.push(
          diagnostic(
            'shape-mismatch',
            `Target node "${plan.nodeId}" expects ${product(plan.shape)} values per example but the data set gives ${width}${data.task === 'classification' ? ` (a class index; use encoding "onehot" with shape [${data.numClasses}] for ${data.numClasses} classes)` : ''}`,
            { nodeId: plan.nodeId, field: 'shape' },
          ),
        );
    } else if (data.task !== 'classification') {
      out.push(
        diagnostic(
          'bad-param',
          `Target node "${plan.nodeId}" uses encoding "${plan.encoding}" but the data set "${data.name}" has real-valued labels; use "value"`,
          where,
        ),
      );
    } else if (plan.encoding === 'onehot' && plan.shape.length === 1 && plan.shape[0] < 2) {
      // One value per example is no one-hot code (and the backend refuses a depth below 2).
      out.push(
        diagnostic(
          'shape-mismatch',
          `Target node "${plan.nodeId}" one-hot shape [${plan.shape.join(',')}] has room for one class only; a one-hot target needs at least 2 (set its shape to [${Math.max(2, data.numClasses ?? 2)}]), or use encoding "value" for a single class index`,
          { nodeId: plan.nodeId, field: 'shape' },
        ),
      );
    } else if (plan.encoding === 'index') {
      // A class index past the scores would one-hot to zeros and count nothing: a silent wrong loss.
      const scores = scoresFor(graph, plan.nodeId);
      if (scores && (data.numClasses ?? 0) > scores.count)
        out.push(
          diagnostic(
            'shape-mismatch',
            `node "${scores.id}" gives ${scores.count} scores per example, but Target node "${plan.nodeId}" gets class indices up to ${(data.numClasses ?? 0) - 1} from the data set "${data.name}" (${data.numClasses} classes); give node "${scores.id}" ${data.numClasses} outputs`,
            { nodeId: scores.id },
          ),
        );
    } else if (
      plan.encoding === 'onehot' &&
      (plan.shape.length !== 1 || plan.shape[0] < (data.numClasses ?? 0))
    ) {
      out.push(
        diagnostic(
          'shape-mismatch',
          `Target node "${plan.nodeId}" one-hot shape [${plan.shape.join(',')}] cannot hold ${data.numClasses} classes; set its shape to [${data.numClasses}]`,
          { nodeId: plan.nodeId, field: 'shape' },
        ),
      );
    }
  }
  out.push(...checkIds(graph, data, fitting), ...checkLabelIds(graph, data));
  return out;
}
