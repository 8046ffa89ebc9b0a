/** Whether a data set fits a graph's Input and Target nodes, as diagnostics on those nodes. */
import { shapeSize as product } from '../data/checks';
import type { Dataset } from '../data/dataset';
import { diagnostic } from '../graph/diagnostics';
import type { Diagnostic } from '../graph/diagnostics';
import type { ShapedGraph } from '../shapes/infer';
import { targetPlans } from '../train/feeds';

/**
 * Checks that a data set fits the graph's Input and Target nodes: feature count, label width and
 * label encoding.
 *
 * @returns One diagnostic per node that does not fit, naming the param to change; empty when it fits.
 */
export function checkData(graph: ShapedGraph, data: Dataset): Diagnostic[] {
  const out: Diagnostic[] = [];
  const inputs = graph.order.filter((n) => graph.nodes.get(n)!.spec.role === 'input');
  for (const id of inputs) {
    const shape = graph.nodes.get(id)!.params.ints('shape');
    if (product(shape) !== product(data.featureShape))
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
  return out;
}
